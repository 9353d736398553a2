"""Model stage: 依申请公开 — the application form every office offers (政府信息公开条例 第二十九条).

One list of fields serves the web page (``xxgk/ysqgk/``) and the printable PDF beside it.
"""

from __future__ import annotations

APPLICATION_PAGE = "xxgk/ysqgk/"
APPLICATION_PDF = f"{APPLICATION_PAGE}shenqingbiao.pdf"

APPLICATION_FORM: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("公民", ("姓名", "证件名称及号码", "工作单位")),
    ("法人或其他组织", ("名称", "统一社会信用代码", "法定代表人或负责人", "联系人")),
    ("联系方式", ("联系电话", "通信地址及邮政编码", "电子邮箱")),
    ("所需信息", ("信息的名称、文号或便于查询的特征描述", "用途（选填）")),
    ("获取方式", ("信息形式（纸质、电子文件、当场阅读）", "获取途径（邮寄、电子邮件、自行领取）")),
    ("签署", ("申请人签名或盖章", "申请日期")),
)
"""Groups of fields, as 条例 第二十九条 asks: who applies and how to reach them, what, in which form."""

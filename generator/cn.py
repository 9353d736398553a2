"""Chinese numerals and dates as official documents and notices write them."""

from __future__ import annotations

import datetime as dt
import os

CHINA = dt.timezone(dt.timedelta(hours=8))
"""Beijing time: the date of a build, of a publication, of an item in a feed."""


def today_from_environment() -> dt.date:
    """The as-of date: the date of ``SOURCE_DATE_EPOCH`` (Beijing time) if set, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), CHINA).date()
    return dt.datetime.now(CHINA).date()


CN_DIGITS = "〇一二三四五六七八九"
WEEKDAYS = "一二三四五六日"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十, 105 → 一百零五, 110 → 一百一十 (section numbers, places, runs of months).

    From 1000 on the digits are kept (1000), as offices write large numbers.
    """
    if n >= 1000:
        return str(n)
    if n >= 100:
        hundreds, rest = divmod(n, 100)
        if rest == 0:
            return f"{CN_DIGITS[hundreds]}百"
        tail = "零" + CN_DIGITS[rest] if rest < 10 else ("一" if rest < 20 else "") + cn_number(rest)
        return f"{CN_DIGITS[hundreds]}百{tail}"
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (CN_DIGITS[tens] if tens > 1 else "") + "十" + (CN_DIGITS[ones] if ones else "")


def cn_date(day: dt.date) -> str:
    """2024-09-18 → 2024年9月18日."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month_day(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def cn_weekday(day: dt.date) -> str:
    return "星期" + WEEKDAYS[day.weekday()]

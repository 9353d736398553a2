"""Render stage: the files editors put in content/assets/, published by policy, not by copy.

A file is published by what its bytes are, not by its name: images (PNG, JPEG, GIF, WebP)
are decoded and written again without their metadata (EXIF with its GPS position and
camera owner, text chunks, comments), in the orientation they are shown in; an SVG
drawing only without scripts, event handlers, foreign content or references to other
sites; a PDF only without scripts, actions that launch or open, or embedded files, and
only as saved once (not by appending to an earlier version); an office document only
without macros; plain text in UTF-8 as it is. Anything else (a web page, a
script, a program, an unknown kind) is refused with a located message, and so is a file
whose suffix says one thing while its bytes are another.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from generator import codes
from generator.codes import Code
from generator.content.documents import Asset
from generator.problems import Problem

FOLDER = "content/assets/"
IMAGES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF87a": "GIF", b"GIF89a": "GIF"}
TEXT_SUFFIXES = (".txt", ".csv", ".md")
OFFICE_SUFFIXES = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp")
ACTIVE_SVG = re.compile(
    r"<\s*(?:script|foreignObject|iframe|embed|object|handler|listener)\b"
    r"|\son[a-z]+\s*="
    r"|(?:java|vb)script\s*:"
    r"|\b(?:href|xlink:href|src)\s*=\s*[\"']?\s*(?:[a-z][a-z0-9+.-]*:|//)(?!www\.w3\.org)"
    r"|@import|url\(\s*[\"']?\s*(?:[a-z][a-z0-9+.-]*:|//)"
    r"|<!ENTITY"
    r"|attributeName\s*=\s*[\"']?\s*(?:on|href|xlink:href)",  # <set>/<animate> turning an attribute into code
    re.IGNORECASE,
)
"""What makes an SVG more than a drawing: code, foreign content, or something fetched from elsewhere."""
ACTIVE_PDF_KEYS = (
    *("/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/EF", "/FileAttachment", "/RichMedia"),
    "/SubmitForm",
)


def published_assets(assets: Mapping[str, Asset]) -> tuple[dict[str, bytes], list[Problem]]:
    """``assets/NAME`` → the bytes to publish, for every asset the policy allows; a problem for each it refuses."""
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for name, asset in sorted(assets.items()):
        data = Path(asset.path).read_bytes()
        try:
            published, refusal = _policy(name, data)
        except Exception:  # a damaged file: Pillow, pypdf and zipfile raise many kinds
            published, refusal = None, (codes.UNREADABLE_OUTPUT, DAMAGED)
        if refusal is not None:
            problems.append(Problem(path=FOLDER + name, code=refusal[0], message=refusal[1]))
        elif published is not None:
            files["assets/" + name] = published
    return files, problems


DAMAGED = "无法读取这个文件的内容（可能已损坏），也就无法检查其中有没有个人信息或脚本。请重新导出后再放入。"


def image_kind(data: bytes) -> str | None:
    """PNG, JPEG, GIF or WEBP by the file's first bytes (Pillow's format name), else None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return next((kind for magic, kind in IMAGES.items() if data.startswith(magic)), None)


def _policy(name: str, data: bytes) -> tuple[bytes | None, tuple[Code, str] | None]:
    """(bytes to publish, None) or (None, the code and the reason it is refused)."""
    suffix = Path(name).suffix.lower()
    image = image_kind(data)
    if image:
        return _clean_image(data, image), None
    if data.startswith(b"%PDF-"):
        if _earlier_versions(data):
            return None, (
                codes.ASSET_ACTIVE,
                f"PDF 文件保留了修改前的版本（增量保存），删去或遮盖的内容仍在文件中。{PLAIN_PDF}",
            )
        active = _pdf_active(data)
        if active:
            return None, (
                codes.ASSET_ACTIVE,
                f"PDF 文件中有{active}，可能在读者电脑上执行或隐藏内容，不能发布。{PLAIN_PDF}",
            )
        return data, None
    if data.startswith(b"PK\x03\x04") and suffix in OFFICE_SUFFIXES:
        with zipfile.ZipFile(io.BytesIO(data)) as document:
            names = [n.lower() for n in document.namelist()]
        if any("vbaproject" in n or n.endswith((".bin", ".exe", ".js", ".vbs")) or "embeddings/" in n for n in names):
            return None, (codes.ASSET_ACTIVE, MACROS)
        return data, None
    text = _text(data)
    if text is not None and (suffix == ".svg" or "<svg" in text[:2000].lower()):
        return (None, (codes.ASSET_ACTIVE, ACTIVE_DRAWING)) if ACTIVE_SVG.search(text) else (data, None)
    if text is not None and suffix in TEXT_SUFFIXES and not text.lstrip().startswith("<"):
        return data, None
    if text is None and suffix in TEXT_SUFFIXES:  # GBK or UTF-16 from Excel or Notepad: its text could not be checked
        return None, (codes.ASSET_TYPE, NOT_UTF8)
    kind = {".html": "网页", ".htm": "网页", ".xhtml": "网页", ".js": "脚本", ".mjs": "脚本", ".css": "样式表"}
    return None, (codes.ASSET_TYPE, f"{kind.get(suffix, '这种类型的文件')}{NOT_ALLOWED}")


PLAIN_PDF = "请重新导出为普通 PDF（不含脚本、附件）。"
NOT_UTF8 = "文本文件不是 UTF-8 编码（可能是 Excel 或记事本保存的 GBK、UTF-16 编码），无法检查其中有没有个人信息，不能发布。请另存为“UTF-8”编码后再放入。"
MACROS = "文档中含有宏或嵌入的程序、文件，不能发布。请另存为不含宏的文档（.docx/.xlsx），或转成 PDF。"
ACTIVE_DRAWING = (
    "SVG 图片中有脚本、事件处理、外部内容或引用其他网站的链接，读者打开时可能被执行。请删去这些内容，或改用 PNG 图片。"
)
NOT_ALLOWED = "不能作为附件发布（允许的类型：图片 PNG/JPEG/GIF/WebP、SVG 图形、PDF、Office 文档、纯文本）。请转成 PDF 或图片后再放入。"


def _text(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def _clean_image(data: bytes, kind: str) -> bytes:
    """The image as shown (EXIF orientation applied), written again with no metadata: no EXIF, text, comment or profile.

    Pillow writes what ``info`` holds (comments, ICC profiles) or what is passed to it:
    every frame's ``info`` is emptied but for what drawing needs (transparency, timing).
    """
    from PIL import Image, ImageOps, ImageSequence

    keep = ("transparency", "duration", "loop", "disposal", "background")
    with Image.open(io.BytesIO(data)) as image:
        frames = []
        for frame in ImageSequence.Iterator(image):
            shown = ImageOps.exif_transpose(frame) if kind in ("JPEG", "WEBP") else frame.copy()
            shown.info = {key: value for key, value in frame.info.items() if key in keep}
            frames.append(shown)
        out = io.BytesIO()
        options: dict[str, object] = {"quality": 92} if kind == "JPEG" else {"lossless": True} if kind == "WEBP" else {}
        if len(frames) > 1:
            options |= {"save_all": True, "append_images": frames[1:]}
            options |= {str(key): value for key, value in frames[0].info.items()}
        frames[0].save(out, kind, **options)
        return out.getvalue()


def _earlier_versions(data: bytes) -> bool:
    """Whether a PDF was saved by appending (an incremental update): each save ends in %%EOF, and the versions before
    the last keep whatever the last one deleted or covered (a redaction drawn over, a page's text replaced). A
    linearised PDF ends its first page's part with one more %%EOF."""
    ends = len(re.findall(rb"%%EOF", data))
    return ends > (2 if b"/Linearized" in data[:4096] else 1)


def _pdf_active(data: bytes) -> str | None:
    """What in a PDF could run or hide something: scripts, launch actions, embedded files, forms that submit."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    found = set(_pdf_keys(reader.trailer["/Root"], set(), 0))
    labels = {
        "/JavaScript": "脚本",
        "/JS": "脚本",
        "/Launch": "启动程序的动作",
        "/EmbeddedFile": "嵌入的附件",
        "/EmbeddedFiles": "嵌入的附件",
        "/EF": "嵌入的附件",
        "/FileAttachment": "嵌入的附件",
        "/RichMedia": "多媒体内容",
        "/SubmitForm": "提交表单的动作",
    }
    return "、".join(dict.fromkeys(labels[k] for k in ACTIVE_PDF_KEYS if k in found)) or None


def _pdf_keys(node: object, seen: set[int], depth: int) -> Iterator[str]:
    """Every dictionary key and name value reachable from ``node`` (each object once)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    if depth > 60:
        return
    if isinstance(node, IndirectObject):
        if node.idnum in seen:
            return
        seen.add(node.idnum)
        node = node.get_object()
    if isinstance(node, DictionaryObject):
        for key, value in node.items():
            yield str(key)
            if isinstance(value, NameObject):
                yield str(value)
            if key not in ("/Parent", "/P"):
                yield from _pdf_keys(value, seen, depth + 1)
    elif isinstance(node, ArrayObject):
        for value in node:
            yield from _pdf_keys(value, seen, depth + 1)

"""Write stage guard: no private person's data leaves the build (disclosure.md §4.3).

Every text file of the finished tree is scanned before it is published: a
resident ID number (身份证号, checksum verified) anywhere, or a mobile number that
is not one of the office's declared public contact numbers, stops the build.
The previous site stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .problems import Problem
from .site import Site

TEXT_SUFFIXES = {".html", ".csv", ".ics", ".json", ".xml", ".txt", ".md", ".js", ".svg"}
ID_NUMBER = re.compile(
    r"(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9])"
)
MOBILE = re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])")
ENCODED = re.compile(r"[0-9A-Za-z+/=_-]{32,}")
"""A run this long of letters and digits is a digest or base64 data, not text a person wrote."""


def _encoded_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in ENCODED.finditer(text)]


def _inside(span: tuple[int, int], runs: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in runs)


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def is_id_number(text: str) -> bool:
    """True for an 18-character resident ID number whose check character is right (GB 11643)."""
    total = sum(int(d) * w for d, w in zip(text[:17], _WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == text[17].upper()


def public_numbers(site: Site) -> set[str]:
    """Phone numbers the office publishes on purpose: its contact, its places, the contacts of its plans."""
    texts = [site.settings.contact.phone, *(p.phone or "" for p in site.places.values())]
    for item in site.by_kind("campaign"):
        contact = item.document.model.contact
        texts += [contact.phone] if contact else []
    return {number for text in texts for number in re.findall(r"\d{7,}", text.replace("-", ""))}


def _mask(number: str) -> str:
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def scan_text(rel: str, text: str, allowed: set[str]) -> Iterator[Problem]:
    encoded: list[tuple[int, int]] | None = None  # found only when a number is (most texts have none)

    def _coded(span: tuple[int, int]) -> bool:
        nonlocal encoded
        if encoded is None:
            encoded = _encoded_spans(text)
        return _inside(span, encoded)

    for match in ID_NUMBER.finditer(text):
        if is_id_number(match.group()) and not _coded(match.span()):
            message = f"输出文件中有身份证号码 {_mask(match.group())}。个人信息不得公开：请从内容中删除后再构建。"
            yield Problem(rel, None, None, "private-data", message)
    for match in MOBILE.finditer(text):
        if match.group() not in allowed and not _coded(match.span()):
            message = f"输出文件中有手机号码 {_mask(match.group())}，它不是登记的公开联系电话。请删除；如确为单位公开电话，请写入 site.yaml、places.yaml 或方案的联系人电话。"
            yield Problem(rel, None, None, "private-data", message)


def guard_tree(tree: Path, site: Site, skip: Iterable[str] = ()) -> list[Problem]:
    """Problems for every file under ``tree`` that carries data that must not be published."""
    allowed = public_numbers(site)
    skipped = set(skip)
    problems: list[Problem] = []
    for path in sorted(tree.rglob("*")):
        rel = path.relative_to(tree).as_posix()
        if not path.is_file() or rel in skipped:
            continue
        if path.suffix.lower() in TEXT_SUFFIXES:
            problems += scan_text(rel, path.read_text(encoding="utf-8", errors="replace"), allowed)
    return problems

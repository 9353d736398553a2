"""Write stage guard: no private person's data leaves the build (disclosure.md §4.3).

Every file of the finished tree is scanned before it is published (text files as
they are, PDFs by their text, workbooks by their cells): a resident ID number
(身份证号: 18 digits with the check digit, or the old 15), a bank card number (Luhn),
a mobile number or an e-mail address that is not one of the office's declared public
contacts, or a field of the 来访登记 register followed by a value, stops the build.
The previous site stays as it was.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from stdnum import luhn
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from generator import codes
from generator.content.models.site import Release, SiteSettings
from generator.problems import Problem
from generator.site.model import Site
from generator.source.workbook import unpacks_too_large
from generator.web.search import pdf_text

SETTINGS = "content/site.yaml"
TEXT_SUFFIXES = {".html", ".csv", ".ics", ".json", ".xml", ".txt", ".md", ".js", ".svg"}
CODE_SUFFIXES = (".js", ".css")
"""Scripts carry no content: only number patterns are looked for in them."""
ID_NUMBER = re.compile(
    r"(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9])"
)
MOBILE = re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])")
OLD_ID_NUMBER = re.compile(r"(?<![0-9])[1-8]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9Xx])")
"""The 15-digit resident ID of before 1999: area, YYMMDD, sequence; it has no check digit."""
NUMBER_RUN = re.compile(r"(?<![0-9])(?:\d{17}[Xx]|\d{11,19})(?![0-9Xx])")
"""A run of 11 to 19 digits (or 17 and an X), standing alone: a candidate for each kind of number below."""
CARD = re.compile(r"(?<![0-9])[3-6]\d{15,18}(?![0-9])")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
REGISTER_LABEL = re.compile(
    r"(来访人姓名|来访人|信访人姓名|信访人|身份证号码|身份证号|家庭住址|现住址|住址|联系电话|手机号码|手机号)[ \t]*[：:][ \t]*([^\s<，。；,;]{2,})"
)
"""A field of the 来访登记 register followed by a value (a blank form's column header has none)."""
_ENCODED_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/=_-")
"""A run of 32 or more of these around a number is a digest or base64 data, not text a person wrote."""
LABEL_WORDS = ("来访人", "信访人", "身份证", "住址", "联系电话", "手机号")
"""Every REGISTER_LABEL starts with one of these: texts with none are not searched for labels."""


def _coded(text: str, start: int, end: int) -> bool:
    """True when text[start:end] lies in a run of 32 or more letters, digits and base64 signs (a digest)."""
    while start > 0 and text[start - 1] in _ENCODED_CHARS:
        start -= 1
    while end < len(text) and text[end] in _ENCODED_CHARS:
        end += 1
    return end - start >= 32


def is_id_number(text: str) -> bool:
    """True for an 18-character resident ID number (GB 11643) with a right check character and a real birth date.

    python-stdnum's ``cn.ric`` does the arithmetic. Its area list is not consulted: it lags
    behind the areas in use, and a real number with a new area code must still be caught.
    """
    number = text.upper()
    try:
        ric.get_birth_date(number)
    except ValidationError:
        return False
    return ric.calc_check_digit(number) == number[17]


def public_numbers(site: Site) -> set[str]:
    """Phone numbers the office publishes on purpose: its contact, its places, the contacts of its plans."""
    texts = [site.settings.contact.phone, *(p.phone or "" for p in site.places.values())]
    for item in site.by_kind("campaign"):
        contact = item.document.model.contact
        texts += [contact.phone] if contact else []
    numbers = {number for text in texts for number in re.findall(r"\d{7,}", text.replace("-", ""))}
    emails = {site.settings.contact.email.lower()} if site.settings.contact.email else set()
    return numbers | emails


def _mask(number: str) -> str:
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def scan_text(rel: str, text: str, allowed: set[str]) -> Iterator[Problem]:
    """Problems for the personal data in one output file's text."""
    return (problem for problem, _ in findings(rel, text, allowed))


DENYLIST_VARIABLE = "GONGKAI_DENYLIST"


def load_denylist(root: Path, settings: SiteSettings) -> tuple[re.Pattern[str] | None, list[Problem]]:
    """The private name list (``GONGKAI_DENYLIST`` or ``guard.denylist``) as one pattern.

    The list names people whose names must never be published (petitioners, for
    instance). It is kept outside content/ and out of the public repository.
    """
    where = os.environ.get(DENYLIST_VARIABLE) or settings.guard.denylist
    if not where:
        return None, []
    path = (root / where).resolve()
    shown = where if os.environ.get(DENYLIST_VARIABLE) else "content/site.yaml"
    if path.is_relative_to((root / "content").resolve()):
        message = f"姓名名单 {where} 放在了 content/ 目录里，可能被公开。请把它移到 content/ 之外（例如 private/names.txt），不要提交到公开仓库。"
        return None, [Problem(path=shown, code=codes.DENYLIST_IN_CONTENT, message=message)]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        message = f"读不到姓名名单 {path}：请检查路径，文件要用 UTF-8 编码，每行一个姓名。"
        return None, [Problem(path=shown, code=codes.DENYLIST_MISSING, message=message)]
    names: list[str] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        name = line.split("#", 1)[0].strip()
        if not name:
            continue
        if len(name) < 2:
            message = f"名单第 {number} 行“{name}”太短：一个字会在任何文字中出现。请写完整的姓名。"
            problems.append(Problem(path=where, line=number, column=1, code=codes.DENYLIST_ENTRY, message=message))
            continue
        names.append(name)
    if problems or not names:
        return None, problems
    return re.compile("|".join(re.escape(n) for n in sorted(set(names), key=lambda n: (-len(n), n)))), []


def _mask_name(name: str) -> str:
    return name[0] + "*" * (len(name) - 2) + name[-1] if len(name) > 2 else name[0] + "*"


def findings(
    rel: str, text: str, allowed: set[str], names: re.Pattern[str] | None = None
) -> Iterator[tuple[Problem, str]]:
    """Each problem with the value found (to look it up in the sources)."""
    for match in NUMBER_RUN.finditer(text):  # one pass over the text; each run is then told apart
        number = match.group()
        if _coded(text, *match.span()):
            continue
        if ID_NUMBER.fullmatch(number) and is_id_number(number):
            message = f"输出文件中有身份证号码 {_mask(number)}。个人信息不得公开：请从内容中删除后再构建。"
        elif number in allowed:
            continue
        elif MOBILE.fullmatch(number):
            message = f"输出文件中有手机号码 {_mask(number)}，它不是登记的公开联系电话。请删除；如确为单位公开电话，请写入 site.yaml、places.yaml 或方案的联系人电话。"
        elif OLD_ID_NUMBER.fullmatch(number):
            message = f"输出文件中有疑似15位身份证号码 {_mask(number)}。个人信息不得公开：请从内容中删除后再构建。"
        elif CARD.fullmatch(number) and luhn.is_valid(number):  # ISO/IEC 7812 check digit
            message = f"输出文件中有疑似银行卡号 {_mask(number)}。个人信息不得公开：请从内容中删除后再构建。"
        else:
            continue
        yield Problem(path=rel, code=codes.PRIVATE_DATA, message=message), number
    if not rel.endswith(CODE_SUFFIXES):
        for match in names.finditer(text) if names else ():
            message = f"输出文件中有不得公开名单中的姓名“{_mask_name(match.group())}”。请从内容中删除；如确需公开，请在 site.yaml 的 guard.releases 中登记审核人、日期和理由。"
            yield Problem(path=rel, code=codes.PRIVATE_DATA, message=message), match.group()
        for match in EMAIL.finditer(text) if "@" in text else ():
            local = match.group().split("@")[0]
            if match.group().lower() in allowed or re.fullmatch(r"[0-9a-f]{16,}", local):  # calendar UIDs
                continue
            message = f"输出文件中有电子邮箱 {match.group()[:2]}***@{match.group().split('@')[1]}，它不是登记的公开邮箱。请删除；单位公开邮箱请写入 site.yaml 的 contact.email。"
            yield Problem(path=rel, code=codes.PRIVATE_DATA, message=message), match.group()
        for match in REGISTER_LABEL.finditer(text) if any(w in text for w in LABEL_WORDS) else ():
            value = match.group(2)
            if any(number in value.replace("-", "") for number in allowed):
                continue
            message = f"输出文件中有登记表字段“{match.group(1)}”及其内容。信访人的登记信息不得公开：请删除这部分内容。"
            # the value's end differs from output to output (markup, quotes): look up the field and its start
            yield (
                Problem(path=rel, code=codes.PRIVATE_DATA, message=message),
                text[match.start() : match.start(2) + 2],
            )


class SourceIndex:
    """The editors' files as text, to say where a leaked value came from (file, line, column).

    ``quoted`` texts are blanked out of site.yaml first: the guard's releases quote the
    values they release, and a quotation is not a source.
    """

    def __init__(self, root: Path | None, quoted: Iterable[str] = ()) -> None:
        self.texts: dict[str, str] = {}
        for folder in ("content", "data") if root else ():
            assert root is not None
            for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else []:
                if path.is_file() and path.suffix.lower() in (".md", ".yaml", ".yml", ".csv"):
                    self.texts[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8", errors="replace")
        for text in quoted:
            if SETTINGS in self.texts:
                self.texts[SETTINGS] = self.texts[SETTINGS].replace(text, " " * len(text))

    def locate(self, value: str) -> list[tuple[str, int]]:
        """Every place ``value`` was written: file and character offset."""
        return [(rel, at) for rel, text in self.texts.items() for at in _occurrences(text, value)] if value else []

    def released(self, place: tuple[str, int], length: int, release: Release) -> bool:
        """True when the ``length`` characters at ``place`` lie inside the release's text, written in its file."""
        rel, at = place
        if rel != release.file:
            return False
        return any(
            start <= at and at + length <= start + len(release.text)
            for start in _occurrences(self.texts[rel], release.text)
        )

    def at_source(self, problem: Problem, place: tuple[str, int]) -> Problem:
        """The problem located where the value was written (line, column), naming the output it reached."""
        rel, at = place
        text = self.texts[rel]
        line, column = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
        return Problem(
            path=rel,
            line=line,
            column=column,
            code=problem.code,
            message=f"{problem.message}（见输出文件 {problem.path}）",
        )


def _occurrences(text: str, value: str) -> Iterator[int]:
    at = text.find(value)
    while at >= 0:
        yield at
        at = text.find(value, at + len(value))


class Guard:
    """The guard over one finished tree: fed each file's bytes once, then asked for its problems."""

    def __init__(self, site: Site, names: re.Pattern[str] | None = None) -> None:
        self.site, self.names = site, names
        self.allowed = public_numbers(site)
        self.found: list[tuple[Problem, str]] = []

    def add(self, rel: str, data: bytes) -> None:
        """Scan one output file (text as it is, a PDF by its text, a workbook by its cells)."""
        suffix = rel[rel.rfind(".") :].lower() if "." in rel.rsplit("/", 1)[-1] else ""
        if suffix in TEXT_SUFFIXES:
            text = data.decode("utf-8", errors="replace")
        elif suffix in (".pdf", ".xlsx"):
            try:
                text = pdf_text(data) if suffix == ".pdf" else _xlsx_text(data)
            except Exception:  # a damaged file from content/assets/: pypdf and zipfile raise many kinds
                self.found.append((_unreadable(rel), ""))
                return
        else:
            return
        self.found += findings(rel, text, self.allowed, self.names)

    def problems(self, root: Path | None = None) -> list[Problem]:
        """Every hit; with ``root``, located at each source place it was written, once per place.

        The reviewed releases of site.yaml let one text in one file through; an unused
        release is a warning.
        """
        if root is None:
            return [problem for problem, _ in self.found]
        releases = self.site.settings.guard.releases
        sources, located = SourceIndex(root, (r.text for r in releases)), []
        seen: set[tuple[str, object]] = set()
        used: set[int] = set()
        for problem, value in self.found:
            places = sources.locate(value)
            if not places and (problem.path, problem.message) not in seen:  # not typed anywhere: the output says
                seen.add((problem.path, problem.message))
                located.append(problem)
            for place in places:
                if place in seen:
                    continue
                seen.add(place)
                match = [i for i, r in enumerate(releases) if sources.released(place, len(value), r)]
                if match:
                    used.add(match[0])
                else:
                    located.append(sources.at_source(problem, place))
        written = (root / SETTINGS).read_text(encoding="utf-8") if len(used) < len(releases) else ""
        for index, release in enumerate(releases):
            if index not in used:
                at = written.find(release.text)
                line = written.count("\n", 0, at) + 1 if at >= 0 else None
                message = f"放行条目“{release.text}”（{release.file}）没有拦下任何内容：内容已改，请删除这条放行。"
                located.append(
                    Problem(path=SETTINGS, line=line, column=None, code=codes.RELEASE_UNUSED, message=message)
                )
        return located


def _unreadable(rel: str) -> Problem:
    source = "content/" + rel if rel.startswith("assets/") else rel
    message = f"无法读取 {rel} 的内容，也就无法检查其中有没有个人信息：文件可能已损坏。请重新导出后再放入。"
    return Problem(path=source, code=codes.UNREADABLE_OUTPUT, message=message)


def _xlsx_text(data: bytes) -> str:
    """The XML of a workbook's parts, where its cells' text is (a workbook that unpacks to too much is refused)."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        if unpacks_too_large(book):
            raise ValueError("unpacks to more than the limit")
        return "\n".join(
            book.read(name).decode("utf-8", "replace") for name in book.namelist() if name.endswith(".xml")
        )

"""Load stage: the source tree (content/ and data/) → Sources with line/column marks.

This is the only module that reads the source tree.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import json
import os
import pickle
import posixpath
import re
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator import codes
from generator.cache import (
    FileSums,
    code_digest,
    entry_is_file,
    entry_is_link,
    entry_stat,
    file_sums,
    folder_entries,
    no_collection,
    sha256_file,
    write_atomically,
)
from generator.forks import can_fork, forked_map, processes
from generator.problems import Problem
from generator.source.yamldoc import LocatedData, parse_yaml

SINGLE_FILES = {
    "content/site.yaml": "site",
    "content/people.yaml": "people",
    "content/places.yaml": "places",
    "content/calendar.yaml": "calendar",
}
REQUIRED_FILES = ("content/site.yaml", "content/people.yaml", "content/places.yaml")
ASSET_FOLDER = "content/assets"


@dataclass(frozen=True)
class Source:
    """One source document as parsed, with the marks needed to locate problems.

    ``body`` and ``body_line`` hold the Markdown after front matter; ``rows``
    holds a statistics table's CSV rows (header first) read from ``data_path``.
    """

    path: str
    kind: str
    located: LocatedData
    body: str = ""
    body_line: int = 1
    data_path: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    row_lines: tuple[int, ...] = ()
    """The file line on which each CSV row starts (rows may span lines inside quotes)."""
    origin: str = ""
    """The sha256 of the file's bytes when it was parsed through the source cache: with gongkai's own code
    (in every digest), the file's bytes decide all the source holds."""

    def __digest__(self) -> object:
        """What of a source can reach an output (:func:`generator.cache.feed`): not the marks that locate problems."""
        if self.origin:
            return (self.path, self.kind, self.origin)
        try:
            data: object = json.dumps(self.located.data, sort_keys=True, ensure_ascii=False, default=repr)
        except TypeError:  # keys of several types: written down the slow way
            data = self.located.data
        return (self.path, self.kind, data, self.body, self.data_path, self.rows)


MAX_TEXT_BYTES = 1 << 20
"""A notice, page or YAML file over 1 MiB is not something an editor typed: refused."""
MAX_DATA_BYTES = 32 << 20
"""A statistics table (CSV or Excel) or an asset over 32 MiB: refused."""
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters (C0 but tab and line breaks, DEL, C1): invisible paste debris from word processors."""
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Bidirectional embeddings, overrides and isolates: they make a reader see characters in another order than
they are stored (a number reversed, a file name's suffix hidden)."""


def _too_large(path: Path, rel: str, limit: int, stat: os.stat_result | None = None) -> Problem | None:
    size = (stat or path.stat()).st_size
    if size <= limit:
        return None
    message = (
        f"文件太大（{size / 1048576:.1f} MB，上限 {limit >> 20} MB）。请检查是不是放错了文件，或把内容拆成几个文件。"
    )
    return Problem(path=rel, code=codes.FILE_TOO_LARGE, message=message)


def _position(text: str, at: int) -> tuple[int, int]:
    """1-based line and column of character ``at``."""
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def read_text(path: Path, rel: str, limit: int = MAX_TEXT_BYTES) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file (a BOM is tolerated); a bad byte, a control character or a huge file is a problem."""
    huge = _too_large(path, rel, limit)
    if huge:
        return None, [huge]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        return None, [
            Problem(
                path=rel,
                line=line,
                column=column,
                code=codes.NOT_UTF8,
                message="文件不是 UTF-8 编码（可能是 GBK/GB2312）。请在编辑器中选择“另存为 UTF-8 编码”后再构建。",
            )
        ]
    bad = CONTROL.search(text) or BIDI.search(text)
    if bad:
        line, column = _position(text, bad.start())
        return None, [Problem(path=rel, line=line, column=column, **_invisible_character(bad.group()))]
    return text, []


def _invisible_character(char: str) -> dict[str, Any]:
    """The code and message for a control or a bidirectional character, whether typed or written as an escape."""
    if BIDI.fullmatch(char):
        message = f"这里有一个改变文字显示方向的控制字符（U+{ord(char):04X}），会让读者看到的顺序与实际不同。请删除它。"
        return {"code": codes.BIDI_CONTROL, "message": message}
    message = f"这里有一个不可见的控制字符（U+{ord(char):04X}），常见于从文字处理软件粘贴的内容。请删除它。"
    return {"code": codes.CONTROL_CHARACTER, "message": message}


def split_front_matter(text: str, rel: str) -> tuple[str, str, int, list[Problem]]:
    """Split ``---`` front matter from a Markdown body; returns yaml, body, body's first line."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return (
            "",
            text,
            1,
            [
                Problem(
                    path=rel,
                    line=1,
                    column=1,
                    code=codes.FRONT_MATTER_MISSING,
                    message="Markdown 文件要以“---”开头的信息头开始，在两行“---”之间填写标题等字段。",
                )
            ],
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2, []
    return (
        "",
        "",
        1,
        [
            Problem(
                path=rel,
                line=1,
                column=1,
                code=codes.FRONT_MATTER_UNCLOSED,
                message="信息头没有结束：请在字段之后加一行“---”。",
            )
        ],
    )


Loaded = tuple["Source | None", list[Problem]]
Key = tuple[str, str, str]
"""A parsed source's place in the source cache: its path, its kind and the sha256 of its bytes."""


@dataclass
class _SourceCache:
    """While :func:`source_cache` runs: the sources parsed by an earlier build, those this build read, the files'
    sums (:class:`generator.cache.FileSums`), how many processes may parse, and the cache files the parsing
    workers pickled (each with the keys it holds)."""

    earlier: dict[Key, Loaded]
    used: dict[Key, Loaded]
    sums: FileSums
    workers: int
    pickled: dict[int, tuple[frozenset[Key], bytes]] = field(default_factory=dict)


_PARSED: list[_SourceCache] = []
SOURCES_FOLDER, BUCKETS = "sources", 64
"""The parsed sources are kept in 64 files by a hash of their path: an edit rewrites one of them."""
PARSE_POOL = 500
"""Sources to parse (not kept by an earlier build) from which forked workers parse them, a cache file's at a time."""


def _bucket(rel: str) -> int:
    return int.from_bytes(hashlib.sha256(rel.encode()).digest()[:2], "big") % BUCKETS


@contextlib.contextmanager
def source_cache(folder: Path, workers: int | None = None) -> Iterator[None]:
    """While the block runs, each YAML or Markdown source is parsed once: kept in ``folder`` by its bytes' digest.

    Parsing the front matter of every page is most of a large site's loading; a rebuild parses only
    the files that changed. The files hold what this build read, so deleted sources drop out. When many
    sources are new (a first build), ``workers`` processes parse them (see :func:`_parse_all`).
    """
    kept = folder / SOURCES_FOLDER / code_digest()[:16]
    earlier: dict[Key, Loaded] = {}
    if kept.is_dir():
        with no_collection():
            for path in sorted(kept.glob("*.pickle")):
                try:
                    earlier.update(pickle.loads(path.read_bytes()))
                except Exception:  # unreadable: those sources are parsed again
                    continue
    else:  # gongkai changed: what an older version parsed goes
        shutil.rmtree(folder / SOURCES_FOLDER, ignore_errors=True)
    cache = _SourceCache(earlier, {}, file_sums(folder), processes(workers))
    _PARSED.append(cache)
    try:
        yield
    finally:
        _PARSED.pop()
    cache.sums.save()
    buckets: dict[int, dict[Key, Loaded]] = {number: {} for number in range(BUCKETS)}
    for key, value in cache.used.items():
        buckets[_bucket(key[0])][key] = value
    before: dict[int, set[Key]] = {number: set() for number in range(BUCKETS)}
    for key in earlier:
        before[_bucket(key[0])].add(key)
    with contextlib.suppress(OSError):
        for number, entries in buckets.items():
            if entries.keys() != before[number]:
                pickled = cache.pickled.get(number)
                if pickled is not None and pickled[0] == entries.keys():
                    data = pickled[1]  # as a parsing worker pickled it
                else:
                    data = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
                write_atomically(kept / f"{number:02d}.pickle", data)


def _key(path: Path, rel: str, kind: str, stat: os.stat_result | None) -> Key | None:
    """A source's key in the source cache (None: too large to read, never kept)."""
    if not _PARSED or _too_large(path, rel, MAX_TEXT_BYTES, stat):
        return None
    return rel, kind, _PARSED[-1].sums.sha256(path, stat)


def _from_cache(
    cache: _SourceCache, loader: Callable[[Path, str, str], Loaded], path: Path, rel: str, kind: str, key: Key | None
) -> Loaded:
    if key is None:
        return loader(path, rel, kind)
    found = cache.used[key] = _stored(cache, loader, path, rel, kind, key)
    return found[0], list(found[1])


def _stored(
    cache: _SourceCache, loader: Callable[[Path, str, str], Loaded], path: Path, rel: str, kind: str, key: Key
) -> Loaded:
    """The source cache's entry for ``key``: as this build or an earlier one parsed it, else parsed now."""
    found = cache.used.get(key) or cache.earlier.get(key)
    if found is not None:
        return found
    found = loader(path, rel, kind)
    return (replace(found[0], origin=key[2]), found[1]) if found[0] is not None else found


Parse = tuple[Callable[[Path, str, str], Loaded], Path, str, str, os.stat_result | None]
"""A source to parse: its loader, path, path in the project, kind and ``stat``."""


def _parse_all(sources: list[Parse]) -> list[Loaded]:
    """Each source parsed, or taken from the source cache, in order.

    When at least ``PARSE_POOL`` of them are new (not parsed by an earlier build) and this process can fork
    (:func:`generator.forks.can_fork`), forked workers parse them, the sources of one cache file at a time, and
    send back that file's pickled entries: the build's process only reads them, and writes the file as sent.
    """
    if not _PARSED:
        return [loader(path, rel, kind) for loader, path, rel, kind, _ in sources]
    cache = _PARSED[-1]
    keys = [_key(path, rel, kind, stat) for _, path, rel, kind, stat in sources]
    new = sum(1 for key in keys if key is not None and key not in cache.earlier)
    if cache.workers > 1 and new >= PARSE_POOL and can_fork():
        buckets: dict[int, list[int]] = {}
        for index, key in enumerate(keys):
            if key is not None:
                buckets.setdefault(_bucket(key[0]), []).append(index)

        def pickled(bucket: tuple[int, list[int]]) -> tuple[int, bytes]:
            """In a worker: the entries of one cache file, pickled."""
            entries = {}
            for index in bucket[1]:
                loader, path, rel, kind, _ = sources[index]
                key = keys[index]
                assert key is not None
                entries[key] = _stored(cache, loader, path, rel, kind, key)
            return bucket[0], pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)

        with no_collection():
            for number, data in forked_map(pickled, sorted(buckets.items()), cache.workers, "gongkai-sources-", 1):
                entries: dict[Key, Loaded] = pickle.loads(data)
                cache.used.update(entries)
                cache.pickled[number] = (frozenset(entries), data)
    return [
        _from_cache(cache, loader, path, rel, kind, key)
        for (loader, path, rel, kind, _), key in zip(sources, keys, strict=True)
    ]


def _load_yaml(path: Path, rel: str, kind: str) -> tuple[Source | None, list[Problem]]:
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    located, problems = parse_yaml(text, rel)
    problems += text_hazards(rel, located) if located else []
    return (Source(rel, kind, located) if located else None), problems


def _load_markdown(path: Path, rel: str, kind: str) -> tuple[Source | None, list[Problem]]:
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    header, body, body_line, problems = split_front_matter(text, rel)
    if problems:
        return None, problems
    located, problems = parse_yaml(header, rel, first_line=2)
    problems += body_paths(rel, body, body_line) + body_hazards(rel, body, body_line)
    problems += text_hazards(rel, located) if located else []
    return (Source(rel, kind, located, body=body, body_line=body_line) if located else None), problems


LINK_TARGET = re.compile(
    r"\]\(\s*<?(?P<inline>[^)\s>]+)"  # [text](target) and ![alt](target)
    r"|^[ ]{0,3}\[[^\]]+\]:[ \t]*<?(?P<reference>[^\s>]+)"  # [label]: target
    r"|\b(?:src|href|srcset|poster|data)\s*=\s*[\"']?(?P<html>[^\"'\s>]+)",  # raw HTML
    re.MULTILINE | re.IGNORECASE,
)
SYSTEM_FOLDERS = {
    "etc", "home", "root", "usr", "var", "tmp", "proc", "sys", "dev", "opt", "mnt", "srv", "boot", "bin", "lib",
    "Users", "Windows", "Volumes", "private",
}  # fmt: skip
"""First folders of computer paths (/etc/passwd, /home/…); no page of the site lives there."""
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def leaves_content(target: str) -> bool:
    """True when a link or image path in a body points at a file outside the published content.

    Web addresses (http:, mailto:, …) and site paths (/notices/…) are links. A body's page
    is published two folders deep (/notices/<id>/), so a relative path may climb two
    levels to the site's root (../../data/) and no further. file: addresses, Windows
    drives, UNC paths and computer paths (/etc/…, /home/…) never point into the site.
    """
    if re.match(r"^(?:file:|[A-Za-z]:[\\/]|\\\\)", target):
        return True
    if _SCHEME.match(target) or target.startswith(("#", "//")):
        return False
    path = target.split("#")[0].split("?")[0].replace("\\", "/")
    if path.startswith("/"):
        parts = path.split("/")
        return ".." in parts or parts[1] in SYSTEM_FOLDERS
    return posixpath.normpath(posixpath.join("folder/page", path)).startswith("..")


UNSAFE_HTML = re.compile(
    r"<\s*(?:script|iframe|object|embed|style|form|frame|frameset|meta|base|link)\b"
    r"|\son[a-z]+\s*=|(?:java|vb)script\s*:|data\s*:\s*text/html",
    re.IGNORECASE,
)
HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^<>]*>|<\s*script", re.IGNORECASE)
FORMULA = re.compile(r"^(?:[=@]|[+-][^\d\s.]|[\t\r])")
"""A cell a spreadsheet would run as a formula (=, @, +cmd…, -cmd…); +86 and -5 are numbers."""


NUMERIC_ENTITY = re.compile(r"&#(?:[xX]([0-9A-Fa-f]{1,6})|([0-9]{1,7}));")


def body_hazards(rel: str, body: str, first_line: int) -> list[Problem]:
    """A warning for each script, frame, event handler or script link typed into a body: it is removed.

    A control or bidirectional character written as an entity (``&#x202E;``) is an error, as if typed.
    """
    problems = []
    for match in NUMERIC_ENTITY.finditer(body) if "&#" in body else ():
        point = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        char = chr(point) if point <= 0x10FFFF else ""
        if char and (CONTROL.fullmatch(char) or BIDI.fullmatch(char)):
            line, column = _position(body, match.start())
            problems.append(Problem(path=rel, line=line + first_line - 1, column=column, **_invisible_character(char)))
    for match in UNSAFE_HTML.finditer(body):
        line, column = _position(body, match.start())
        message = f"正文中的“{match.group().strip()}”是网页代码，出于安全考虑发布时会被删除。如需插入视频、表单等，请联系技术人员。"
        problems.append(
            Problem(path=rel, line=line + first_line - 1, column=column, code=codes.UNSAFE_HTML, message=message)
        )
    return problems


def text_hazards(rel: str, located: LocatedData) -> list[Problem]:
    """Each YAML text's hazards: a control or bidirectional character written as an escape ("\\e", "\\u202e") is
    an error as if typed; HTML is a warning (it is shown as typed, never run as markup)."""
    problems = []
    for loc, mark in located.value_marks.items():
        value = _at(located.data, loc)
        bad = (CONTROL.search(value) or BIDI.search(value)) if isinstance(value, str) else None
        if bad:
            problems.append(Problem(path=rel, line=mark.line, column=mark.column, **_invisible_character(bad.group())))
        elif isinstance(value, str) and HTML_TAG.search(value):
            message = (
                "这段文字里有网页代码（尖括号标签），网站会把它原样显示为文字，不会执行。如果不是有意输入，请删除。"
            )
            problems.append(
                Problem(path=rel, line=mark.line, column=mark.column, code=codes.HTML_IN_TEXT, message=message)
            )
    return problems


def _at(data: object, loc: tuple[str | int, ...]) -> object:
    for step in loc:
        data = data[step]  # type: ignore[index]
    return data


def cell_hazards(rel: str, rows: Sequence[tuple[str, ...]], lines: Sequence[int]) -> list[Problem]:
    """Warnings for table cells holding HTML or starting like a spreadsheet formula."""
    problems = []
    for row, line in zip(rows, lines, strict=True):
        for index, cell in enumerate(row, start=1):
            if FORMULA.match(cell):
                message = f"第 {index} 列“{cell[:20]}”以公式符号开头。导出的 CSV 和 Excel 会把它保存为文字（前面加 '），不会当作公式执行；如果不是有意输入，请改正。"
                problems.append(Problem(path=rel, line=line, column=None, code=codes.FORMULA_IN_CELL, message=message))
            elif HTML_TAG.search(cell):
                message = f"第 {index} 列有网页代码（尖括号标签），网站会把它原样显示为文字，不会执行。如果不是有意输入，请删除。"
                problems.append(Problem(path=rel, line=line, column=None, code=codes.HTML_IN_TEXT, message=message))
    return problems


EXTERNAL = re.compile(r"^\s*<?\s*(?:(?:[A-Za-z][A-Za-z0-9+.-]*:)?//|\\\\)", re.IGNORECASE)
"""An address with a host (https://…, //…, \\\\…): the browser would fetch it from elsewhere.
(javascript: and the like are removed by the sanitiser, with an unsafe-html warning.)"""
EMBEDDED = re.compile(
    r"!\[[^\]]*\]\(\s*<?(?P<inline>[^)\s>]+)"  # ![alt](source)
    r"|!\[[^\]]*\]\[(?P<label>[^\]]*)\]"  # ![alt][label]
    r"|<(?:img|video|audio|source|track|iframe|frame|embed|object|input|image|use|link|script|svg|picture)\b"
    r"(?P<tag>[^>]*)"  # raw HTML: every source attribute of the tag
    r"|url\(\s*[\"']?(?P<css>[^\"')\s]+)",  # style="background: url(…)"
    re.IGNORECASE,
)
"""What a page loads by itself (images, media, frames, styles): only from the site, never from elsewhere."""
SOURCE_ATTRIBUTE = re.compile(
    r"\b(?:src|srcset|poster|data|href|xlink:href)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I
)


def external_resources(rel: str, body: str, first_line: int) -> list[Problem]:
    """An error for each image or other embedded resource in a body that would be loaded from another site."""
    problems = []
    labels = {
        m.group(1).lower(): m.group(2) for m in re.finditer(r"^[ ]{0,3}\[([^\]]+)\]:[ \t]*<?(\S+?)>?\s*$", body, re.M)
    }
    for match in EMBEDDED.finditer(body):
        name = match.lastgroup or "inline"
        if name == "tag":
            values = [
                next(v for v in a.groups() if v is not None) for a in SOURCE_ATTRIBUTE.finditer(match.group(name))
            ]
            targets = [part.strip().split(" ")[0] for value in values for part in value.split(",")]
        elif name == "label":
            targets = [labels.get(match.group(name).lower(), "")]
        else:
            targets = [match.group(name)]
        for target in targets:
            if target and EXTERNAL.match(target) and not target.lower().startswith("data:image/"):
                line, column = _position(body, match.start())
                message = f"正文中的图片或嵌入内容“{target[:60]}”来自其他网站：发布后读者的浏览器会去那里加载它（泄露读者的访问，内容也可能被替换）。请把文件下载后放在 content/assets/ 下引用。"
                at = line + first_line - 1
                problems.append(
                    Problem(path=rel, line=at, column=column, code=codes.EXTERNAL_RESOURCE, message=message)
                )
                break
    return problems


def body_paths(rel: str, body: str, first_line: int) -> list[Problem]:
    """A problem for each link, image or attachment path in a body that leaves content/."""
    problems = external_resources(rel, body, first_line)
    for match in LINK_TARGET.finditer(body):
        name = match.lastgroup or "inline"
        target = match.group(name)
        if target and leaves_content(target):
            line, column = _position(body, match.start(name))
            message = f"链接或图片路径“{target}”指向 content/ 目录以外的文件，不能发布。图片和附件请放在 content/assets/ 下，用 ../../assets/文件名 引用。"
            problems.append(
                Problem(path=rel, line=line + first_line - 1, column=column, code=codes.PATH_OUTSIDE, message=message)
            )
    return problems


def _load_table(spec: Path, data: Path, root: Path) -> tuple[Source | None, list[Problem]]:
    source, problems = _load_yaml(spec, spec.relative_to(root).as_posix(), "table")
    rel_data = data.relative_to(root).as_posix()
    if data.suffix == ".xlsx":
        huge = _too_large(data, rel_data, MAX_DATA_BYTES)
        if huge:
            return None, [*problems, huge]
        return _load_workbook(source, data, rel_data, problems)
    text, csv_problems = read_text(data, rel_data, MAX_DATA_BYTES)
    problems += csv_problems
    if source is None or text is None:
        return None, problems
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    reader = csv.reader(io.StringIO(text))
    try:
        start = 1
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(tuple(cell.strip() for cell in row))
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error:
        message = "CSV 格式错误：引号没有成对，或某一格内容过长。请用表格软件重新另存为 CSV（UTF-8）。"
        return None, [
            *problems,
            Problem(path=rel_data, line=reader.line_num, column=None, code=codes.TABLE_CSV, message=message),
        ]
    problems += cell_hazards(rel_data, rows, lines)
    return Source(
        source.path, "table", source.located, data_path=rel_data, rows=tuple(rows), row_lines=tuple(lines)
    ), problems


def _load_workbook(
    source: Source | None, data: Path, rel_data: str, problems: list[Problem]
) -> tuple[Source | None, list[Problem]]:
    """A table kept in Excel: the first sheet, each row located by its Excel row number."""
    from generator.source.workbook import WorkbookError, read_rows

    try:
        rows, numbers = read_rows(data.read_bytes())
    except WorkbookError:
        message = "无法读取这个 Excel 文件：它可能已损坏，或不是 .xlsx 格式（旧的 .xls 请在 Excel 中另存为 .xlsx）。"
        return None, [*problems, Problem(path=rel_data, code=codes.TABLE_XLSX, message=message)]
    if source is None:
        return None, problems
    problems += cell_hazards(rel_data, rows, numbers)
    return Source(
        source.path, "table", source.located, data_path=rel_data, rows=tuple(rows), row_lines=tuple(numbers)
    ), problems


def _tables(root: Path) -> tuple[list[Source], list[Problem]]:
    sources: list[Source] = []
    problems: list[Problem] = []
    folder = root / "data"
    specs = {p.stem: p for p in sorted(folder.glob("*.yaml")) if p.is_file()} if folder.is_dir() else {}
    for stem, spec in list(specs.items()):
        outside = _outside(spec, root / "data", f"data/{spec.name}")
        if outside:
            problems.append(outside)
            del specs[stem]
    candidates = sorted([*folder.glob("*.csv"), *folder.glob("*.xlsx")]) if folder.is_dir() else []
    datas: dict[str, Path] = {}
    for path in (p for p in candidates if p.is_file() and not p.name.startswith("~$")):  # ~$ is Excel's lock file
        outside = _outside(path, root / "data", f"data/{path.name}")
        if outside:
            problems.append(outside)
            continue
        if path.stem in datas:
            message = f"data/{path.stem}.csv 和 data/{path.stem}.xlsx 同时存在，不知道用哪一个：请删除其中一个。"
            problems.append(Problem(path=f"data/{path.name}", code=codes.TABLE_TWO_FILES, message=message))
            continue
        datas[path.stem] = path
    for stem in sorted(set(specs) | set(datas)):
        if stem not in specs:
            rel = f"data/{datas[stem].name}"
            problems.append(
                Problem(
                    path=rel,
                    code=codes.TABLE_WITHOUT_SCHEMA,
                    message=f"数据表缺少说明文件 data/{stem}.yaml（元数据和表结构）。",
                )
            )
        elif stem not in datas:
            rel = f"data/{stem}.yaml"
            problems.append(
                Problem(
                    path=rel,
                    code=codes.TABLE_WITHOUT_DATA,
                    message=f"找不到与说明文件对应的数据 data/{stem}.csv（或 .xlsx）。",
                )
            )
        else:
            source, found = _load_table(specs[stem], datas[stem], root)
            problems += found
            sources += [source] if source else []
    return sources, problems


def _real_folder(folder: Path) -> str:
    return os.path.join(_real_path(folder), "")


@functools.lru_cache(maxsize=4096)
def _real_path(folder: Path) -> str:
    """A folder's real path (files are many, their folders few: each is resolved once)."""
    return os.path.realpath(folder)


def _outside(path: Path, folder: Path, rel: str, link: bool | None = None) -> Problem | None:
    """A problem when ``path`` is a link (or lies in a linked folder) to a file outside ``folder``.

    ``folder`` is content/ or data/: a link from content/assets/ to ../../private/ or to
    .git/ would otherwise publish what it points at. ``link``: whether ``path`` is a link, when known.
    """
    link = path.is_symlink() if link is None else link
    real = os.path.realpath(path) if link else os.path.join(_real_path(path.parent), path.name)
    if real.startswith(_real_folder(folder)):
        return None
    where = folder.name + "/"
    message = f"这是一个指向 {where} 以外文件的链接（符号链接），不能发布。请把文件本身复制到这里。"
    return Problem(path=rel, code=codes.PATH_OUTSIDE, message=message)


def _classify(rel: str, folders: Mapping[str, tuple[str, str]]) -> tuple[str, str] | None:
    """(kind, suffix) for a content file, or None when it is not a known document."""
    if rel in SINGLE_FILES:
        return SINGLE_FILES[rel], ".yaml"
    folder, _, name = rel.rpartition("/")
    if folder in folders and name.endswith(folders[folder][1]):
        return folders[folder]
    return None


def load_content(root: Path, folders: Mapping[str, tuple[str, str]]) -> tuple[list[Source], list[Problem]]:
    """Read every source document under ``root``; problems for files that cannot be read.

    ``folders`` maps each document folder under content/ to its kind and suffix
    (``content.kinds.folders()``); statistics tables are read from data/.
    """
    sources: list[Source] = []
    problems: list[Problem] = []
    _real_path.cache_clear()  # a folder may have become a link since (gongkai serve reads again and again)
    content = root / "content"
    if not content.is_dir():
        return [], [
            Problem(
                path="content",
                code=codes.NO_CONTENT,
                message=f"找不到内容目录 {content}。请在项目根目录运行，或用 --root 指定。",
            )
        ]
    read: list[Loaded | None] = []  # each file in order: what it gave, or None for a source to parse
    to_parse: list[Parse] = []
    for below, entry in folder_entries(content):
        rel, path = f"content/{below}", Path(entry.path)
        if entry.name.startswith("."):
            continue
        outside = _outside(path, content, rel, entry_is_link(entry))
        if outside:
            read.append((None, [outside]))
            continue
        if not entry_is_file(entry):  # a link to a folder inside the project: its files are read where they are
            continue
        stat = entry_stat(entry)
        if rel.startswith(ASSET_FOLDER + "/"):
            huge = _too_large(path, rel, MAX_DATA_BYTES, stat)
            if huge:
                read.append((None, [huge]))
                continue
            digest = _PARSED[-1].sums.sha256(path, stat) if _PARSED else sha256_file(path)
            read.append((Source(rel, "asset", LocatedData({"sha256": digest}), data_path=str(path.resolve())), []))
            continue
        kind = _classify(rel, folders)
        if kind is None:
            message = "不认识的文件：文件放错了目录，或扩展名不对（YAML 用 .yaml，正文用 .md）。"
            read.append((None, [Problem(path=rel, code=codes.UNKNOWN_FILE, message=message)]))
            continue
        read.append(None)
        to_parse.append((_load_markdown if kind[1] == ".md" else _load_yaml, path, rel, kind[0], stat))
    parsed = iter(_parse_all(to_parse))
    for done in read:
        source, found = done if done is not None else next(parsed)
        problems += found
        sources += [source] if source else []
    for single in REQUIRED_FILES:
        if not (root / single).is_file():
            problems.append(Problem(path=single, code=codes.MISSING_FILE, message=f"缺少必需的文件 {single}。"))
    tables, found = _tables(root)
    return sources + tables, problems + found

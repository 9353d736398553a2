"""Load stage: the source tree (content/ and data/) → Sources with line/column marks.

This is the only module that reads the source tree.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem
from .yamldoc import LocatedData, parse_yaml

SINGLE_FILES = {
    "content/site.yaml": "site",
    "content/people.yaml": "people",
    "content/places.yaml": "places",
    "content/calendar.yaml": "calendar",
}
REQUIRED_FILES = ("content/site.yaml", "content/people.yaml", "content/places.yaml")
FOLDERS = {
    "content/campaigns": ("campaign", ".yaml"),
    "content/rosters": ("roster", ".yaml"),
    "content/notices": ("notice", ".md"),
    "content/articles": ("article", ".md"),
    "content/pages": ("page", ".md"),
}
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


def read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file (a BOM is tolerated); a bad byte is a located problem."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        return None, [
            Problem(
                rel,
                line,
                column,
                "not-utf8",
                "文件不是 UTF-8 编码（可能是 GBK/GB2312）。请在编辑器中选择“另存为 UTF-8 编码”后再构建。",
            )
        ]


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
                    rel,
                    1,
                    1,
                    "front-matter-missing",
                    "Markdown 文件要以“---”开头的信息头开始，在两行“---”之间填写标题等字段。",
                )
            ],
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2, []
    return "", "", 1, [Problem(rel, 1, 1, "front-matter-unclosed", "信息头没有结束：请在字段之后加一行“---”。")]


def _load_yaml(path: Path, rel: str, kind: str) -> tuple[Source | None, list[Problem]]:
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    located, problems = parse_yaml(text, rel)
    return (Source(rel, kind, located) if located else None), problems


def _load_markdown(path: Path, rel: str, kind: str) -> tuple[Source | None, list[Problem]]:
    text, problems = read_text(path, rel)
    if text is None:
        return None, problems
    header, body, body_line, problems = split_front_matter(text, rel)
    if problems:
        return None, problems
    located, problems = parse_yaml(header, rel, first_line=2)
    return (Source(rel, kind, located, body=body, body_line=body_line) if located else None), problems


def _load_table(spec: Path, data: Path, root: Path) -> tuple[Source | None, list[Problem]]:
    source, problems = _load_yaml(spec, spec.relative_to(root).as_posix(), "table")
    rel_data = data.relative_to(root).as_posix()
    if data.suffix == ".xlsx":
        return _load_workbook(source, data, rel_data, problems)
    text, csv_problems = read_text(data, rel_data)
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
        return None, [*problems, Problem(rel_data, reader.line_num, None, "table-csv", message)]
    return Source(
        source.path, "table", source.located, data_path=rel_data, rows=tuple(rows), row_lines=tuple(lines)
    ), problems


def _load_workbook(
    source: Source | None, data: Path, rel_data: str, problems: list[Problem]
) -> tuple[Source | None, list[Problem]]:
    """A table kept in Excel: the first sheet, each row located by its Excel row number."""
    from .xlsx import WorkbookError, read_rows

    try:
        rows, numbers = read_rows(data.read_bytes())
    except WorkbookError:
        message = "无法读取这个 Excel 文件：它可能已损坏，或不是 .xlsx 格式（旧的 .xls 请在 Excel 中另存为 .xlsx）。"
        return None, [*problems, Problem(rel_data, None, None, "table-xlsx", message)]
    if source is None:
        return None, problems
    return Source(
        source.path, "table", source.located, data_path=rel_data, rows=tuple(rows), row_lines=tuple(numbers)
    ), problems


def _tables(root: Path) -> tuple[list[Source], list[Problem]]:
    sources: list[Source] = []
    problems: list[Problem] = []
    folder = root / "data"
    specs = {p.stem: p for p in sorted(folder.glob("*.yaml")) if p.is_file()} if folder.is_dir() else {}
    candidates = sorted([*folder.glob("*.csv"), *folder.glob("*.xlsx")]) if folder.is_dir() else []
    datas: dict[str, Path] = {}
    for path in (p for p in candidates if p.is_file() and not p.name.startswith("~$")):  # ~$ is Excel's lock file
        if path.stem in datas:
            message = f"data/{path.stem}.csv 和 data/{path.stem}.xlsx 同时存在，不知道用哪一个：请删除其中一个。"
            problems.append(Problem(f"data/{path.name}", None, None, "table-two-files", message))
            continue
        datas[path.stem] = path
    for stem in sorted(set(specs) | set(datas)):
        if stem not in specs:
            rel = f"data/{datas[stem].name}"
            problems.append(
                Problem(
                    rel, None, None, "table-without-schema", f"数据表缺少说明文件 data/{stem}.yaml（元数据和表结构）。"
                )
            )
        elif stem not in datas:
            rel = f"data/{stem}.yaml"
            problems.append(
                Problem(
                    rel, None, None, "table-without-data", f"找不到与说明文件对应的数据 data/{stem}.csv（或 .xlsx）。"
                )
            )
        else:
            source, found = _load_table(specs[stem], datas[stem], root)
            problems += found
            sources += [source] if source else []
    return sources, problems


def _classify(rel: str) -> tuple[str, str] | None:
    """(kind, loader) for a content file, or None when it is not a known document."""
    if rel in SINGLE_FILES:
        return SINGLE_FILES[rel], ".yaml"
    folder, _, name = rel.rpartition("/")
    if folder in FOLDERS and name.endswith(FOLDERS[folder][1]):
        return FOLDERS[folder]
    return None


def load_content(root: Path) -> tuple[list[Source], list[Problem]]:
    """Read every source document under ``root``; problems for files that cannot be read."""
    sources: list[Source] = []
    problems: list[Problem] = []
    content = root / "content"
    if not content.is_dir():
        return [], [
            Problem(
                "content", None, None, "no-content", f"找不到内容目录 {content}。请在项目根目录运行，或用 --root 指定。"
            )
        ]
    for path in sorted(p for p in content.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if path.name.startswith("."):
            continue
        if rel.startswith(ASSET_FOLDER + "/"):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            sources.append(Source(rel, "asset", LocatedData({"sha256": digest}), data_path=str(path.resolve())))
            continue
        kind = _classify(rel)
        if kind is None:
            problems.append(
                Problem(
                    rel,
                    None,
                    None,
                    "unknown-file",
                    "不认识的文件：文件放错了目录，或扩展名不对（YAML 用 .yaml，正文用 .md）。",
                    "warning",
                )
            )
            continue
        loader = _load_markdown if kind[1] == ".md" else _load_yaml
        source, found = loader(path, rel, kind[0])
        problems += found
        sources += [source] if source else []
    for single in REQUIRED_FILES:
        if not (root / single).is_file():
            problems.append(Problem(single, None, None, "missing-file", f"缺少必需的文件 {single}。"))
    tables, found = _tables(root)
    return sources + tables, problems + found

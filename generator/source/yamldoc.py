"""Position-keeping YAML: text → plain Python data plus the line/column of every key and value.

Only PyYAML's safe composer is used; no Python objects are ever constructed
from tags. Duplicate keys, tabs in indentation and syntax errors become
located problems instead of exceptions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

from generator import codes
from generator.problems import Problem

Loc = tuple[str | int, ...]


class Mark(NamedTuple):
    """A 1-based line and column in a source file (a tuple: a large site keeps hundreds of thousands)."""

    line: int
    column: int


class _PairMarks(dict[Loc, Mark]):
    """Marks kept as plain (line, column) pairs, quick to read back from the build cache; each read gives a Mark."""

    @classmethod
    def of(cls, marks: Mapping[Loc, Mark]) -> _PairMarks:
        return marks if isinstance(marks, _PairMarks) else cls((loc, (m[0], m[1])) for loc, m in marks.items())  # type: ignore[misc]

    def __getitem__(self, loc: Loc) -> Mark:
        return Mark(*dict.__getitem__(self, loc))

    def get(self, loc: Loc, default: Any = None) -> Any:
        pair = dict.get(self, loc)
        return Mark(*pair) if pair is not None else default

    def items(self) -> Any:
        return [(loc, Mark(*pair)) for loc, pair in dict.items(self)]

    def values(self) -> Any:
        return [Mark(*pair) for pair in dict.values(self)]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as the plain pairs it holds (pickle would otherwise ask ``items`` and get a Mark for each)."""
        return (_PairMarks, (dict(dict.items(self)),))


@dataclass(frozen=True)
class LocatedData:
    """Parsed YAML with a mark for each value and each mapping key, by location path."""

    data: Any
    value_marks: Mapping[Loc, Mark] = field(default_factory=dict)
    key_marks: Mapping[Loc, Mark] = field(default_factory=dict)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its marks as pairs (:class:`_PairMarks`): a large site's sources load in a fraction of the time."""
        return (LocatedData, (self.data, _PairMarks.of(self.value_marks), _PairMarks.of(self.key_marks)))

    def mark_for(self, loc: Loc, *, key: bool = False) -> Mark | None:
        """The mark of ``loc`` (its key if ``key``), else of the nearest enclosing node."""
        marks = self.key_marks if key else self.value_marks
        if loc in marks:
            return marks[loc]
        for cut in range(len(loc) - 1, -1, -1):
            if loc[:cut] in self.value_marks:
                return self.value_marks[loc[:cut]]
        return None


_SYNTAX_HINTS = (
    (
        "mapping values are not allowed",
        "此处不能出现“键: 值”。如果内容里有英文冒号，请把整个值用引号括起来，或检查上一行的缩进",
    ),
    ("could not find expected ':'", "缺少英文冒号“:”，或者引号没有成对"),
    ("did not find expected key", "缩进不一致：同一层的键要左对齐"),
    ("did not find expected '-' indicator", "列表项“- ”的缩进不一致"),
    ("found unexpected end of stream", "文件意外结束：引号或括号没有闭合"),
    ("found undefined alias", "引用了未定义的锚点（*别名）"),
    ("found character '\\t'", "不能用 Tab 缩进，请改用空格"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("expected ',' or ']'", "方括号“[ ]”没有闭合"),
    ("expected ',' or '}'", "花括号“{ }”没有闭合"),
    ("expected <block end>", "缩进不一致：请检查这一行与上一行的对齐"),
)


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    text = f"{error.context or ''} {error.problem or ''}"
    for needle, hint in _SYNTAX_HINTS:
        if needle in text:
            return f"YAML 语法错误：{hint}。"
    return f"YAML 语法错误（{(error.problem or '').strip()}），请检查这一行的缩进、冒号和引号。"


_TAB_INDENT = re.compile(r"^[ ]*\t")


def find_tab_indents(text: str, path: str, first_line: int = 1) -> list[Problem]:
    """A problem for each line whose indentation contains a tab character."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=first_line):
        match = _TAB_INDENT.match(line)
        if match:
            problems.append(
                Problem(
                    path=path,
                    line=number,
                    column=match.end(),
                    code=codes.YAML_TAB,
                    message="这一行用 Tab 键缩进。YAML 只能用空格缩进，请把 Tab 换成空格（通常每层两个空格）。",
                )
            )
    return problems


FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's composer (same nodes and marks, ten times faster) where PyYAML was built with it."""


MAX_DEPTH = 32
"""Deepest nesting of lists and mappings accepted; real documents stay under 10."""
_INDICATORS = "[{-:?"
_SAFE_INDICATORS = 2000
"""Fewer indicator characters than this cannot nest deep enough to exhaust libyaml's composer."""


def _too_deep(text: str, path: str, first_line: int, threshold: int = _SAFE_INDICATORS) -> Problem | None:
    """A problem where nesting passes ``MAX_DEPTH``, found from parser events (no recursion).

    libyaml's composer recurses in C and crashes the process on a document nested tens of
    thousands deep, so such a document must be refused before it is composed.
    """
    if sum(text.count(c) for c in _INDICATORS) < threshold:
        return None
    try:
        return _first_too_deep(text, path, first_line, FAST_LOADER)
    except yaml.YAMLError as error:
        if "maximum nesting depth" not in str(error):
            return None  # composing reports the syntax error with its hint
    # libyaml 0.2.5 and later (PyYAML 6.0.4's wheels) stop deep nesting in the scanner, which
    # reads far ahead of the parser, so the error can come before the event that passes
    # MAX_DEPTH, at depth 1000 and without this limit's position. The pure-Python parser
    # keeps no such limit and does not recurse: it finds the position whichever layer stopped.
    try:
        return _first_too_deep(text, path, first_line, yaml.SafeLoader)
    except yaml.YAMLError:
        return None  # composing reports the syntax error with its hint


def _first_too_deep(text: str, path: str, first_line: int, loader: Any) -> Problem | None:
    """The problem at the first collection that passes ``MAX_DEPTH``, reading ``loader``'s events."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                if mark is None:
                    return _depth_problem(path, None, None)
                return _depth_problem(path, mark.line + first_line, mark.column + 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _depth_problem(path: str, line: int | None, column: int | None) -> Problem:
    message = f"嵌套层次太深（超过 {MAX_DEPTH} 层）。请检查缩进和括号，内容不需要这么多层。"
    return Problem(path=path, line=line, column=column, code=codes.YAML_TOO_DEEP, message=message)


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[LocatedData | None, list[Problem]]:
    """Parse one YAML document; ``first_line`` offsets marks (for front matter)."""
    tabs = find_tab_indents(text, path, first_line)
    if tabs:
        return None, tabs
    deep = _too_deep(text, path, first_line)
    if deep:
        return None, [deep]
    try:
        try:
            node = yaml.compose(text, Loader=FAST_LOADER)
        except yaml.YAMLError:  # the pure-Python parser again, for its exact messages and marks
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and mark and mark.line >= text.count("\n"):
            mark = error.context_mark  # at end of file: point at what was left open instead
        line = (mark.line + first_line) if mark else None
        column = (mark.column + 1) if mark else None
        return None, [
            Problem(path=path, line=line, column=column, code=codes.YAML_SYNTAX, message=_syntax_message(error))
        ]
    except yaml.reader.ReaderError as error:  # a control character, e.g. pasted from a word processor
        before = text[: error.position]
        line = before.count("\n") + first_line
        column = len(before) - (before.rfind("\n") + 1) + 1
        message = f"这里有一个不可见的控制字符（U+{error.character:04X}），常见于从文字处理软件粘贴的内容。请删除它。"
        return None, [Problem(path=path, line=line, column=column, code=codes.CONTROL_CHARACTER, message=message)]
    except yaml.YAMLError as error:
        return None, [
            Problem(
                path=path,
                code=codes.YAML_SYNTAX,
                message=f"YAML 无法读取（{error}），请检查文件内容。",
            )
        ]
    except RecursionError:  # the pure-Python composer, on a document libyaml could not read either
        return None, [_too_deep(text, path, first_line, 0) or _depth_problem(path, None, None)]
    builder = _Builder(path, first_line)
    data = builder.build(node, ()) if node is not None else None
    return LocatedData(data, builder.value_marks, builder.key_marks), builder.problems


_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge", "value")
}
"""The tags plain YAML resolves to by itself; any other was written on purpose."""


class _Builder:
    """Walks composed nodes into plain data, keeping marks and catching duplicate keys."""

    def __init__(self, path: str, first_line: int) -> None:
        self.path = path
        self.first_line = first_line
        self.value_marks: dict[Loc, Mark] = {}
        self.key_marks: dict[Loc, Mark] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self._constructor = yaml.SafeLoader("")

    def _mark(self, node: yaml.Node) -> Mark:
        return Mark(node.start_mark.line + self.first_line, node.start_mark.column + 1)

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.value_marks[loc] = self._mark(node)
        if node.tag not in _PLAIN_TAGS:  # !!python/object, !!binary, !local: nothing here needs them
            mark = self._mark(node)
            message = f"不支持 YAML 标签“{node.tag.removeprefix('tag:yaml.org,2002:')}”（以 ! 开头的写法）：请删除它，直接写内容。"
            self.problems.append(
                Problem(path=self.path, line=mark.line, column=mark.column, code=codes.YAML_TAG, message=message)
            )
            return None
        if isinstance(node, yaml.CollectionNode) and len(loc) >= MAX_DEPTH:
            mark = self._mark(node)
            if not any(p.code == codes.YAML_TOO_DEEP for p in self.problems):
                self.problems.append(_depth_problem(self.path, mark.line, mark.column))
            return None
        if isinstance(node, yaml.CollectionNode):
            if id(node) in self._seen:  # an alias (*name): refused, it can expand without bound
                mark = self.key_marks.get(loc) or self._mark(node)  # the alias's own place is not kept
                message = "不支持 YAML 锚点和别名（& 和 *）：请把内容直接写出来。"
                self.problems.append(
                    Problem(path=self.path, line=mark.line, column=mark.column, code=codes.YAML_ALIAS, message=message)
                )
                return None
            self._seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Mark] = {}
        for key_node, value_node in node.value:
            # Keys stay as written: YAML 1.1 would turn a key such as "on" into True.
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            mark = self._mark(key_node)
            if key in first_seen:
                self.problems.append(
                    Problem(
                        path=self.path,
                        line=mark.line,
                        column=mark.column,
                        code=codes.YAML_DUPLICATE_KEY,
                        message=f"键“{key}”重复出现（第一次在第 {first_seen[key].line} 行）。请删除或合并其中一个。",
                    )
                )
                continue
            first_seen[key] = mark
            self.key_marks[(*loc, key)] = mark
            result[key] = self.build(value_node, (*loc, key))
        return result

    def _scalar(self, node: yaml.Node) -> Any:
        """Construct a scalar with the safe resolver; an impossible date stays a string."""
        try:
            return self._constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError):
            return node.value

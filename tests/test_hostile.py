"""Hostile input: every case in tests/hostile/ gives located Chinese messages and never a traceback.

Each case is a folder of files laid over a copy of tests/fixtures/minimal, and a
``case.yaml`` saying what it is (``what``), which command to run (``check`` or
``build``) and which located problems must be reported (``expect``: path, line,
code). Optional keys: ``sizes`` (files to create at a size, sparse), ``zipbomb`` (a
workbook that unpacks to 300 MB), ``absent_from_html`` (text that must not reach
any page as markup) and ``csv_safe`` (an exported CSV whose formula cells must be
neutralised). The command runs in-process with GONGKAI_DEBUG set, so an uncaught
exception fails the test with its traceback instead of being turned into a message.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import check_content
from generator.cli import main
from generator.codes import CATALOGUE
from generator.content.validate import load_sources
from generator.problems import SEVERITY_LABEL, Problem
from generator.source import yamldoc

HOSTILE = REPO / "tests/hostile"
MINIMAL = REPO / "tests/fixtures/minimal"
CASES = sorted(d.name for d in HOSTILE.iterdir() if (d / "case.yaml").is_file())
LINE = re.compile(
    r"^(?P<path>.+?)(?::(?P<line>\d+)(?::(?P<col>\d+))?)?: (?P<sev>错误|警告): (?P<msg>.+) \[(?P<code>[a-z0-9-]+)\]$"
)


def _lay_out(case: Path, root: Path) -> dict[str, Any]:
    """The minimal project with the case's files over it; returns the case's description."""
    shutil.copytree(MINIMAL, root)
    for path in sorted(case.rglob("*")):
        rel = path.relative_to(case)
        target = root / rel
        if rel.as_posix() == "case.yaml" or (path.is_dir() and not path.is_symlink()):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            target.symlink_to(os.readlink(path))
        else:
            shutil.copyfile(path, target)
    spec: dict[str, Any] = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    for rel, size in spec.get("sizes", {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        with (root / rel).open("wb") as handle:
            handle.truncate(size)  # sparse: the size is what counts, not the bytes
    if "zipbomb" in spec:
        (root / spec["zipbomb"]).parent.mkdir(parents=True, exist_ok=True)
        bomb = zipfile.ZipFile(root / spec["zipbomb"], "w", zipfile.ZIP_DEFLATED)
        with bomb, bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(300):
                sheet.write(bytes(1 << 20))
    return spec


def test_there_are_at_least_fifty_cases() -> None:
    assert len(CASES) >= 50


@pytest.mark.parametrize("name", CASES)
def test_hostile_input(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    spec = _lay_out(HOSTILE / name, root)
    monkeypatch.setenv("GONGKAI_DEBUG", "1")  # an uncaught exception fails here, with its traceback
    code = main([spec["command"], "--root", str(root), "--today", "2024-11-22"])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "内部错误" not in err
    found = set()
    for line in err.splitlines():
        match = LINE.match(line)
        if match:
            assert re.search(r"[\u4e00-\u9fff]", match["msg"]), line
            found.add((match["path"], int(match["line"]) if match["line"] else None, match["code"]))
    expected = {(path, line, code) for path, line, code in spec["expect"]}
    assert expected <= found, err
    errors = any(p.code for p in _codes(err) if p.severity == "error")
    assert code == (1 if errors else 0), err
    site = root / "site"
    if spec["command"] == "build":
        assert site.is_dir() != errors, "a failed build must not leave a site; a good one must write it"
    for text in spec.get("absent_from_html", []):
        for page in [*site.rglob("*.html"), *site.rglob("*.svg")]:
            assert text not in page.read_text(encoding="utf-8"), page
    if "csv_safe" in spec:
        written = (site / spec["csv_safe"]).read_text(encoding="utf-8-sig")
        cells = [row.split(",")[0] for row in written.splitlines()[1:]]
        assert cells and all(cell.startswith(("'", "\"'")) for cell in cells), written


def _codes(err: str) -> list[Problem]:
    found = [m for m in map(LINE.match, err.splitlines()) if m]
    problems = [Problem(path=m["path"], code=CATALOGUE[m["code"]], message=m["msg"]) for m in found]
    assert [m["sev"] for m in found] == [SEVERITY_LABEL[p.severity] for p in problems]  # as printed
    return problems


def hostile_codes() -> set[str]:
    """The problem codes the cases expect (for the every-code-has-a-case meta-test)."""
    return {
        code for name in CASES for _, _, code in yaml.safe_load((HOSTILE / name / "case.yaml").read_text())["expect"]
    }


TEXT = st.text(st.characters(codec="utf-8"), max_size=200)
YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | TEXT | st.dates().map(str),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    where=st.sampled_from(
        ["content/rosters/r1.yaml", "content/notices/n1.md", "content/site.yaml", "content/people.yaml", "data/t1.csv"]
    ),
    payload=st.one_of(
        st.binary(max_size=400),
        TEXT.map(str.encode),
        YAML_VALUES.map(lambda v: yaml.safe_dump(v, allow_unicode=True).encode()),
    ),
)
def test_loader_never_raises(tmp_path: Path, where: str, payload: bytes) -> None:
    """Random bytes, text and YAML structures in any source file: problems, never an exception."""
    root = tmp_path / f"p{abs(hash((where, payload)))}"
    shutil.copytree(MINIMAL, root)
    if where.startswith("data/"):
        (root / "data").mkdir()
        (root / "data/t1.yaml").write_text("id: t1\n", encoding="utf-8")
    elif where.endswith(".md"):
        payload = b"---\n" + payload + b"\n---\n" + payload
    (root / where).write_bytes(payload)
    for problem in [*load_sources(root)[1], *check_content(root, dt.date(2024, 11, 22))]:
        assert problem.path and re.search(r"[\u4e00-\u9fff]", problem.message), problem
    shutil.rmtree(root)


class _LimitedScanner(yaml.SafeLoader):
    """The pure-Python loader with libyaml 0.2.5's scanner limit (PyYAML 6.0.4's wheels):
    "exceeded maximum nesting depth" once flow nesting reaches 1000, raised while the scanner
    reads ahead, before the parser has emitted the event that passes MAX_DEPTH."""

    def fetch_flow_collection_start(self, token_class: Any) -> None:
        if self.flow_level >= 1000:
            raise yaml.scanner.ScannerError(
                "while increasing flow level", self.get_mark(), "exceeded maximum nesting depth", self.get_mark()
            )
        super().fetch_flow_collection_start(token_class)


DEEP = [
    ("id: r1\ntitle: " + "[" * 10000 + "]" * 10000 + "\n", 2, 7 + 32),
    ("title: " + "[" * 1500 + "\n", 1, 7 + 32),
    ("x: " + "{a: " * 1200 + "1" + "}" * 1200 + "\n", 1, 3 + 31 * 4 + 1),
]
"""Text, then the line and column of the collection at depth 33 (the document's mapping is depth 1)."""


@pytest.mark.parametrize("loader", [yamldoc.FAST_LOADER, yaml.SafeLoader, _LimitedScanner])
@pytest.mark.parametrize(("text", "line", "column"), DEEP)
def test_deep_nesting_keeps_its_position_whichever_layer_stops_it(
    monkeypatch: pytest.MonkeyPatch, loader: Any, text: str, line: int, column: int
) -> None:
    """libyaml without a limit, the pure-Python parser, and a scanner that gives up at depth 1000
    all report the first collection past MAX_DEPTH, at its own line and column."""
    monkeypatch.setattr(yamldoc, "FAST_LOADER", loader)
    data, problems = yamldoc.parse_yaml(text, "content/x.yaml")
    assert data is None
    assert [(p.code, p.line, p.column) for p in problems] == [("yaml-too-deep", line, column)]

"""Work shared out to forked workers (generator.forks): a large site's pages laid out (generator.web.pages) and its
sources parsed (source.loader): the same bytes, the same problems, the same log as in one process. The tests force
the workers on the example (``POOL_PAGES``, ``PARSE_POOL`` 1) and compare with a build without them. Each build runs
in a process of its own: a test runner's worker runs threads, and a process with threads does not fork
(``forks.start_method``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, copy_project, tree_bytes

BODY = "content/articles/xinfang-zhineng.md"
KEPT = ("pages", "search", "builds", "last-build.json", "sources", "file-sums.pickle")
"""What the build cache keeps of earlier builds' pages and sources (the rest: PDFs, charts, fonts)."""
BUILD = """
import datetime as dt, json, logging, sys
from pathlib import Path
import generator.plugin
from generator.web import pages
from generator.build import build
from generator.problems import GongkaiError

import generator.build
pages.POOL_PAGES = generator.build.SCAN_POOL = 1
written, logged, original = [], [], generator.plugin.write_pages

def counting(*args, **kwargs):
    written.append(0)
    for page in original(*args, **kwargs):
        written[-1] += 1
        yield page

class Logged(logging.Handler):
    def emit(self, record):
        logged.append(record.getMessage())

generator.plugin.write_pages = counting
logging.getLogger("mkdocs").addHandler(Logged(logging.WARNING))
project, out, strict, workers = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "strict", int(sys.argv[4])
try:
    build(project, out, dt.date(2024, 11, 22), strict=strict, workers=workers)
    problems = []
except GongkaiError as error:
    problems = [[str(p.code), p.path, p.line, p.message, p.severity] for p in error.problems]
print(json.dumps({"written": written, "logged": logged, "problems": problems}))
"""


def _build(project: Path, out: Path, workers: int, strict: bool = False) -> dict[str, Any]:
    """A build in a process of its own, with the page workers forced (``workers`` > 1) or MkDocs' own loop (1)."""
    run = subprocess.run(
        [sys.executable, "-c", BUILD, str(project), str(out), "strict" if strict else "", str(workers)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-3000:]
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1].replace(str(project), "<project>"))
    return result


@pytest.fixture(autouse=True)
def own_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The test run's build cache without the pages of earlier tests' builds: every page is laid out anew."""
    shared, own = Path(os.environ["GONGKAI_CACHE_DIR"]), tmp_path / "cache"
    shutil.copytree(shared, own, copy_function=os.link, ignore=lambda folder, names: set(KEPT) & set(names))
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(own))
    return own


def _append(project: Path, rel: str, text: str) -> None:
    path = project / rel
    path.write_text(path.read_text(encoding="utf-8").rstrip() + "\n\n" + text + "\n", encoding="utf-8")


def _same(one: Path, other: Path) -> None:
    first, second = tree_bytes(one), tree_bytes(other)
    assert sorted(first) == sorted(second)
    assert [rel for rel in first if first[rel] != second[rel]] == []


def test_pages_written_by_workers_are_the_bytes_mkdocs_writes(tmp_path: Path, own_cache: Path) -> None:
    """A cold build, then a rebuild after an edit (the workers take the few pages it changed): byte for byte what
    MkDocs' own loop writes from nothing."""
    project = copy_project(tmp_path / "project")
    pooled = _build(project, tmp_path / "pooled", 2)
    assert pooled["written"][0] > 40 and not pooled["problems"]  # every page of the example
    shutil.rmtree(own_cache / "pages")
    alone = _build(project, tmp_path / "alone", 1)
    assert alone["written"] == [] and not alone["problems"]
    _same(tmp_path / "pooled", tmp_path / "alone")
    _append(project, "content/notices/2024-xinfang-month.md", "（修订）")
    again = _build(project, tmp_path / "pooled", 2)
    assert 0 < again["written"][0] < 20 and not again["problems"]
    shutil.rmtree(own_cache / "pages")
    _build(project, tmp_path / "cold", 1)
    _same(tmp_path / "pooled", tmp_path / "cold")
    assert not [name for name in os.listdir(os.environ.get("TMPDIR", "/tmp")) if name.startswith("gongkai-pages-")]


def test_private_data_on_a_page_a_worker_wrote_stops_the_build_at_its_source(tmp_path: Path) -> None:
    """A page and a file beside the pages (scanned by workers too, when the build can fork then)."""
    project = copy_project(tmp_path / "project")
    _append(project, BODY, "来访人联系电话13912345678。")
    (project / "content/assets").mkdir(exist_ok=True)
    (project / "content/assets/mingdan.txt").write_text("身份证号：110101199003074514\n", encoding="utf-8")
    stopped, alone = _build(project, tmp_path / "site", 2), _build(project, tmp_path / "site", 1)
    assert stopped["written"][0] > 40
    errors = [problem for problem in stopped["problems"] if problem[4] == "error"]
    assert {path for _, path, *_ in errors} == {BODY, "content/assets/mingdan.txt"}, errors
    assert all(line is not None for _, path, line, *_ in errors if path == BODY), errors
    assert stopped["problems"] == alone["problems"]
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("error", ["{% if %}", "{% block content %}{{ page.no_such_thing.title() }}{% endblock %}"])
def test_a_template_error_in_a_page_worker_is_told_as_without_workers(tmp_path: Path, error: str) -> None:
    """A template only pages use (the article's) breaks in the workers: the problem is the one MkDocs' loop gives."""
    told = []
    for workers in (2, 1):
        project = copy_project(tmp_path / f"project-{workers}")
        override = project / "overrides"
        override.mkdir()
        (override / "article.html").write_text('{% extends "_document.html" %}\n' + error + "\n", encoding="utf-8")
        config = project / "mkdocs.yml"
        config.write_text(
            config.read_text(encoding="utf-8").replace(
                "  name: gongkai\n", "  name: gongkai\n  custom_dir: overrides\n"
            ),
            encoding="utf-8",
        )
        told.append(_build(project, tmp_path / f"site-{workers}", workers))
    assert told[0]["written"] == [0], "the workers did not run"
    assert told[0]["problems"] == told[1]["problems"] and told[0]["problems"], told


def test_what_mkdocs_warns_of_in_a_worker_stops_a_strict_build(tmp_path: Path) -> None:
    """A link to no page and a link to an anchor another page lacks (MkDocs' warnings, the second known only once
    every page is laid out) are logged once each and stop a --strict build, as without workers."""
    told = []
    for workers in (2, 1):
        project = copy_project(tmp_path / f"project-{workers}")
        _append(project, BODY, "参见[不存在的页面](missing.md)和[另一页的小节](xxgk-zhidu.md#no-such-anchor)。")
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + "validation:\n  anchors: warn\n", encoding="utf-8")
        told.append(_build(project, tmp_path / f"site-{workers}", workers, strict=True))
    assert told[0]["written"] and told[0]["written"][0] > 40, "the workers did not run"
    assert sorted(told[0]["logged"]) == sorted(told[1]["logged"]) and told[0]["problems"] == told[1]["problems"]
    logged = sorted(told[0]["logged"])
    assert len(logged) == 2 and "missing.md" in logged[0] and "no-such-anchor" in logged[1], logged
    assert any("no-such-anchor" in problem[3] for problem in told[0]["problems"])


PARSE = """
import json, sys
from pathlib import Path
from generator.content.validate import load_sources
from generator.source import loader

project, scratch = Path(sys.argv[1]), Path(sys.argv[2])

def load(cache, pool):
    loader.PARSE_POOL = pool
    with loader.source_cache(cache, workers=2):
        read = load_sources(project)
        pickled = len(loader._PARSED[-1].pickled)
    return read, pickled

pooled, by_workers = load(scratch / "a", 1)
alone, by_itself = load(scratch / "b", 10**9)
again, by_workers_again = load(scratch / "a", 1)
print(json.dumps({
    "pickled": [by_workers, by_itself, by_workers_again],
    "same": pooled == alone,
    "cached": again == pooled,
    "sources": len(pooled[0]),
    "problems": [problem.format() for problem in pooled[1]],
}))
"""


def test_sources_parsed_by_workers_are_the_sources_read_in_one_process(tmp_path: Path) -> None:
    """Forked workers parse the sources of a first build (``PARSE_POOL`` 1 here): the same sources, marks and problems
    in the same order as one process reads them, with files that do not parse among them; the cache files the workers
    pickled are read back by the next build."""
    project = copy_project(tmp_path / "project")
    (project / "content/articles/no-front-matter.md").write_text("正文没有信息头。\n", encoding="utf-8")
    (project / "content/rosters/bad.yaml").write_text("title: [未闭合\n", encoding="utf-8")
    (project / "content/articles/notes.txt").write_text("放错的文件\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", PARSE, str(project), str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["pickled"][0] > 10 and result["pickled"][1:] == [0, 0], result["pickled"]
    assert result["same"] and result["cached"] and result["sources"] > 10
    told = "\n".join(result["problems"])
    assert all(name in told for name in ("no-front-matter.md", "bad.yaml", "notes.txt")), told
    assert not [name for name in os.listdir(os.environ.get("TMPDIR", "/tmp")) if name.startswith("gongkai-sources-")]

"""Incremental builds (issue 21): a rebuild takes unchanged pages and search bundles from the previous site,
and publishes exactly the bytes a build from nothing writes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import json
import os
import re
import subprocess
import sys
from pathlib import Path, PurePosixPath
from typing import NamedTuple

import markupsafe
import pydantic
import pytest
from conftest import REPO, copy_project, tree_bytes

from generator import cache
from generator.build import build
from generator.cache import UndigestableError, digest_of, memoized
from generator.web.reuse import SITE_READS, TODAY_TEMPLATES
from generator.web.search import GLOB_CHARS, plan_bundles

TODAY = dt.date(2024, 11, 22)
THEME = REPO / "generator/web/theme"


def test_the_theme_reads_from_the_site_model_only_what_page_digests_cover() -> None:
    """A page is reused when its digest is the same: the digest covers what the templates read from ``gk``."""
    reads: dict[str, set[str]] = {}
    for template in sorted(THEME.rglob("*.html")) + sorted(THEME.rglob("*.xml")):
        text = " ".join(re.findall(r"\{[{%](.*?)[%}]\}", template.read_text(encoding="utf-8"), re.S))  # Jinja only
        for name in re.findall(r"\bgk\.(\w+)", text):
            reads.setdefault(name, set()).add(template.name)
        for call in re.findall(r"\bgk\.item\(([^)]*)\)", text):
            assert call in ('"page", "contact"', "*item.part_of.split('/'"), (template.name, call)
        assert not re.search(r"(?<![#-])\bgk\b(?![.\w-])", text), f"{template.name} hands gk on whole"
    assert set(reads) <= SITE_READS, set(reads) - SITE_READS
    assert reads.get("today", set()) <= TODAY_TEMPLATES
    assert reads.get("updated", set()) <= {"sitemap.xml"}


def test_search_bundles_are_a_year_each_and_an_edit_keeps_the_other_bundles() -> None:
    pages = [(f"a/{year}-{n}/", str(year)) for year in (2023, 2024) for n in range(5)] + [("jiefang/", "")]
    plan = plan_bundles(pages, bundle_size=2)
    assert [b.folder for b in plan] == [
        "pagefind/parts/site",
        *(f"pagefind/parts/2023{suffix}" for suffix in ("", "-2", "-3")),
        *(f"pagefind/parts/2024{suffix}" for suffix in ("", "-2", "-3")),
    ]
    assert plan[1].pages == ("a/2023-0/index.html", "a/2023-1/index.html")
    after = plan_bundles([*pages, ("a/2023-9/", "2023")], bundle_size=2)
    assert [b for b in after if "2024" in b.folder] == [b for b in plan if "2024" in b.folder]
    long = [("x" * 200 + f"/{n}/", "2020") for n in range(GLOB_CHARS // 200 + 10)]
    assert all(sum(len(p) + 1 for p in b.pages) <= GLOB_CHARS for b in plan_bundles(long))


def _digests(project: Path, seed: str) -> dict[str, str]:
    script = (
        "import datetime, json, sys; from pathlib import Path\n"
        "from generator.build import prepare_site\nfrom generator.web.reuse import page_digests\n"
        f"r, _ = prepare_site(Path({str(project)!r}), datetime.date(2024, 11, 22))\n"
        "print(json.dumps(page_digests(r, b'')))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    return dict(json.loads(run.stdout.strip().splitlines()[-1]))


def test_a_page_digest_is_the_same_in_every_process(example: Path) -> None:
    """Set orders and string hashes change from process to process: a digest must not."""
    first, second = _digests(example, "1"), _digests(example, "2")
    assert first == second and len(first) > 40
    assert None not in first.values()  # every page of the example can be reused


def _inode(path: Path) -> int:
    return path.stat().st_ino


def test_an_incremental_build_writes_the_bytes_of_a_build_from_nothing(tmp_path: Path) -> None:
    """Edits of each kind (notice, roster, table, settings, template, a deletion, a new file that no page shows, a
    page edited by hand in the site):
    after each, the rebuild of the site is byte for byte a build of the same project into an empty folder, and
    it took the pages the edit did not touch from the previous site."""
    project = copy_project(tmp_path / "project")
    site = project / "site"
    build(project, site, TODAY)
    unrelated = site / "articles/xinfang-zhineng/index.html"

    def edit(path: str, old: str, new: str) -> None:
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    def hand_edit() -> None:
        page = site / "articles/xxgk-zhinan/index.html"
        page.write_bytes(page.read_bytes().replace(b"</main>", b"<p>hand</p></main>"))
        edit("content/notices/2024h1-tongbao.md", "（示例数据）", "（示例数据，修订）")

    override = project / "overrides/partials"
    steps = {
        "notice": lambda: edit("content/notices/2024-xinfang-month.md", "。", "。（修订）"),
        "roster": lambda: edit("content/rosters/2024-xinfang-month.yaml", "time: 14:30-17:30", "time: 15:00-17:30"),
        "table": lambda: edit("data/xinfang-2024h1.csv", "东区社区,来信,10,11", "东区社区,来信,12,13"),
        "settings": lambda: edit("content/site.yaml", "title: ", "title: 新"),
        "template": lambda: (
            override.mkdir(parents=True),
            (override / "components.html").write_text(
                (THEME / "partials/components.html").read_text(encoding="utf-8").replace("示例数据", "演示数据"),
                encoding="utf-8",
            ),
            edit("mkdocs.yml", "  name: gongkai\n", "  name: gongkai\n  custom_dir: overrides\n"),
        ),
        "deletion": lambda: (project / "content/articles/xxgk-zhidu.md").unlink(),
        "asset": lambda: (
            (project / "content/assets").mkdir(exist_ok=True)
            or (project / "content/assets/note.txt").write_text("附件说明。\n", encoding="utf-8")
        ),
        "hand edit": hand_edit,
    }
    for number, (kind, change) in enumerate(steps.items()):
        before = {rel: _inode(site / rel) for rel in ("articles/xinfang-zhineng/index.html",)}
        change()
        build(project, site, TODAY)
        cold = tmp_path / f"cold-{number}"
        cache._MEMO.clear()  # the build from nothing computes its figures, workbooks and charts anew
        build(project, cold, TODAY)
        incremental, fresh = tree_bytes(site), tree_bytes(cold)
        assert sorted(incremental) == sorted(fresh), kind
        assert [rel for rel in fresh if incremental[rel] != fresh[rel]] == [], kind
        shown = {"notice": "（修订）", "roster": "15:00", "template": "演示数据", "hand edit": "示例数据，修订"}
        if kind in shown:  # the edit is in the site (not a cached parse of the file as it was)
            assert any(shown[kind].encode() in data for rel, data in incremental.items() if rel.endswith(".html")), kind
        if kind not in ("settings", "template", "deletion"):  # these change every page (the header, the lists)
            assert _inode(unrelated) == before["articles/xinfang-zhineng/index.html"], f"{kind}: page not reused"
    assert b"hand" not in (site / "articles/xxgk-zhinan/index.html").read_bytes()


def test_serve_renders_again_only_what_an_edit_changed(example: Path, tmp_path: Path) -> None:
    """``gongkai serve``: after a save, the preview shows the edit, and only the pages it touched were made again."""
    import queue
    import socket
    import threading
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    serve = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--root", str(example), "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "GONGKAI_CACHE_DIR": str(tmp_path / "cache"), "TMPDIR": str(scratch)},  # from nothing
    )
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in serve.stdout or ()], daemon=True)
    reader.start()

    def next_update() -> str:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = lines.get(timeout=deadline - time.monotonic())
            if line.startswith("预览已更新"):
                return line
        raise AssertionError("no rebuild")

    try:
        first = next_update()
        total = int(re.search(r"重新生成 (\d+) 个页面", first).group(1))  # type: ignore[union-attr]
        assert total > 40 and "，0 个未改动" in first, first
        time.sleep(1)  # the watcher is on before the edit
        page = example / "content/articles/xinfang-zhineng.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n预览里新加的一句话。\n", encoding="utf-8")
        second = next_update()
        built, kept = (int(n) for n in re.findall(r"(\d+) 个", second))
        assert built + kept == total and 0 < built < 10, second
        url = f"http://127.0.0.1:{port}/articles/xinfang-zhineng/"
        assert "预览里新加的一句话" in urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
    finally:
        serve.terminate()
        serve.wait(timeout=30)
        reader.join(timeout=10)
        if serve.stdout is not None:
            serve.stdout.close()
    assert list(scratch.iterdir()) == [], "a terminated server leaves its temporary files (site, font copies) behind"


def test_a_build_with_only_the_cache_kept_takes_its_pages_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI keeps the build cache, not site/: a fresh checkout's build links the unchanged pages from the cache,
    also when the cache was restored as copies (other times and inodes), and writes the bytes of a cold build."""
    import shutil

    cache = tmp_path / "cache"
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(cache))
    project = copy_project(tmp_path / "project")
    build(project, project / "site", TODAY)
    shutil.rmtree(project / "site")
    restored = tmp_path / "restored"
    shutil.copytree(cache, restored, copy_function=shutil.copy)  # as a CI cache comes back: new files
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(restored))
    page = project / "content/notices/2024h1-tongbao.md"
    page.write_text(page.read_text(encoding="utf-8").replace("（示例数据）", "（示例数据，今日）", 1), encoding="utf-8")
    build(project, project / "site", TODAY)
    kept = {path.stat().st_ino for path in (restored / "pages").rglob("*.html")}
    article = project / "site/articles/xinfang-zhineng/index.html"
    assert article.stat().st_ino in kept  # linked, not rendered
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path / "cold-cache"))
    build(project, tmp_path / "cold", TODAY)
    assert tree_bytes(project / "site") == tree_bytes(tmp_path / "cold")


def _empty_folders(tree: Path) -> list[str]:
    return [p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_dir() and not any(p.iterdir())]


def test_a_build_starts_from_the_tree_the_last_build_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tree a build replaces is kept as the next build's starting point (the spare): the files that build
    would write again stay where they are, everything else goes; a spare tampered with, or not matching its
    record, is not trusted; a failed build leaves the published site as it was."""
    from generator.problems import GongkaiError
    from generator.publish.record import MARK, Reuse, spare_path

    adopted: list[bool] = []
    adopt = Reuse.adopt_spare
    monkeypatch.setattr(Reuse, "adopt_spare", lambda self, staging: adopted.append(adopt(self, staging)) or adopted[-1])
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path / "cache"))
    project = copy_project(tmp_path / "project")
    site, notice = project / "site", project / "content/notices/2024-xinfang-month.md"
    spare = spare_path(tmp_path / "cache", site)

    def edit(mark: str) -> None:
        notice.write_text(notice.read_text(encoding="utf-8").replace("。", f"。{mark}", 1), encoding="utf-8")

    def same_as_cold(step: str) -> None:
        cold = tmp_path / f"cold-{step}"
        build(project, cold, TODAY)
        assert tree_bytes(site) == tree_bytes(cold), step
        assert _empty_folders(site) == [], step

    build(project, site, TODAY)
    assert not spare.exists()  # nothing replaced yet
    edit("（一）")
    build(project, site, TODAY)
    assert (spare / MARK).is_file()  # the first tree, waiting
    assert adopted == [False, False]
    # The spare as a careless hand might leave it: a stray file and folder, a page rewritten (a new file).
    (spare / "stray.html").write_text("<p>stray</p>", encoding="utf-8")
    (spare / "stray/deeper").mkdir(parents=True)
    (spare / "stray/deeper/x.txt").write_text("x", encoding="utf-8")
    tampered = spare / "articles/xxgk-zhinan/index.html"
    data = tampered.read_bytes().replace(b"</main>", b"<p>tampered</p></main>")
    tampered.unlink()
    tampered.write_bytes(data)
    for entry in (spare / "pagefind/parts").glob("*/pagefind-entry.json"):  # every search bundle, by name only
        entry.unlink()
        entry.write_text('{"tampered": true}', encoding="utf-8")
    unrelated = "articles/xinfang-zhineng/index.html"
    inode = _inode(spare / unrelated)
    edit("（二）")
    build(project, site, TODAY)
    assert adopted[-1] is True
    assert _inode(site / unrelated) == inode  # left where it was
    assert not (site / "stray.html").exists() and not (site / "stray").exists()
    assert b"tampered" not in (site / "articles/xxgk-zhinan/index.html").read_bytes()
    same_as_cold("spare")
    # A mark that names another record: the spare is not used (and removed).
    (spare / MARK).write_text("0" * 32 + "\n", encoding="ascii")
    edit("（三）")
    build(project, site, TODAY)
    assert adopted[-1] is False
    same_as_cold("mark")
    # A build that fails uses up the spare and leaves the site as it was; the next build is whole again.
    before = tree_bytes(site)
    good = notice.read_text(encoding="utf-8")
    notice.write_text(good.replace("title:", "title: [unclosed", 1), encoding="utf-8")
    with pytest.raises(GongkaiError):
        build(project, site, TODAY)
    assert tree_bytes(site) == before
    notice.write_text(good, encoding="utf-8")
    edit("（四）")
    build(project, site, TODAY)
    same_as_cold("after a failure")
    edit("（五）")
    build(project, site, TODAY)
    assert adopted[-1] is True
    same_as_cold("spare again")
    _record_is_true_to(tmp_path / "cache", site)
    in_place: list[bool] = []
    bundle_in_place = Reuse._bundle_in_place
    monkeypatch.setattr(
        Reuse, "_bundle_in_place", lambda self, *args: in_place.append(bundle_in_place(self, *args)) or in_place[-1]
    )
    edit("（六）")  # with the search bundles of the spare left in place this time
    build(project, site, TODAY)
    assert adopted[-1] is True and True in in_place
    _record_is_true_to(tmp_path / "cache", site)
    same_as_cold("spare with its bundles")


def _record_is_true_to(cache: Path, site: Path) -> None:
    """The record of the build into ``site`` has each page's and search bundle file's size and time as they are
    (some are taken from the spare's record, not asked of the file system)."""
    import pickle

    from generator.publish.record import Reuse, record_path

    record = pickle.loads(record_path(cache, site).read_bytes())
    assert record.pages and record.stats
    for _, rel, _, _, size, mtime in record.pages.values():
        assert (size, mtime) == ((stat := os.stat(site / rel)).st_size, stat.st_mtime_ns), rel
    for rel, (size, mtime) in record.stats.items():
        assert (size, mtime) == ((stat := os.stat(site / rel)).st_size, stat.st_mtime_ns), rel
    assert Reuse(cache, site).last is not None  # and it is the record the next build reads


def test_file_sums_read_a_file_again_only_when_it_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sources' sums are kept with their stat: an unchanged file is not read again; a file rewritten with the
    same size and its old modification time is (its ctime moved); a file changed just before it was read is
    not kept (it could change again within the clock's tick)."""
    import hashlib

    from generator import cache

    source = tmp_path / "a.md"
    source.write_text("一二三", encoding="utf-8")
    fresh = cache.FileSums(tmp_path / "c")
    assert fresh.sha256(source) == hashlib.sha256("一二三".encode()).hexdigest()
    fresh.save()
    assert cache.FileSums(tmp_path / "c").known == {}  # written a moment ago: not trusted yet

    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    settled = cache.FileSums(tmp_path / "c")
    settled.sha256(source)
    settled.save()
    kept = cache.FileSums(tmp_path / "c")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("read again")

    monkeypatch.setattr(cache, "open", refuse, raising=False)
    assert kept.sha256(source) == hashlib.sha256("一二三".encode()).hexdigest()  # not read
    monkeypatch.undo()
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    times = source.stat()
    source.write_text("一二四", encoding="utf-8")  # the same size
    os.utime(source, ns=(times.st_atime_ns, times.st_mtime_ns))  # and the same modification time
    assert cache.FileSums(tmp_path / "c").sha256(source) == hashlib.sha256("一二四".encode()).hexdigest()


def test_a_same_size_edit_with_the_old_time_is_not_taken_for_no_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The no-op check reads its sums from the stat cache: an edit that keeps the size and modification time
    is still an edit."""
    from generator import cache
    from generator.publish.unchanged import nothing_changed

    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    monkeypatch.setattr(cache, "_SUMS", {})
    project = copy_project(tmp_path / "project")
    site = project / "site"
    build(project, site, TODAY)
    assert nothing_changed(project, site, TODAY, False)[1] is not None
    notice = project / "content/notices/2024-xinfang-month.md"
    times, text = notice.stat(), notice.read_text(encoding="utf-8")
    assert "。" in text
    notice.write_text(text.replace("。", "，", 1), encoding="utf-8")  # the same number of bytes
    os.utime(notice, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert (notice.stat().st_size, notice.stat().st_mtime_ns) == (times.st_size, times.st_mtime_ns)
    monkeypatch.setattr(cache, "_SUMS", {})  # as a new process
    assert nothing_changed(project, site, TODAY, False)[1] is None


def test_the_cache_drops_what_no_build_uses_a_little_at_a_time(tmp_path: Path) -> None:
    """Pages and search bundles no build used are removed once the cache holds many more than a build uses;
    bundles the oldest first and only the excess, so no one build pays for the clearing of many edits."""
    from generator.publish.record import BUNDLES, PAGES, SPARE, Reuse

    cache, tree = tmp_path / "cache", tmp_path / "site"
    for number in range(30):
        old = cache / BUNDLES / f"old-{number:02d}"
        old.mkdir(parents=True)
        (old / "pagefind-entry.json").write_text("{}", encoding="utf-8")
        os.utime(old, ns=(number * 10**9, number * 10**9))
    unused_pages = [f"{number:064x}" for number in range(1, 1100)]
    for digest in unused_pages:
        page = cache / PAGES / digest[:2] / f"{digest}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("old", encoding="utf-8")
    (tree / "pagefind/parts/site").mkdir(parents=True)
    (tree / "pagefind/parts/site/pagefind-entry.json").write_text("{}", encoding="utf-8")
    (tree / "a").mkdir()
    (tree / "a/index.html").write_text("<p>a</p>", encoding="utf-8")
    used = "a" * 64
    Reuse(cache, tree).keep(tree, {"a.md": (used, "a/index.html", True)}, {"pagefind/parts/site": "b" * 64})
    left = sorted(path.name for path in (cache / BUNDLES).iterdir())
    limit = SPARE * 1 + 20
    assert len(left) == limit and "b" * 64 in left
    assert min(name for name in left if name.startswith("old-")) == f"old-{31 - limit:02d}"  # the oldest went first
    pages = {path.stem for path in (cache / PAGES).rglob("*.html")}
    assert pages == {used}  # over the limit for pages: every page no build used goes


def test_the_spare_tree_is_trusted_only_with_the_record_of_its_own_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build given its output folder as a relative path still clears the spare before writing; a build killed
    after publishing but before keeping its record leaves a tree no record describes: it is not kept as a spare."""
    from generator.publish.record import Reuse

    adopted: list[bool] = []
    adopt = Reuse.adopt_spare
    monkeypatch.setattr(Reuse, "adopt_spare", lambda self, staging: adopted.append(adopt(self, staging)) or adopted[-1])
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path / "cache"))
    project = copy_project(tmp_path / "project")
    notice = project / "content/notices/2024-xinfang-month.md"
    monkeypatch.chdir(project)
    site = Path("site")  # relative, as a caller of build() may give it

    def edit_and_build(mark: str) -> bool:
        """Whether the build of site/ started from the spare."""
        notice.write_text(notice.read_text(encoding="utf-8").replace("。", f"。{mark}", 1), encoding="utf-8")
        before = len(adopted)
        build(project, site, TODAY)
        cold = tmp_path / f"cold-{mark}"
        build(project, cold, TODAY)
        assert tree_bytes(project / "site") == tree_bytes(cold), mark
        return adopted[before]

    build(project, site, TODAY)
    edit_and_build("（一）")
    assert edit_and_build("（二）") is True
    retire = Reuse.retire

    def killed(*args: object) -> None:
        raise SystemExit("killed")

    monkeypatch.setattr(Reuse, "retire", killed)
    with pytest.raises(SystemExit):
        edit_and_build("（三）")  # published, then killed: the record is still the last build's
    monkeypatch.setattr(Reuse, "retire", retire)
    edit_and_build("（四）")  # replaces a tree that record does not describe: not kept
    assert edit_and_build("（五）") is False
    assert edit_and_build("（六）") is True


def test_the_build_imports_pandas_only_when_a_table_is_computed() -> None:
    """pandas (0.4 s to import) is loaded where a statistics table is computed, not by importing the build."""
    code = "import sys, generator.build, generator.plugin, generator.cli; print('pandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.strip() == "False"


@dataclasses.dataclass(frozen=True)
class Point:
    x: int
    label: str


class Model(pydantic.BaseModel):
    name: str
    when: dt.date


class Pair(NamedTuple):
    a: int
    b: str


class Colour(enum.Enum):
    RED = "red"


class Own:
    def __digest__(self) -> object:
        return ("own", 1)


def test_a_kept_result_is_computed_again_when_an_argument_changes_and_figures_are_the_callers_own(
    example: Path,
) -> None:
    """``memoized``: a change anywhere in an argument (a table's cell) computes again; a caller's change to the
    figures it got never reaches the next caller."""
    from generator.content.validate import read_content
    from generator.stats.figures import compute_figures

    calls: list[int] = []

    @memoized
    def total(rows: tuple[tuple[str, ...], ...]) -> int:
        calls.append(1)
        return sum(int(cell) for row in rows for cell in row)

    assert total((("1", "2"),)) == 3 and total((("1", "2"),)) == 3 and len(calls) == 1
    assert total((("1", "3"),)) == 4 and len(calls) == 2
    assert total(iter([("1", "3")])) == 4 and len(calls) == 3  # an argument with no digest: called, not kept
    cache.sweep_memo()  # a build starts: both kept results were asked for since the last sweep, so both stay
    assert total((("1", "2"),)) == 3 and len(calls) == 3
    cache.sweep_memo()  # the next build: only (1, 2) was asked for
    assert total((("1", "2"),)) == 3 and len(calls) == 3
    assert total((("1", "3"),)) == 4 and len(calls) == 4  # dropped, computed again
    content, _ = read_content(example)
    tables = list(content.tables)
    first = compute_figures(tables)
    first["信访总量"]["批次"] = -1
    assert compute_figures(tables)["信访总量"]["批次"] != -1
    table = tables[0]
    rows = (table.source.rows[0], *((*row[:-1], str(int(row[-1]) + 1)) for row in table.source.rows[1:]))
    changed = dataclasses.replace(table, source=dataclasses.replace(table.source, rows=rows))
    assert compute_figures([changed, *tables[1:]]) != compute_figures(tables)


def test_the_digest_of_each_kind_of_value_is_written_as_it_always_was() -> None:
    """``feed`` writes each kind of value in one fixed way: the digest below was made by the first ``feed``
    (one chain of type tests), so a faster writer cannot change what a value's digest is."""
    values = [
        *(None, True, 3, 2.5, dt.date(2024, 9, 18), dt.datetime(2024, 9, 18, 8, 30), "信访"),
        *(markupsafe.Markup("<b>x</b>"), [1, "a"], (None,), Pair(1, "b"), {"b": 2, "a": [1]}, {3, 1, 2}),
        *(frozenset({"x"}), Point(1, "p"), Model(name="n", when=dt.date(2024, 1, 1)), decimal.Decimal("1.50")),
        *(b"\x00", dt.time(8, 30), PurePosixPath("a/b"), Colour.RED, re.compile("a+"), Own()),
    ]
    assert digest_of(*values) == "b686dce1786b6dc22303b94ca48e5b883284cf5e88c9a0cbd48400954e3a666b"
    assert digest_of("a", "b") != digest_of("ab") != digest_of(["a", "b"])
    with pytest.raises(UndigestableError):
        digest_of([1, object()])


@pytest.mark.parametrize(
    "base",
    [
        "https://example.org/qingyang-xfgk/",
        "https://example.org/",
        "https://example.org/x",
        "https://e.org/a/?q=1#f",
        "",
        "https://x.org/a//",
        "https://x.org/a/./b/",
        "https://x.org/a/../b/",
        "https://x.org//",
        "http://x:8080/a/",
    ],
)
def test_the_sitemap_joins_addresses_as_urljoin_does(base: str) -> None:
    from urllib.parse import urljoin

    from generator.plugin import _absolute

    urls = ["articles/a/", "./", "index.html", "a/b.html", "../x/", "a/../b/", "a/./b/", ".hidden/", "a..b/", "..."]
    urls += ["%E4%B8%AD/", "x?y", "#f", "//h/p", "http://o/", "a:b/", "~u/", "", "/abs/", "a//b/", ".", "..", "a/.../"]
    for url in urls:
        assert _absolute(base, url) == urljoin(base, url), url


def test_a_source_kept_in_the_cache_is_pickled_with_its_marks_as_plain_pairs() -> None:
    """A large site's parsed sources hold hundreds of thousands of marks: kept as (line, column) pairs, they are
    written and read back without making a Mark of each; read back, each is a Mark again."""
    import pickle

    from generator.source.yamldoc import LocatedData, Mark

    located = LocatedData({"a": [1, 2]}, {("a",): Mark(2, 3), ("a", 0): Mark(3, 5)}, {("a",): Mark(2, 1)})
    once = pickle.dumps(located, protocol=pickle.HIGHEST_PROTOCOL)
    assert b"\x8c\x04Mark" not in once  # the class Mark is never named (_PairMarks is)
    again = pickle.loads(once)
    twice = pickle.dumps(again, protocol=pickle.HIGHEST_PROTOCOL)  # the cache writes what it read, too
    assert b"\x8c\x04Mark" not in twice
    back = pickle.loads(twice)
    assert back.value_marks[("a", 0)] == Mark(3, 5) and isinstance(back.value_marks[("a", 0)], Mark)
    assert back.mark_for(("a",), key=True) == Mark(2, 1) and dict(back.value_marks.items()) == located.value_marks


def test_the_sitemap_join_takes_the_short_way_for_a_plain_address() -> None:
    from generator.plugin import _plain_base

    assert _plain_base("https://example.org/qingyang-xfgk/") and _plain_base("http://x:8080/")
    assert not any(map(_plain_base, ["https://x.org/a//", "https://x.org/a/./", "https://x.org/a", "https://x/?q/"]))


def test_the_manifest_takes_the_sums_of_the_pages_mkdocs_wrote_without_reading_them_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each page's sha256 is taken from the bytes handed to MkDocs to write; the manifest reads back only other
    files (PDFs, data), and the tree check still finds every sum true."""
    from generator import plugin

    read_back: list[str] = []
    sha256_file = plugin.sha256_file

    def counted(path: str) -> str:
        read_back.append(str(path))
        return sha256_file(path)

    monkeypatch.setattr(plugin, "sha256_file", counted)
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path / "cache"))
    project = copy_project(tmp_path / "project")
    build(project, project / "site", TODAY)
    assert read_back and not [path for path in read_back if path.endswith(".html")]
    manifest = json.loads((project / "site/manifest.json").read_text(encoding="utf-8"))
    pages = [rel for item in manifest["items"] for rel in item["files"] if rel.endswith(".html")]
    assert len(pages) > 10


def test_the_plugin_sees_each_page_after_every_other_plugin() -> None:
    """The output gongkai hands to the search index and sums for the manifest is the one MkDocs writes: its
    on_post_page runs last, whatever plugins come after it in mkdocs.yml."""
    from mkdocs.plugins import BasePlugin, PluginCollection

    from generator.plugin import GongkaiPlugin

    class Later(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        def on_post_page(self, output: str, **_: object) -> str:
            return output + "<!-- later -->"

    plugins = PluginCollection()
    gongkai = GongkaiPlugin()
    plugins["gongkai"] = gongkai
    plugins["later"] = Later()
    assert plugins.events["post_page"][-1] == gongkai.on_post_page

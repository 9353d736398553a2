"""The one build: golden example tree, manifest, atomic publish, reproducibility, publication gate."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, gongkai, tree_bytes

GOLDEN = REPO / "tests/golden/example"


def build(root: Path, *extra: str) -> Path:
    run = gongkai("build", "--root", str(root), *extra)
    assert run.code == 0, run.stderr
    assert "Traceback" not in run.stderr
    return root / "site"


RENDERED = (".pdf", "-chart.svg", "-trend.svg", ".xlsx")
"""Files whose bytes come from a rendering library (WeasyPrint, matplotlib, openpyxl) and the
machine's fonts: checked by structure (test_pdf.py, test_stats.py), not against golden bytes."""


INDEX = "pagefind/"
"""Pagefind's index: bytes made by the installed Pagefind (a new release changes them), so it is
compared build against build (reproducibility) and searched in the browser, not held as golden bytes."""


def comparable(tree: dict[str, bytes]) -> dict[str, bytes]:
    """The tree without library-rendered files and their digests, and without the search index."""
    kept = {path: data for path, data in tree.items() if not path.endswith(RENDERED) and not path.startswith(INDEX)}
    if "manifest.json" in kept:
        manifest = json.loads(kept["manifest.json"])
        for item in manifest["items"]:
            item["files"] = {p: ("<rendered>" if p.endswith(RENDERED) else d) for p, d in item["files"].items()}
        kept["manifest.json"] = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()
    if "SHA256SUMS" in kept:
        lines = kept["SHA256SUMS"].decode().splitlines(keepends=True)
        kept["SHA256SUMS"] = "".join(
            f"<rendered>  {line.split('  ', 1)[1]}"
            if line.rstrip().endswith(RENDERED) or "  pagefind/" in line or line.rstrip().endswith("  manifest.json")
            else line  # manifest.json holds the rendered files' digests: it is compared normalised, above
            for line in lines
        ).encode()
    return kept


def test_example_matches_golden(example_site: Path, update_golden: bool) -> None:
    site = example_site
    actual = comparable(tree_bytes(site))
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(site, GOLDEN, ignore=shutil.ignore_patterns(*(f"*{suffix}" for suffix in RENDERED), "pagefind"))
        (GOLDEN / "manifest.json").write_bytes(actual["manifest.json"])
        (GOLDEN / "SHA256SUMS").write_bytes(actual["SHA256SUMS"])
    expected = tree_bytes(GOLDEN)
    assert sorted(actual) == sorted(expected), "file list differs; rerun with --update-golden and review"
    for path, data in expected.items():
        assert actual[path] == data, f"{path} differs from the golden copy; rerun with --update-golden and review"


def test_manifest_lists_the_notice(example_site: Path) -> None:
    site = example_site
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    notice = next(i for i in manifest["items"] if i["kind"] == "notice")
    assert notice["suoyinhao"] == "qz06901-2420-2024-00091"
    assert notice["doc_number"] == "晋政青〔2024〕62号"
    assert notice["url"] == "notices/2024-xinfang-month/"
    for path, digest in notice["files"].items():
        assert len(digest) == 64 and (site / path).is_file()
    assert (site / "index.html").is_file()


def test_every_page_shows_the_example_marker(example_site: Path) -> None:
    site = example_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 6
    for page in pages:
        assert "示例数据" in page.read_text(encoding="utf-8"), page


def test_failed_build_leaves_previous_site_byte_identical(example_built: Path) -> None:
    example, site = example_built, example_built / "site"
    before = tree_bytes(site)
    notice = example / "content/notices/2024-xinfang-month.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace("genre: 通知", "genre: 通告书"), encoding="utf-8")
    run = gongkai("build", "--root", str(example))
    assert run.code == 1
    assert "[bad-choice]" in run.stderr and "Traceback" not in run.stderr
    assert tree_bytes(site) == before
    assert [p.name for p in example.iterdir() if p.name.startswith(".site")] == []


def test_template_failure_mid_build_leaves_previous_site(example_built: Path) -> None:
    example, site = example_built, example_built / "site"
    before = tree_bytes(site)
    (example / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: content\ntheme:\n  name: no-such-theme\n", encoding="utf-8"
    )
    run = gongkai("build", "--root", str(example))
    assert run.code == 1 and "Traceback" not in run.stderr, run.stderr
    assert tree_bytes(site) == before


def test_two_builds_are_byte_identical(example_site: Path, tmp_path: Path) -> None:
    """The same project in two different folders, built into two different folders: the same bytes."""
    from conftest import copy_project

    elsewhere = copy_project(tmp_path / "elsewhere" / "another-name")
    first = tree_bytes(example_site)  # the shared build, made in a folder of its own
    build(elsewhere, "--out", str(tmp_path / "two"))
    second = tree_bytes(tmp_path / "two")
    assert len(first) > 100
    assert sorted(first) == sorted(second)
    assert [p for p in first if first[p] != second[p]] == []  # search index (pagefind/) included
    assert any(p.startswith(INDEX) and p.endswith(".pf_filter") for p in first)


def test_only_reviewed_public_items_are_published(example: Path) -> None:
    notice = example / "content/notices/2024-xinfang-month.md"
    notice.write_text(
        notice.read_text(encoding="utf-8").replace("disclosure: 主动公开", "disclosure: 依申请公开"), encoding="utf-8"
    )
    site = build(example)
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert [i["url"] for i in manifest["items"] if "xinfang-month" in i["url"]] == []  # the notice, its plan, roster
    assert not (site / "notices/2024-xinfang-month").exists() and not (site / "rosters").exists()


@pytest.mark.slow
def test_future_items_wait_for_their_publication_date(example: Path) -> None:
    early = gongkai("build", "--root", str(example), "--today", "2024-07-07")  # the tables come out on 07-08
    assert early.code == 1 and "Traceback" not in early.stderr
    assert "content/pages/2024h1-summary.md:7: 错误: 正文引用的统计数字“信访总量”来自尚未公开的数据表" in early.stderr
    site = build(example, "--today", "2024-09-17")
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert {i["kind"] for i in manifest["items"]} == {
        "page",
        "table",
        "notice",
        "article",
        "report",
    }  # 通报, 指南, 年报…
    assert not (site / "notices/2024-xinfang-month").exists()
    site = build(example, "--today", "2024-09-18")
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert {i["kind"] for i in manifest["items"]} == {
        "notice",
        "article",
        "campaign",
        "roster",
        "page",
        "table",
        "report",
    }


def test_roster_open_data_carries_only_public_columns(example_site: Path) -> None:
    site = example_site
    csv_text = (site / "rosters/2024-xinfang-month/receptions.csv").read_text(encoding="utf-8-sig")
    header, first = csv_text.splitlines()[:2]
    assert header == "日期,星期,时间,姓名,职务,分管工作,接访地点,接访方式,备注"
    assert (
        first
        == "2024-09-18,星期三,08:30-12:00,王五,街道党工委副书记,党建、平安建设,街道基层治理中心2楼接访室,定点接访,"
    )
    assert (
        "2024-09-18,星期三,14:30-17:30,张三,街道党工委书记,主持党工委全面工作,街道基层治理中心2楼接访室,定点接访,9月18日调整：增加（活动首周增加书记接访）"
        in csv_text
    )


def test_plain_mkdocs_build_uses_the_same_plugin(example: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "out"], cwd=example, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert (example / "out/notices/2024-xinfang-month/index.html").is_file()
    assert json.loads((example / "out/manifest.json").read_text(encoding="utf-8"))["items"]
    notice = example / "content/notices/2024-xinfang-month.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace("genre: 通知", "genre: 通知书"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "out"], cwd=example, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "content/notices/2024-xinfang-month.md:8:8: 错误:" in done.stderr and "Traceback" not in done.stderr


def test_guard_finds_numbers_but_not_digits_inside_digests() -> None:
    """A mobile or ID number next to Chinese text or punctuation is caught; hex digests and base64 are not."""
    from generator.publish.guard import scan_text

    def codes(text: str) -> list[str]:
        return [p.code for p in scan_text("x.html", text, allowed={"13800138000"})]

    assert codes("联系人手机13912345678，") == ["private-data"]
    assert codes("电话：13912345678") == ["private-data"]
    assert codes("身份证号11010519491231002X。") == ["private-data"]
    assert codes("公开电话13800138000") == []
    assert codes("Tel13912345678") == ["private-data"] and codes("手机13912345678a") == ["private-data"]
    digest = "9f2a18012348927c0d5e" + "0" * 44
    assert codes(f'"sha256": "{digest}"') == []  # digits of a digest, not a phone number
    assert codes("data:image/png;base64,iVBORw0KGgoAAAANSUhEUg13912345678AAAAAAAA") == []


def test_a_failing_search_indexer_stops_the_build_and_keeps_the_old_site(
    example_built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.build import build as build_site
    from generator.problems import GongkaiError
    from generator.web import search

    example, site = example_built, example_built / "site"
    before = tree_bytes(site)
    (example / "content/pages/contact.md").write_text(
        (example / "content/pages/contact.md").read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8"
    )
    search.end_service()  # this process's service, if an earlier build started one
    monkeypatch.setattr(search, "pagefind_binary", lambda: "/bin/false")
    with pytest.raises(GongkaiError) as failed:
        build_site(example, site, dt.date(2024, 9, 20))
    assert [p.code for p in failed.value.problems] == ["search-index"]
    assert "站内搜索索引生成失败" in failed.value.problems[0].message
    assert tree_bytes(site) == before
    assert not [p for p in site.parent.iterdir() if p.name.startswith((".site-new-", ".site-search-"))]


def test_the_search_service_writes_what_the_command_line_indexer_writes(example_site: Path, tmp_path: Path) -> None:
    """Bundles come from one long-lived ``pagefind --service``: file for file what ``pagefind --site`` writes
    (both made stable the same way); a service that fails is replaced by a new one at the next bundle."""
    import filecmp
    import subprocess

    from generator.web import search

    pages = sorted(str(p.relative_to(example_site)) for p in (example_site / "articles").rglob("index.html"))
    assert len(pages) >= 2
    glob = "{" + ",".join(pages) + "}"
    command, service = tmp_path / "command", tmp_path / "service"
    options = ["--glob", glob, "--output-path", str(command), "--force-language", search.LANGUAGE, "--silent"]
    subprocess.run([search.pagefind_binary(), "--site", str(example_site), *options], check=True)
    search.search_service().index(example_site, service, glob)

    def files(folder: Path) -> list[str]:
        return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())

    written = {rel: (command / rel).read_bytes() for rel in files(command)}
    shutil.rmtree(command)
    search.write_bundle(command, search.stabilise(written))
    assert files(command) == files(service) and len(files(service)) > 5
    assert all(filecmp.cmp(command / rel, service / rel, shallow=False) for rel in files(service))
    entry = json.loads((service / "pagefind-entry.json").read_text(encoding="utf-8"))  # whole as soon as indexed
    assert entry["languages"][search.LANGUAGE]["page_count"] == len(pages)

    with pytest.raises(search.IndexerError, match="/dev/null"):  # the output folder cannot be made
        search.search_service().index(example_site, Path("/dev/null/bundle"), glob)
    with pytest.raises(search.IndexerError, match="只找到"):  # a glob that names fewer pages than the bundle has
        search.search_service().index(example_site, tmp_path / "short", glob, len(pages) + 1)
    with pytest.raises(search.IndexerError, match="UTF-8"):  # a folder named in another encoding
        search.search_service().index(Path(os.fsdecode(b"/tmp/\xb9\xab\xbf\xaa")), tmp_path / "gbk", glob)
    again = tmp_path / "again"
    search.search_service().index(example_site, again, glob)  # a new service
    assert files(again) == files(command)


STAND_IN_SERVICE = """
import base64, json, os, sys, time
scenario = os.environ["STAND_IN_SCENARIO"]
def answer(message_id, payload, raw=None):
    data = raw or base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode())
    if scenario == "dribble":  # the answer in pieces: a few bytes, then larger
        at = 0
        while at < len(data):
            size = 7 if at < 300 else 50_000
            sys.stdout.buffer.write(data[at : at + size]); sys.stdout.flush(); time.sleep(0.001)
            at += size
    else:
        sys.stdout.buffer.write(data)
    sys.stdout.buffer.write(b","); sys.stdout.flush()
pending = b""
while chunk := sys.stdin.buffer.read1(65536):
    pending += chunk
    while b"," in pending:
        raw, _, pending = pending.partition(b",")
        request = json.loads(base64.b64decode(raw))
        kind, number = request["payload"]["type"], request["message_id"]
        if kind == "NewIndex":
            answer(number, {"type": "NewIndex", "index_id": 0})
        elif kind in ("AddFile", "DeleteIndex"):
            answer(number, {"type": "DeletedIndex"})
        elif kind == "AddDir" and scenario == "garbled":
            answer(number, None, raw=b"not base64 at all")
        elif kind == "AddDir" and scenario == "anonymous-error":
            answer(None, {"type": "Error", "message": "Failed to index directory"})
        elif kind == "AddDir" and scenario == "exit":
            sys.exit(3)
        elif kind == "AddDir" and scenario == "silent":
            time.sleep(30)
        elif kind == "AddDir":
            answer(number, {"type": "IndexedDir", "page_count": 1})
        elif kind == "GetFiles":
            entry = base64.b64encode(b'{"version":"1.5.2","languages":{}}').decode()
            big = base64.b64encode(b"x" * 3_000_000).decode()
            files = [{"path": "pagefind-entry.json", "content": entry}, {"path": "pagefind.js", "content": big}]
            answer(number, {"type": "GetFiles", "files": files})
"""
"""A stand-in for ``pagefind --service`` that speaks its protocol, well or (``STAND_IN_SCENARIO``) badly: the real
one cannot be made to fail in each of these ways on demand."""


def _stand_in_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scenario: str) -> str:
    import sys

    script = tmp_path / "pagefind-stand-in"
    script.write_text(f"#!{sys.executable}\n{STAND_IN_SERVICE}", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("STAND_IN_SCENARIO", scenario)
    return str(script)


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        ("garbled", "应答无法读取"),
        ("anonymous-error", "Failed to index directory"),
        ("exit", "意外退出"),
        ("silent", "没有应答"),
    ],
)
def test_a_service_that_answers_wrongly_fails_the_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scenario: str, message: str
) -> None:
    """A garbled answer, an error that names no request, an exit and silence each fail the bundle with what went
    wrong, and the service is ended (the next bundle starts another)."""
    from generator.web import search

    monkeypatch.setattr(search, "ANSWER_SECONDS", 2)
    service = search.PagefindService(_stand_in_service(tmp_path, monkeypatch, scenario))
    with pytest.raises(search.IndexerError, match=message):
        service.index(tmp_path, tmp_path / "bundle")
    assert not service.alive() and not (tmp_path / "bundle").exists()
    service.close()


def test_an_answer_in_pieces_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An answer of megabytes that arrives a few bytes at a time is put together, and its files written whole."""
    from generator.web import search

    service = search.PagefindService(_stand_in_service(tmp_path, monkeypatch, "dribble"))
    try:
        service.index(tmp_path, tmp_path / "bundle")
        assert (tmp_path / "bundle/pagefind.js").read_bytes() == b"x" * 3_000_000
        assert json.loads((tmp_path / "bundle/pagefind-entry.json").read_text()) == {
            "version": "1.5.2",
            "languages": {},
        }
    finally:
        service.stop()
        service.close()


def test_an_answer_with_unreadable_files_fails_the_bundle() -> None:
    """Pagefind's files come back in its answer: a path out of the bundle, bad base64 or a bundle without its entry
    file is a search-index failure (before anything is written)."""
    import base64

    from generator.web import search

    def item(path: str, data: bytes = b"x") -> dict[str, str]:
        return {"path": path, "content": base64.b64encode(data).decode()}

    for answer in (
        [item("../escaped.txt"), item("pagefind-entry.json", b"{}")],
        [item("/tmp/escaped.txt")],
        [{"path": "pagefind-entry.json", "content": "not base64!"}],
        [item("pagefind.js")],
        None,
        [{"content": ""}],
        [item("", b"x"), item("pagefind-entry.json", b"{}")],  # a file where the bundle's folder is
        [item("pagefind-entry.json", b"[]")],  # the entry file a list
        [item("pagefind-entry.json", b'{"languages":{"zh-cn":{"hash":"x"}}}'), item("pagefind.x.pf_meta", b"no gzip")],
    ):
        with pytest.raises(search.IndexerError, match="无法读取"):
            search._bundle_files(answer)


def test_no_page_loads_anything_from_another_site(example_site: Path) -> None:
    """No external script, stylesheet, font, image or frame: every resource is in site/ (grep http, parsed)."""
    import html.parser
    import re

    class Resources(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            values = dict(attrs)
            rel = (values.get("rel") or "").split()
            if tag == "link" and not {"canonical", "alternate"} & set(rel):  # stylesheet, icon, preload, manifest…
                self.found.append(values.get("href") or "")
            for name in ("src", "srcset", "data", "poster"):
                if values.get(name) and tag in (
                    "script",
                    "img",
                    "source",
                    "iframe",
                    "embed",
                    "object",
                    "video",
                    "audio",
                ):
                    self.found.append(values[name] or "")
            self.found += re.findall(r"url\(([^)]*)\)", values.get("style") or "")

    site = example_site
    external = []
    for page in site.rglob("*.html"):
        parser = Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        external += [(page.name, url) for url in parser.found if re.match(r"\s*['\"]?(https?:)?//", url)]
    for sheet in site.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        urls = re.findall(r"url\(([^)]*)\)", text)
        external += [(sheet.name, u) for u in urls if re.match(r"\s*['\"]?(https?:)?//", u)]
        external += [(sheet.name, line) for line in text.splitlines() if "@import" in line]
    assert external == []


def test_emblem_sits_in_the_header_of_every_page(example: Path) -> None:
    emblem = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#b31b1b"/></svg>'
    )
    (example / "content/assets").mkdir(exist_ok=True)  # git keeps no empty folder
    (example / "content/assets/emblem.svg").write_text(emblem, encoding="utf-8")
    settings = example / "content/site.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("  org_code: qz06901\n", "  org_code: qz06901\n  emblem: emblem.svg\n"), encoding="utf-8"
    )
    site = build(example)
    assert (site / "assets/emblem.svg").read_text(encoding="utf-8") == emblem
    for page in ("index.html", "tzgg/index.html", "notices/2024-xinfang-month/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert 'class="gk-emblem" src="' in html and 'assets/emblem.svg"' in html


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_a_whole_site(tmp_path: Path) -> None:
    """100 builds killed (SIGKILL) at random moments: site/ is always one complete build, never a mix."""
    import os
    import random
    import signal
    import tempfile
    import time

    from conftest import copy_project

    from generator.build import build as build_site

    root = copy_project(tmp_path / "project", REPO / "tests/fixtures/minimal")
    notice = root / "content/notices/n1.md"
    versions = [notice.read_text(encoding="utf-8")]
    versions.append(versions[0].replace("正文。", "正文，第二版。"))
    assert versions[1] != versions[0]
    trees = []
    for text in versions:  # the two complete sites
        notice.write_text(text, encoding="utf-8")
        build_site(root, root / "site", dt.date(2024, 11, 22))
        trees.append(tree_bytes(root / "site"))
    assert trees[0] != trees[1]
    start = time.perf_counter()
    build_site(root, root / "site-timing", dt.date(2024, 11, 22))
    longest = time.perf_counter() - start
    rng = random.Random(20241122)
    whole = 0
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    for attempt in range(100):
        notice.write_text(versions[attempt % 2], encoding="utf-8")
        pid = os.fork()
        if pid == 0:  # the build, in a child that is killed
            try:
                os.setsid()
                tempfile.tempdir = str(scratch)  # what a killed build leaves there is the test's, not the machine's
                build_site(root, root / "site", dt.date(2024, 11, 22))
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0, longest * 1.1))
        try:
            os.killpg(pid, signal.SIGKILL)  # the build and its Pagefind and PDF workers
        except ProcessLookupError:  # not yet in its own group, or already done
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        now = tree_bytes(root / "site")
        assert now in trees, f"attempt {attempt}: site/ is not a complete build"
        whole += now == trees[attempt % 2]
    assert 0 < whole < 100  # some builds were killed before their swap, some after
    build_site(root, root / "site", dt.date(2024, 11, 22))  # the next build clears what killed ones left
    assert [p.name for p in root.iterdir() if p.name.startswith(".site-")] == []


def test_publish_swaps_in_one_step(tmp_path: Path) -> None:
    """On Linux the new tree and the old one trade places at once (renameat2): no moment without site/."""
    from generator.publish.atomic import _exchange, publish_tree

    old, new = tmp_path / "site", tmp_path / ".site-new-x"
    (old / "a").mkdir(parents=True)
    (new / "b").mkdir(parents=True)
    assert _exchange(new, old) and (old / "b").is_dir() and (new / "a").is_dir()
    publish_tree(new, old)
    assert (old / "a").is_dir() and not new.exists()


def output_text(site: Path) -> dict[str, str]:
    """Every output file as text: PDFs and the search index decoded, archives opened."""
    import gzip
    import io
    import zipfile

    from pypdf import PdfReader

    texts = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".pdf":
            text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
        elif path.suffix.startswith(".pf_") or path.suffix == ".gz":
            text = gzip.decompress(data).decode("utf-8", "replace")
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(io.BytesIO(data)) as book:
                text = "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
        else:
            text = data.decode("utf-8", "replace")
        texts[path.relative_to(site).as_posix()] = text
    return texts


ARTICLE = """---
id: {id}
suoyinhao: qz06901-2420-2024-0{serial}
title: {title}
column: zhinan
date_written: 2024-03-01
date_published: 2024-03-04
genre: 其他
disclosure: {disclosure}
{review}---
{title}的正文。
"""


@pytest.mark.slow
def test_withheld_items_appear_in_no_output_and_check_says_why(example: Path) -> None:
    cases = {
        "apply": ("依申请公开的测试标题甲", "依申请公开", "review: {reviewer: 某某, date: 2024-03-01}\n"),
        "unreviewed": ("未审核的测试标题乙", "主动公开", ""),
        "later": ("以后发布的测试标题丙", "主动公开", "review: {reviewer: 某某, date: 2024-03-01}\n"),
    }
    for serial, (ident, (title, disclosure, review)) in enumerate(cases.items(), start=9001):
        text = ARTICLE.format(id=ident, serial=serial, title=title, disclosure=disclosure, review=review)
        if ident == "later":
            text = text.replace("date_published: 2024-03-04", "date_published: 2099-01-01")
        (example / f"content/articles/{ident}.md").write_text(text, encoding="utf-8")
    run = gongkai("check", "--root", str(example), "--today", "2024-09-20")
    assert "不发布 content/articles/apply.md  依申请公开的测试标题甲——公开属性为“依申请公开”" in run.stdout
    assert "不发布 content/articles/unreviewed.md  未审核的测试标题乙——未审核" in run.stdout
    assert "不发布 content/articles/later.md  以后发布的测试标题丙——发布日期 2099-01-01 还没到" in run.stdout
    assert "发布   content/articles/xxgk-zhinan.md" in run.stdout
    texts = output_text(build(example, "--today", "2024-09-20"))
    assert any("青阳街道办事处政府信息公开指南" in t for t in texts.values())  # the search does find titles
    for title, _, _ in cases.values():
        assert [path for path, text in texts.items() if title in text] == [], title


@pytest.mark.slow
def test_an_issued_suoyinhao_never_changes(example_built: Path) -> None:
    example = example_built  # built once: its 索引号 are issued
    notice = example / "content/notices/2024-xinfang-month.md"
    notice.write_text(
        notice.read_text(encoding="utf-8").replace("qz06901-2420-2024-00091", "qz06901-2420-2024-00099"),
        encoding="utf-8",
    )
    run = gongkai("build", "--root", str(example))
    assert run.code == 0 and "[suoyinhao-changed]" in run.stderr and "请改回“qz06901-2420-2024-00091”" in run.stderr
    # That build published 00099; changing it again under --strict stops the build.
    notice.write_text(
        notice.read_text(encoding="utf-8").replace("qz06901-2420-2024-00099", "qz06901-2420-2024-00098"),
        encoding="utf-8",
    )
    strict = gongkai("build", "--root", str(example), "--strict")
    assert strict.code == 1 and "索引号从已发布的“qz06901-2420-2024-00099”改成了" in strict.stderr
    assert "[suoyinhao-changed]" in strict.stderr


def test_empty_columns_are_left_out_of_the_site(tmp_path: Path) -> None:
    from conftest import copy_project

    root = copy_project(tmp_path / "project", REPO / "tests/fixtures/minimal")
    site = build(root)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert (site / "tzgg/index.html").is_file() and not (site / "tjsj").exists() and not (site / "zhinan").exists()
    assert ">通知公告<" in home and ">统计数据<" not in home and ">政府信息公开指南<" not in home
    assert not (site / "tjsj/feed.xml").exists()


@pytest.mark.slow
def test_raw_html_in_a_body_is_sanitised(example: Path) -> None:
    notice = example / "content/notices/2024-xinfang-month.md"
    hostile = (
        '<script>alert("x")</script><img src="../../css/gongkai.css" onerror="alert(1)"><iframe src="../../index.html"></iframe>'
        '<a href="javascript:alert(2)">点此</a><p style="position:fixed" onclick="alert(3)">文字</p>'
    )
    text = notice.read_text(encoding="utf-8")
    notice.write_text(text.replace("\n---\n", "\n---\n" + hostile + "\n\n", 1), encoding="utf-8")
    page = (build(example) / "notices/2024-xinfang-month/index.html").read_text(encoding="utf-8")
    body = page.split('<div class="gk-body">', 1)[1]
    for bad in ("<script>alert", "onerror", "<iframe", "javascript:", "onclick", "position:fixed"):
        assert bad not in body, bad
    assert "点此" in body and "文字" in body  # the text stays


def test_phone_numbers_are_tel_links(example_site: Path) -> None:
    """The office's number (信访接待 box on the home page and 联系我们), a plan contact's: one tap rings them."""
    link = '<a href="tel:0595-00000000">0595-00000000</a>（示例号码）'
    assert link in (example_site / "index.html").read_text(encoding="utf-8")  # the 信访接待 box
    assert link in (example_site / "pages/contact/index.html").read_text(encoding="utf-8")  # 联系我们
    plan = (example_site / "plans/2024-xinfang-month/index.html").read_text(encoding="utf-8")
    assert '<a href="tel:13800000000">13800000000</a>（示例号码）' in plan


@pytest.mark.parametrize(
    ("page", "genre"), [("plans/2024-xinfang-month/", "方案"), ("rosters/2024-xinfang-month/", "计划")]
)
def test_a_document_published_with_a_notice_shows_its_own_name_and_genre(
    example_site: Path, page: str, genre: str
) -> None:
    """Its 名称 is its heading and its 体裁 its own; the 索引号 stays the notice's (one disclosure, one number)."""
    html = (example_site / page / "index.html").read_text(encoding="utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert heading is not None
    assert f"<dt>名称</dt><dd>{heading.group(1).strip()}</dd>" in html
    assert f"<dt>体裁分类</dt><dd>{genre}</dd>" in html
    assert "<dt>索引号</dt><dd>qz06901-2420-2024-00091</dd>" in html


def test_sitemap_feeds_and_calendars_point_at_their_pages_with_their_own_dates(example_site: Path) -> None:
    sitemap = (example_site / "sitemap.xml").read_text(encoding="utf-8")
    dates = dict(
        re.findall(r"<loc>https://example.org/qingyang-xfgk/([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", sitemap)
    )
    assert dates["notices/2024h1-tongbao/"] == "2024-07-12"  # its 发布日期, not the build date
    assert dates["notices/2024-xinfang-month/"] == "2024-09-18"
    assert dates["tjsj/"] == max(d for page, d in dates.items() if page.startswith("data/") and page != "data/")
    feed = (example_site / "tzgg/feed.xml").read_text(encoding="utf-8")
    assert '<link href="https://example.org/qingyang-xfgk/tzgg/" rel="alternate"/>' in feed
    calendar = (example_site / "calendar/all.ics").read_text(encoding="utf-8")
    urls = set(re.findall(r"^URL:https://example.org/qingyang-xfgk/(\S+)", calendar, re.M))
    assert urls and all((example_site / url / "index.html").is_file() for url in urls)
    assert calendar.count("BEGIN:VEVENT") == calendar.count("\nURL:")


def test_the_application_route_is_published_with_its_form_as_a_page_and_a_pdf(example_site: Path) -> None:
    """依申请公开: where and how to apply, the 条例's time limits, the form on the page and as one printable page."""
    import pdfplumber

    from generator.site.application import APPLICATION_FORM

    page = (example_site / "xxgk/ysqgk/index.html").read_text(encoding="utf-8")
    for words in (
        "青阳街道信访办",
        "7 个工作日",
        "20 个工作日",
        "第三十三条",
        "行政复议",
        'href="../../xxgk/ysqgk/shenqingbiao.pdf"',
    ):
        assert words in page, words
    assert 'href="../xxgk/ysqgk/"' in (example_site / "xxgk/index.html").read_text(encoding="utf-8")
    assert 'href="../xxgk/ysqgk/"' in (example_site / "wzdt/index.html").read_text(encoding="utf-8")
    with pdfplumber.open(example_site / "xxgk/ysqgk/shenqingbiao.pdf") as pdf:
        assert len(pdf.pages) == 1
        text = (pdf.pages[0].extract_text() or "").replace("\n", "")
    for group, fields in APPLICATION_FORM:
        assert group in text and all(field in text for field in fields), group


def test_the_annual_report_has_the_six_sections_and_its_tables_from_data(example_site: Path) -> None:
    """国办公开办函〔2021〕30号: six sections; the matrix's 总计 summed; the site's own publications of the year counted."""
    page = (example_site / "reports/2023-nianbao/index.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", page)
    assert [h for h in headings if h[0] in "一二三四五六" and h[1] == "、"] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    text = re.sub(r"<[^>]+>", " ", page)
    assert "本年度本站主动公开政府信息 0 条，在其他平台公开 36 条，共 36 条" in text  # nothing here was 2023's
    row = re.search(r"一、本年新收政府信息公开申请数量((?:\s+\d+){7})", text)
    assert row is not None and row.group(1).split() == ["3", "0", "0", "0", "0", "0", "3"]
    assert re.search(r"（七）总计((?:\s+\d+){7})", text).group(1).split()[-1] == "3"  # type: ignore[union-attr]


def test_a_rebuild_after_an_edit_extracts_no_pdf_text_and_draws_no_chart_again(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each PDF's text (for the search index and the guard) is kept by the PDF's digest, each chart (tables' bars
    and trends, a body's 图表 on the page and in its PDF) by a digest of its data: after an edit that leaves them
    as they were, a new process extracts no text and draws no chart, and the pictures are the same bytes."""
    from generator.build import build as build_site
    from generator.stats import charts
    from generator.web import search

    extracted: list[int] = []
    drawn: list[str] = []
    extract, draw = search.extract_text, charts.chart_svg
    laid_out: list[int] = []  # the guard reads a PDF that names a register's field again as laid out

    def counted(data: bytes, layout: bool = False) -> str:
        (laid_out if layout else extracted).append(len(data))
        return extract(data, layout)

    monkeypatch.setattr(search, "extract_text", counted)
    monkeypatch.setattr(charts, "chart_svg", lambda chart, *rest: drawn.append(chart.caption) or draw(chart, *rest))
    monkeypatch.setattr(search, "_TEXTS", {})
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(tmp_path / "cache"))  # a cache of its own, empty (the suite shares one)
    build_site(example, example / "site", dt.date(2024, 11, 22))
    first_texts, first_layouts, first_charts = len(extracted), len(laid_out), len(drawn)
    assert first_texts == len(list((example / "site").rglob("*.pdf")))
    pictures = {p: p.read_bytes() for p in (example / "site").rglob("*chart.svg")}
    assert first_charts >= 4 and pictures  # three tables' bars, the 通报's 图1 on the page and in its PDF
    contact = example / "content/pages/contact.md"
    contact.write_text(contact.read_text(encoding="utf-8") + "\n来访请携带身份证件。\n", encoding="utf-8")
    monkeypatch.setattr(search, "_TEXTS", {})  # as a new process would start
    build_site(example, example / "site", dt.date(2024, 11, 22))
    assert (len(extracted), len(laid_out), len(drawn)) == (first_texts, first_layouts, first_charts)
    assert {p: p.read_bytes() for p in (example / "site").rglob("*chart.svg")} == pictures
    assert (example / "site/pagefind").is_dir()

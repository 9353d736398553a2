"""Verification of a finished tree: manifest sums, internal links, and SHA256SUMS of a deployed tree."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, copy_project

from generator.build import build
from generator.problems import GongkaiError
from generator.publish.verify import compare_sums, read_sums, sums_of, sums_text, verify_tree

MINIMAL = REPO / "tests/fixtures/minimal"
TODAY = dt.date(2024, 11, 22)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("verify") / "project", MINIMAL)
    build(root, root / "site", TODAY)
    return root / "site"


def test_a_good_build_verifies(built: Path) -> None:
    assert verify_tree(built) == []


def test_a_changed_file_the_manifest_lists_is_caught(built: Path, tmp_path: Path) -> None:
    tree = shutil.copytree(built, tmp_path / "site")
    page = tree / "notices/n1/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("正文", "改动"), encoding="utf-8")
    assert [(p.path, p.code) for p in verify_tree(tree)] == [("notices/n1/index.html", "verify-failed")]


def test_a_missing_stylesheet_is_a_broken_link(built: Path, tmp_path: Path) -> None:
    tree = shutil.copytree(built, tmp_path / "site")
    (tree / "css/gongkai.css").unlink()
    broken = verify_tree(tree)
    assert broken and all(p.code == "verify-failed" and "gongkai.css" in p.message for p in broken)
    assert "404.html" in {p.path for p in broken}  # its links start at the server's root, below base_url's path


def test_a_body_link_to_a_missing_page_stops_the_build_and_keeps_the_site(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", MINIMAL)
    build(root, root / "site", TODAY)
    before = (root / "site/notices/n1/index.html").read_bytes()
    notice = root / "content/notices/n1.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace("正文。", "见[旧通知](../old/)。"), encoding="utf-8")
    with pytest.raises(GongkaiError) as stopped:
        build(root, root / "site", TODAY)
    assert [(p.path, p.line, p.column, p.code) for p in stopped.value.problems if p.severity == "error"] == [
        ("content/notices/n1.md", 14, 8, "verify-failed")  # where the editor typed the link
    ]
    assert (
        "../old/" in stopped.value.problems[-1].message
        and "见输出文件 notices/n1/index.html" in stopped.value.problems[-1].message
    )
    assert (root / "site/notices/n1/index.html").read_bytes() == before


def test_sums_are_what_sha256sum_writes_and_reads(built: Path, tmp_path: Path) -> None:
    text = sums_text(sums_of(built))
    (built / "SHA256SUMS").write_text(text, encoding="utf-8")
    try:
        checked = subprocess.run(
            ["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=built, capture_output=True, text=True, check=False
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
    finally:
        (built / "SHA256SUMS").unlink()
    assert read_sums(text) == sums_of(built)
    assert compare_sums(built, read_sums(text)) == []
    tree = shutil.copytree(built, tmp_path / "site")
    (tree / "feed.xml").write_text("x", encoding="utf-8")
    (tree / "index.html").unlink()
    (tree / "extra.html").write_text("x", encoding="utf-8")
    found = {(p.path, p.message[:4]) for p in compare_sums(tree, read_sums(text))}
    assert found == {("feed.xml", "文件内容"), ("index.html", "文件缺失"), ("extra.html", "多出的文")}


def test_html_shown_as_code_is_not_taken_for_a_link(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", MINIMAL)
    notice = root / "content/notices/n1.md"
    body = '正文。插入图片的写法是 `<img src="photo.png">`，链接是 `<a href="../x/">`。'
    notice.write_text(notice.read_text(encoding="utf-8").replace("正文。", body), encoding="utf-8")
    assert [p for p in build(root, root / "site", TODAY) if p.severity == "error"] == []
    assert 'src="photo.png"' in (root / "site/notices/n1/index.html").read_text(encoding="utf-8")


def test_a_page_taken_from_the_last_build_is_link_checked_again_when_a_file_it_could_link_to_is_gone() -> None:
    """A page with the same bytes as last time keeps its links unchecked only while no file of the last tree
    is gone but the search index's content-named chunks (which no page links to)."""
    import json

    from generator.publish.verify import TreeCheck

    def check(gone: str) -> list[str]:
        tree = TreeCheck()
        tree.last_tree = (frozenset({"a/index.html", "b/index.html", gone}), "/")
        tree.add("manifest.json", json.dumps({"base_url": "https://example.org/", "items": []}).encode())
        tree.add_known("a/index.html", "0" * 64, ["../b/", "../c/"])  # c/ went with this build
        tree.add("b/index.html", b"<p>b</p>")
        return [p.message for p in tree.problems()]

    assert check("pagefind/parts/2024/index/zh-cn_1.pf_index") == []
    assert check("c/index.html") == ["页面中的链接“../c/”指向网站中不存在的文件。"]


def test_a_link_out_of_its_pages_folders_is_looked_up_once_for_every_page_as_deep_and_others_from_each_folder() -> None:
    """The link check's shortcut: ``../../css/x.css`` from ``a/1/`` is the link from ``b/2/`` too, but ``../3/``
    (a sibling folder) is a link of each folder of its own, and a link that climbs above the site is broken."""
    import json

    from generator.publish.verify import TreeCheck

    tree = TreeCheck()
    tree.add("manifest.json", json.dumps({"base_url": "https://example.org/", "items": []}).encode())
    tree.add("css/x.css", b"p{}")
    tree.add("a/3/index.html", b"<p>3</p>")
    for page in ("a/1/index.html", "b/2/index.html"):
        tree.add_known(page, "0" * 64, ["../../css/x.css", "../../css/gone.css", "../3/", "../../../up/"])
    broken = sorted((p.path, p.message.split("“")[1].split("”")[0]) for p in tree.problems())
    assert broken == [
        ("a/1/index.html", "../../../up/"),
        ("a/1/index.html", "../../css/gone.css"),
        ("b/2/index.html", "../../../up/"),
        ("b/2/index.html", "../../css/gone.css"),
        ("b/2/index.html", "../3/"),
    ]

"""Release archive, deploys and rollback, served for real by Debian's nginx with the shipped configuration."""

from __future__ import annotations

import base64
import gzip
import hashlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import tarfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import DEPLOY_LINES, EPOCH, REPO, copy_project, gongkai
from test_browser import CHROMIUM, CHROMIUM_ARGS

from generator.publish.deploy import current_release

MINIMAL = REPO / "tests/fixtures/minimal"
CONF = REPO / "deploy/nginx/gongkai.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TITLE_A, TITLE_B = "关于测试的通知", "关于第二次测试的通知"


def _build(root: Path, title: str) -> Path:
    copy_project(root, MINIMAL)
    notice = root / "content/notices/n1.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace(TITLE_A, title), encoding="utf-8")
    run = gongkai("build", "--root", str(root), "--today", "2024-11-22")
    assert run.code == 0, run.stderr
    return root / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two builds that differ in one notice's title."""
    base = tmp_path_factory.mktemp("builds")
    return _build(base / "a", TITLE_A), _build(base / "b", TITLE_B)


def test_pack_is_reproducible(sites: tuple[Path, Path], tmp_path: Path) -> None:
    again = _build(tmp_path / "again", TITLE_A)  # the same inputs, built in another folder
    digests = []
    for n, site in enumerate((sites[0], again)):
        run = gongkai("pack", "--site", str(site), "--out", str(tmp_path / f"dist{n}"))
        assert run.code == 0, run.stderr
        archive = tmp_path / f"dist{n}/site.tar.gz"
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        assert (tmp_path / f"dist{n}/SHA256SUMS").read_text() == f"{digest}  site.tar.gz\n"
        digests.append(digest)
        info = (tmp_path / f"dist{n}/BUILDINFO").read_text(encoding="utf-8")
        assert f"site.tar.gz sha256: {digest}\n" in info
        for field in ("system: ", "python: ", "lock/python.txt sha256: ", "libharfbuzz-subset0 ", "仿宋: "):
            assert field in info, field
        assert "(not installed)" not in info and "(none)" not in info
    assert digests[0] == digests[1]
    raw = archive.read_bytes()
    assert raw[3] & 0x08 == 0 and raw[4:8] == b"\0\0\0\0"  # gzip -n: no file name, no time
    with tarfile.open(archive) as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names == sorted(names) and "SHA256SUMS" in names and "index.html" in names
    assert {(m.uid, m.gid, m.uname, m.gname, m.mtime) for m in members} == {(0, 0, "", "", int(EPOCH))}


def test_verify_command_checks_a_tree_against_its_sums(sites: tuple[Path, Path], tmp_path: Path) -> None:
    tree = shutil.copytree(sites[0], tmp_path / "tree")
    run = gongkai("verify", str(tree))
    assert run.code == 0 and "校验通过" in run.stderr, run.stderr
    (tree / "feed.xml").write_text("<feed/>", encoding="utf-8")
    run = gongkai("verify", str(tree))
    assert run.code == 1 and "feed.xml: 错误: 文件内容与 SHA256SUMS 记录的校验值不一致" in run.stderr, run.stderr


@dataclass
class Served:
    port: int
    target: Path

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def served_configuration(port: int, target: Path) -> str:
    """The shipped server block with only its address and root changed."""
    text = CONF.read_text(encoding="utf-8")
    for old, new in (
        ("    listen 80;\n", f"    listen 127.0.0.1:{port};\n"),
        ("    listen [::]:80;\n", ""),
        ("    root /srv/gongkai/current;\n", f"    root {target}/current;\n"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[Served]:
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed: `make test` installs Debian's nginx (package nginx)")
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    target = tmp_path / "srv"
    port = _free_port()
    (prefix / "gongkai.conf").write_text(served_configuration(port, target), encoding="utf-8")
    shutil.copy("/etc/nginx/mime.types", prefix / "mime.types")
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's private folders
    (prefix / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {prefix}/nginx.pid;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {prefix}/body;\n  proxy_temp_path {prefix}/proxy;\n"
        f"  fastcgi_temp_path {prefix}/fastcgi;\n  uwsgi_temp_path {prefix}/uwsgi;\n  scgi_temp_path {prefix}/scgi;\n"
        "  include gongkai.conf;\n}\n",
        encoding="utf-8",
    )
    command = [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    assert "[warn]" not in checked.stderr, checked.stderr  # e.g. a type the configuration maps twice
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        else:
            pytest.fail("nginx did not start: " + (prefix / "error.log").read_text(errors="replace"))
        yield Served(port, target)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _deploy(site: Path, target: Path, name: str) -> None:
    run = gongkai("deploy", str(target), "--site", str(site), "--name", name, "--keep", "3")
    assert run.code == 0, run.stderr


def _serves(served: Served, site: Path) -> None:
    """Every file of ``site`` is served with exactly its bytes (the switch is complete)."""
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        status, _, body = served.get("/" + rel)
        assert status == 200 and body == path.read_bytes(), rel


def _title(served: Served) -> str:
    status, _, body = served.get("/notices/n1/")
    assert status == 200, status
    text = body.decode()
    return TITLE_B if TITLE_B in text else TITLE_A if TITLE_A in text else "?"


def test_deploy_switch_and_rollback_under_nginx(sites: tuple[Path, Path], nginx: Served) -> None:
    site_a, site_b = sites
    _deploy(site_a, nginx.target, "a")
    _serves(nginx, site_a)
    assert _title(nginx) == TITLE_A

    seen: list[str] = []
    stop = threading.Event()

    def watch() -> None:  # a reader during the switch sees one release or the other, never an error
        while not stop.is_set():
            seen.append(_title(nginx))

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        _deploy(site_b, nginx.target, "b")
        time.sleep(0.2)
    finally:
        stop.set()
        watcher.join()
    assert seen and set(seen) <= {TITLE_A, TITLE_B} and seen[-1] == TITLE_B, set(seen)
    _serves(nginx, site_b)
    assert gongkai("verify", str(nginx.target / "current")).code == 0

    run = gongkai("rollback", str(nginx.target))
    assert run.code == 0 and "releases/a" in run.stderr, run.stderr
    _serves(nginx, site_a)
    assert current_release(nginx.target) == "a"
    run = gongkai("rollback", str(nginx.target))
    assert run.code == 2 and "没有可以回退到的更早版本" in run.stderr, run.stderr


def test_a_deploy_that_fails_verification_does_not_switch(
    sites: tuple[Path, Path], nginx: Served, tmp_path: Path
) -> None:
    _deploy(sites[0], nginx.target, "a")
    broken = shutil.copytree(sites[1], tmp_path / "broken")
    (broken / "notices/n1/index.html").write_text("被篡改", encoding="utf-8")
    run = gongkai("deploy", str(nginx.target), "--site", str(broken), "--name", "b")
    assert run.code == 1 and "notices/n1/index.html: 错误: 文件内容与 SHA256SUMS" in run.stderr, run.stderr
    assert "current 没有切换" in run.stderr
    assert _title(nginx) == TITLE_A and current_release(nginx.target) == "a"
    assert not (nginx.target / "releases/b").exists()
    assert [p.name for p in (nginx.target / "releases").iterdir()] == ["a"]  # no scratch left behind


def test_old_releases_are_pruned(sites: tuple[Path, Path], tmp_path: Path) -> None:
    target = tmp_path / "srv"
    for n in range(5):
        _deploy(sites[n % 2], target, f"r{n}")
    assert sorted(p.name for p in (target / "releases").iterdir()) == ["r2", "r3", "r4"]
    assert (target / "history").read_text().split() == ["r2", "r3", "r4"]


HEADERS = ("content-type", "cache-control", "content-encoding")


SECURITY = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options")


def test_served_headers_match_the_configuration(sites: tuple[Path, Path], nginx: Served) -> None:
    _deploy(sites[0], nginx.target, "a")
    site = sites[0]
    fragment = "/" + next(site.glob("pagefind/parts/*/fragment/*.pf_fragment")).relative_to(site).as_posix()
    entry = "/" + next(site.glob("pagefind/parts/*/pagefind-entry.json")).relative_to(site).as_posix()
    calendar = "/" + next(site.glob("calendar/*.ics")).relative_to(site).as_posix()
    expected = {
        "/": ("text/html; charset=utf-8", "no-cache"),
        "/notices/n1/": ("text/html; charset=utf-8", "no-cache"),
        calendar: ("text/calendar; charset=utf-8", "no-cache"),
        "/manifest.json": ("application/json; charset=utf-8", "no-cache"),
        "/feed.xml": ("text/xml; charset=utf-8", "no-cache"),
        "/css/gongkai.css": ("text/css; charset=utf-8", "no-cache"),
        "/js/gongkai.js": ("application/javascript; charset=utf-8", "no-cache"),
        entry: ("application/json; charset=utf-8", "no-cache"),
        "/pagefind/gongkai-parts.json": ("application/json; charset=utf-8", "no-cache"),
        fragment: ("application/octet-stream", "max-age=31536000"),
        "/notices/n1/n1.pdf": ("application/pdf", "no-cache"),
    }
    first = nginx.get("/")[1]
    DEPLOY_LINES.extend(f"every response: {h}: {first[h]}" for h in SECURITY)
    for path, (kind, cache) in expected.items():
        status, headers, _ = nginx.get(path, {"Accept-Encoding": "gzip"})
        assert status == 200, path
        assert headers["content-type"] == kind, (path, headers)
        assert headers["cache-control"] == cache, (path, headers)
        policy = first["content-security-policy"]
        assert "default-src 'self'" in policy and "http" not in policy and "*" not in policy
        assert {h: headers[h] for h in SECURITY} == {h: first[h] for h in SECURITY}, path
        if kind.startswith(("text/", "application/javascript", "application/json")):
            assert headers.get("content-encoding") == "gzip" or int(headers["content-length"]) < 256, (path, headers)
        DEPLOY_LINES.append(f"{path}: " + "; ".join(f"{h}={headers[h]}" for h in HEADERS if h in headers))
    status, headers, body = nginx.get("/no-such-page/")
    assert status == 404 and "页面不存在" in body.decode()
    assert {h: headers[h] for h in SECURITY} == {h: first[h] for h in SECURITY}
    assert (
        first["x-content-type-options"] == "nosniff" and first["referrer-policy"] == "strict-origin-when-cross-origin"
    )
    DEPLOY_LINES.append("/no-such-page/: 404 with the site's 404.html and the same security headers")
    assert nginx.get("/.lock")[0] == 404 and nginx.get("/../history")[0] in (400, 404)
    status, headers, body = nginx.get("/feed.xml", {"Accept-Encoding": "gzip"})
    assert gzip.decompress(body) == (site / "feed.xml").read_bytes()


def test_the_policy_allows_the_sites_one_inline_script(sites: tuple[Path, Path]) -> None:
    """The hash in the shipped policy is the hash of the inline script every page carries."""
    page = (sites[0] / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in CONF.read_text(encoding="utf-8")


def test_pages_work_in_chromium_under_the_policy(sites: tuple[Path, Path], nginx: Served) -> None:
    """No policy violation on the home page, and search (Pagefind's WebAssembly) still finds 接访."""
    from playwright.sync_api import sync_playwright

    _deploy(sites[0], nginx.target, "a")
    violations: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(f"http://127.0.0.1:{nginx.port}/")
        page.click("text=长者模式")
        page.goto(f"http://127.0.0.1:{nginx.port}/search/?q=接访")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        assert "gk-elder-mode" in (page.get_attribute("html", "class") or "")  # the inline script ran
        browser.close()
    assert violations == []


def test_deploy_from_the_release_archive(sites: tuple[Path, Path], tmp_path: Path) -> None:
    assert gongkai("pack", "--site", str(sites[1]), "--out", str(tmp_path / "dist")).code == 0
    target = tmp_path / "srv"
    _deploy(tmp_path / "dist/site.tar.gz", target, "from-archive")
    assert gongkai("verify", str(target / "current")).code == 0
    assert TITLE_B in (target / "current/notices/n1/index.html").read_text(encoding="utf-8")
    mtimes = {p.stat().st_mtime for p in (target / "current").rglob("*") if p.is_file()}
    assert min(mtimes) > int(EPOCH)  # stamped at deploy: ETags differ from any earlier release's


def test_deploy_and_pack_refusals(sites: tuple[Path, Path], tmp_path: Path) -> None:
    """Each refusal is a located Chinese message and leaves the live release alone."""
    target = tmp_path / "srv"
    run = gongkai("deploy", str(target), "--site", str(tmp_path / "nothing"))
    assert run.code == 2 and "[deploy-source]" in run.stderr, run.stderr
    run = gongkai("deploy", str(target), "--site", str(sites[0]), "--name", "../evil")
    assert run.code == 2 and "[deploy-name]" in run.stderr, run.stderr
    _deploy(sites[0], target, "v1")
    run = gongkai("deploy", str(target), "--site", str(sites[1]), "--name", "v1")  # same name, other content
    assert run.code == 2 and "[deploy-name]" in run.stderr and "已经部署过" in run.stderr, run.stderr
    assert TITLE_A in (target / "current/notices/n1/index.html").read_text(encoding="utf-8")
    plain = tmp_path / "plain"
    shutil.copytree(sites[0], plain / "current")  # a web root that is a folder, not a release link
    run = gongkai("deploy", str(plain), "--site", str(sites[1]), "--name", "v2")
    assert run.code == 2 and "[deploy-current-not-link]" in run.stderr, run.stderr
    run = gongkai("rollback", str(tmp_path / "empty"))
    assert run.code == 2 and "[rollback-none]" in run.stderr, run.stderr
    run = gongkai("pack", "--site", str(tmp_path / "empty"), "--out", str(tmp_path / "dist"))
    assert run.code == 2 and "[pack-not-a-build]" in run.stderr, run.stderr
    (tmp_path / "bad.tar.gz").write_bytes(b"not an archive")
    run = gongkai("deploy", str(target), "--site", str(tmp_path / "bad.tar.gz"), "--name", "v3")
    assert run.code == 2 and "[deploy-source]" in run.stderr and "无法读取" in run.stderr, run.stderr
    assert current_release(target) == "v1"

"""Active content typed anywhere an editor can type never runs and never loads anything from elsewhere.

One build holds every case the build accepts (raw HTML in a body, markup in titles, names,
places, notes and table cells, a drawing among the assets); the cases it refuses are refused
(tests/test_assets.py, tests/hostile/). Debian's Chromium then opens every page of the site
and must see no dialog, no script error from our content, and no request leaving localhost.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, copy_project
from test_browser import CHROMIUM, CHROMIUM_ARGS, _serve_tree

from generator.build import build

MINIMAL = REPO / "tests/fixtures/minimal"
TODAY = dt.date(2024, 11, 22)
BODY = [
    "<script>alert(1)</script>",
    '<img src="../../assets/broken.svg" onerror="alert(2)">',
    '<svg onload="alert(3)"><circle r="3"/></svg>',
    '<a href="javascript:alert(4)">点此</a>',
    '<iframe srcdoc="&lt;script&gt;alert(5)&lt;/script&gt;"></iframe>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(6)">',
    '<object data="../../assets/logo.svg"></object>',
    '<details open ontoggle="alert(8)"><summary>详情</summary>内容</details>',
    "<body onload=alert(9)>",
    "<math><mtext><table><mglyph><style><img src=../../assets/logo.svg onerror=alert(10)></style></mglyph></table></mtext></math>",
    '<form action="javascript:alert(11)"><button autofocus onfocus="alert(11)">提交</button></form>',
    "[点我](javascript:alert(12))",
    '![图](../../assets/logo.svg" onerror="alert(13))',
    '<base href="javascript:alert(14)//">',
    '<p style="background:url(javascript:alert(15))">样式</p>',
    '<input autofocus onfocus="alert(16)">',
    '<video><source onerror="alert(17)"></video>',
    '<a href="data:text/html,&lt;script&gt;alert(18)&lt;/script&gt;">数据</a>',
    '<img src="../../assets/logo.svg" alt="徽标">',
    "![徽标](../../assets/logo.svg)",
    '<noscript><p title="</noscript><img src=../../assets/broken.svg onerror=alert(21)>"></p></noscript>',
    '<svg><animate onbegin="alert(22)" attributeName="x" dur="1s"/></svg>',
    '<marquee onstart="alert(23)">滚动</marquee>',
    "<img src=../../assets/logo.svg onerror=&#97;lert(24)>",
]
TITLES = {
    "content/rosters/r1.yaml": ("title: 接访安排", "title: '接访安排<img src=x onerror=alert(31)>![x](x)'"),
    "content/places.yaml": ("name: 镇信访接待室", "name: '镇信访接待室\"><script>alert(32)</script>'"),
    "content/notices/n1.md": (
        "title: 关于测试的通知",
        "title: '关于测试的通知 {: onclick=alert(33) } <svg onload=alert(33)>'",
    ),
}
CLEAN_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><circle cx="24" cy="24" r="20" fill="#c00"/></svg>'
)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("active") / "project", MINIMAL)
    for rel, (old, new) in TITLES.items():
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, rel
        path.write_text(text.replace(old, new), encoding="utf-8")
    notice = root / "content/notices/n1.md"
    notice.write_text(
        notice.read_text(encoding="utf-8").replace("正文。", "正文。\n\n" + "\n\n".join(BODY)), encoding="utf-8"
    )
    (root / "content/assets").mkdir()
    (root / "content/assets/logo.svg").write_text(CLEAN_SVG, encoding="utf-8")
    (root / "content/assets/broken.svg").write_text("<svg", encoding="utf-8")  # fails to draw: onerror would fire
    roster = root / "content/rosters/r1.yaml"
    roster.write_text(
        roster.read_text(encoding="utf-8").replace("time: ", "note: '<script>alert(41)</script>'\n    time: ", 1),
        encoding="utf-8",
    )
    problems = build(root, root / "site", TODAY)
    assert not [p for p in problems if p.severity == "error"]
    return root / "site"


@pytest.mark.slow
def test_no_page_runs_or_fetches_anything_it_was_given(hostile_site: Path) -> None:
    from playwright.sync_api import sync_playwright

    pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html"))
    assert "notices/n1/index.html" in pages and len(pages) > 10
    dialogs: list[str] = []
    leaving: list[str] = []
    errors: list[str] = []
    served = _serve_tree(hostile_site)
    base = next(served)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            context = browser.new_context()
            context.on("request", lambda r: leaving.append(r.url) if not r.url.startswith((base, "data:")) else None)
            for rel in pages:
                page = context.new_page()
                page.on("dialog", lambda d, rel=rel: (dialogs.append(f"{rel}: {d.message}"), d.dismiss()))
                page.on("pageerror", lambda e, rel=rel: errors.append(f"{rel}: {e}"))
                page.goto(base + rel.removesuffix("index.html"))
                page.wait_for_timeout(50)
                page.mouse.move(10, 10)
                page.close()
            browser.close()
    finally:
        next(served, None)
    assert dialogs == [] and leaving == [] and errors == [], (dialogs, leaving, errors)
    body = (hostile_site / "notices/n1/index.html").read_text(encoding="utf-8")
    assert _handlers(body) == [] and "<script>alert" not in body
    assert 'src="../../assets/logo.svg"' in body  # the drawing itself is published and shown


def _handlers(html: str) -> list[str]:
    """Every event-handler attribute and script address in a page, as a browser's parser sees them."""
    found: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            for name, value in attrs:
                if name.startswith("on") or (value or "").strip().lower().startswith(("javascript:", "data:text")):
                    found.append(f"<{tag} {name}={value}>")

    Parser().feed(html)
    return found

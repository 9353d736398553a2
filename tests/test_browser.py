"""The example site in real headless Chromium (Debian's package, driven by Playwright), phone and desktop."""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SUMMARY_LINES, gongkai
from playwright.sync_api import Browser, Page, Request, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
# Flags that work as root on this machine kind, with no network beyond loopback.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "narrow": {"width": 320, "height": 640},
    "phone": {"width": 375, "height": 812},
    "desktop": {"width": 1280, "height": 900},
}
SHOTS = Path(__file__).resolve().parent.parent / ".make" / "screenshots"
"""Full-page pictures of every page at every width, for people to look at: `make screenshots` (they cost a
third of the browser tests' time, so `make test` leaves them out)."""
TAKE_SHOTS = os.environ.get("GONGKAI_SCREENSHOTS") == "1"
PAGES = [
    "",
    "notices/2024-xinfang-month/",
    "rosters/2024-xinfang-month/",
    "xxgk/",
    "pages/contact/",
    "jiefang/",
    "jiefang/day/2024-09-30/",
    "jiefang/week/2024-W40/",
    "data/",
    "data/xinfang-2024h1/",
    "data/huajie-2024h1/",
    "data/gongzuo-2024h1/",
    "notices/2024h1-tongbao/",
    "pages/2024h1-summary/",
    "tzgg/",
    "jfap/",
    "zhinan/",
    "xxgk/ml/",
    "xxgk/2024/",
    "articles/xxgk-zhinan/",
    "search/",
]


@pytest.fixture(scope="module")
def served_site(example_site: Path) -> Iterator[str]:
    yield from _serve_tree(example_site)


@pytest.fixture(scope="module")
def served_statistics(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed-001 statistics fixture (tests/fixtures/taihe) as built on 2023-07-10."""
    import shutil

    root = tmp_path_factory.mktemp("browser-stats") / "taihe"
    shutil.copytree(Path(__file__).parent / "fixtures" / "taihe", root)
    yield from _serve(root, "--today", "2023-07-10")


def _serve(root: Path, *options: str) -> Iterator[str]:
    run = gongkai("build", "--root", str(root), *options)
    assert run.code == 0, run.stderr
    yield from _serve_tree(root / "site")


def _serve_tree(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium; Playwright gives it a fresh, empty profile directory."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def tabs(browser: Browser) -> Iterator[dict[str, Page]]:
    """One tab per viewport, reused from page to page (a fresh tab for each costs a tenth of a second or more)."""
    opened = {name: browser.new_page(viewport=size) for name, size in VIEWPORTS.items()}  # type: ignore[arg-type]
    yield opened
    for page in opened.values():
        page.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES)
def test_page_reads_well(served_site: str, tabs: dict[str, Page], path: str, viewport: str) -> None:
    page = tabs[viewport]
    external: list[str] = []

    def outside(request: Request) -> None:
        if not request.url.startswith(served_site):
            external.append(request.url)

    page.on("request", outside)
    response = page.goto(served_site + path)
    page.remove_listener("request", outside)
    assert response is not None and response.status == 200
    assert page.locator(".gk-example").is_visible(), "示例数据 marker must show on every page"
    assert page.locator("h1").count() == 1
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page scrolls sideways by {overflow}px on {viewport}"
    font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 18, "body text must be large for older readers"
    assert external == [], f"external requests: {external}"
    if TAKE_SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(SHOTS / f"{viewport}-{path.strip('/').replace('/', '-') or 'home'}.png"), full_page=True
        )


SCHEDULES = [
    "rosters/2024-xinfang-month/",
    "jiefang/week/2024-W40/",
    "jiefang/month/2024-10/",
    "jiefang/day/2024-09-30/",
]
SCHEDULE_SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}
WIDER_THAN_SCREEN = """[...document.querySelectorAll('body *')]
  .filter(e => e.getClientRects().length && !e.closest('table, .gk-skip'))  // the skip link waits off-screen for focus
  .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5 || e.getBoundingClientRect().left < -0.5)
  .map(e => e.tagName + '.' + e.className)"""
SPLIT = """(selector) => [...document.querySelectorAll(selector)].filter(e => e.getClientRects().length).filter(e => {
  const range = document.createRange(); range.selectNodeContents(e);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1;
}).map(e => e.textContent)"""


@pytest.mark.parametrize("size", SCHEDULE_SIZES)
@pytest.mark.parametrize("path", SCHEDULES)
def test_schedules_read_whole_on_a_phone_and_a_desktop(
    served_site: str, browser: Browser, path: str, size: str
) -> None:
    """A card per reception on a phone, the table on a desktop; no date, time or name is ever split across lines."""
    page = browser.new_page(viewport=SCHEDULE_SIZES[size])
    assert page.goto(served_site + path).status == 200
    assert page.evaluate(WIDER_THAN_SCREEN) == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    if not path.startswith("jiefang/day/"):  # the day page is a list already
        cards, table = page.locator(".gk-cards"), page.locator(".gk-schedule-table")
        assert (cards.is_visible(), table.is_visible()) == ((True, False) if size == "phone" else (False, True))
        assert page.locator(".gk-card").count() == page.locator(".gk-schedule-table tbody tr").count() > 0
    # dates, weekdays, times and names: on cards, and in the table's first four columns
    assert page.evaluate(SPLIT, ".gk-card .gk-nowrap, .gk-schedule-table td:nth-child(-n+4)") == []
    assert "公众号" not in page.content()  # the text for the WeChat account is a file for staff, not a public page
    assert page.get_by_role("navigation", name="当前位置").inner_text().startswith("首页")
    if size == "phone":  # the cards, to WCAG 2.1 AA (the desktop tables are in test_axe_finds_no_violation_at_aa)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        assert [(v["id"], v["nodes"][0]["target"]) for v in result["violations"]] == []
    if TAKE_SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"schedule-{size}-{path.strip('/').replace('/', '-')}.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("path", ["", "jiefang/"])
def test_today_is_the_readers_today_not_the_builds(served_site: str, browser: Browser, path: str) -> None:
    """Built on 2024-11-22 (after the roster), read on 2024-09-30 (inside it): the page lists that day's receptions."""
    import datetime as dt
    import json
    import urllib.request

    context = browser.new_context(viewport=SCHEDULE_SIZES["phone"], timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime(2024, 9, 30, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    page.goto(served_site + path)
    block = page.locator(".gk-today")
    expect(block).to_have_attribute("data-live", "2024-09-30")
    assert block.locator("h2").inner_text() == "今日接访（9月30日）及近期安排"
    first = block.locator(".gk-today-list li").first
    assert first.locator("a").inner_text().startswith("9月30日（星期一） 今天")
    assert "周九" in first.inner_text() and "张三" in first.inner_text()  # the day's three receptions
    assert "按您设备上的日期" in block.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert page.evaluate(SPLIT, ".gk-today .gk-nowrap") == []  # times and names whole
    rows = json.loads(urllib.request.urlopen(served_site + "data/receptions.json").read())
    expected = sorted(
        {r["date"] for r in rows if "2024-09-30" <= r["date"] <= "2024-10-14" and r["status"] != "已取消"}
    )
    shown = block.locator(".gk-today-list li a").all_inner_texts()
    assert [text.split("（")[0] for text in shown] == [f"{int(d[5:7])}月{int(d[8:])}日" for d in expected]  # two weeks
    context.close()


def test_without_script_the_builds_list_says_its_date(served_site: str, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site)
    block = page.locator(".gk-today")
    assert block.locator("h2").inner_text() == "近期接访"
    assert "2024年11月22日（网页生成日）" in block.inner_text() and "近期没有接访安排" in block.inner_text()
    context.close()


def test_the_reception_hub_is_in_the_navigation_with_a_breadcrumb(served_site: str, browser: Browser) -> None:
    page = browser.new_page(viewport=SCHEDULE_SIZES["phone"])
    page.goto(served_site)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="今日接访").click()
    assert page.locator("h1").inner_text() == "领导接访安排"
    assert page.get_by_role("navigation", name="当前位置").inner_text().startswith("首页")
    page.close()


def test_notice_shows_disclosure_metadata(served_site: str, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(served_site + "notices/2024-xinfang-month/")
    meta = page.locator(".gk-meta").inner_text()
    for label in (
        "索引号",
        "qz06901-2420-2024-00091",
        "发布机构",
        "晋江市人民政府青阳街道办事处",
        "文号",
        "晋政青〔2024〕62号",
    ):
        assert label in meta
    page.get_by_role("link", name="青阳街道信访月专项活动领导接访安排表").click()
    page.wait_for_url("**/rosters/2024-xinfang-month/")
    page.wait_for_load_state()
    assert page.locator("table tbody tr").count() == 26
    page.close()


SEED_001_FIELDS = ("索引号", "发布机构", "主题分类", "体裁分类", "文号", "成文日期", "发布日期", "有效性", "信息来源")
"""The metadata table of seed 001's page, field by field."""


@pytest.mark.parametrize("path", ["notices/2024-xinfang-month/", "data/xinfang-2024h1/", "articles/xxgk-zhinan/"])
def test_document_page_fills_every_field_of_seed_001(served_site: str, browser: Browser, path: str) -> None:
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.goto(served_site + path)
    shown = dict(
        zip(
            page.locator(".gk-meta dt").all_inner_texts(),
            page.locator(".gk-meta dd").all_inner_texts(),
            strict=True,
        )
    )
    for field in SEED_001_FIELDS:
        assert shown.get(field, "").strip(), f"{field} missing or empty on {path}: {shown}"
    assert shown["主题分类"] == "综合政务\\信访" and shown["有效性"] == "有效"
    head = {
        name: page.locator(f'meta[name="{name}"]').get_attribute("content")
        for name in ("SiteName", "SiteDomain", "ColumnName", "ArticleTitle", "PubDate", "ContentSource")
    }
    assert all(head.values()), head  # the government-site <meta> tags
    page.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_statistics_chart_sits_beside_its_table(served_statistics: str, browser: Browser, viewport: str) -> None:
    page = browser.new_page(viewport=VIEWPORTS[viewport])
    assert page.goto(served_statistics + "data/h1/").status == 200
    charts = page.locator("img.gk-chart")  # the units against a year before; the monthly trend of 进京访
    assert charts.count() == 2
    assert "数值见下表" in (charts.first.get_attribute("alt") or "")
    assert "逐月变化" in (charts.nth(1).get_attribute("alt") or "")
    for index in range(2):
        chart = charts.nth(index)
        assert chart.is_visible()
        assert chart.evaluate("img => img.naturalWidth") > 0  # the SVG loads
        box = chart.bounding_box()
        assert box is not None and box["width"] <= VIEWPORTS[viewport]["width"]
    # the data next to it: 批次 and 人次 by unit and channel, whole on the screen; the long rows folded away
    crosses = page.locator(".gk-tables > table")
    assert crosses.count() == 2 and crosses.first.is_visible()
    assert page.evaluate(
        "[...document.querySelectorAll('.gk-tables > table')].every(t => t.scrollWidth <= t.clientWidth)"
    )
    assert not page.locator("details.gk-rows table").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    if TAKE_SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{viewport}-statistics.png"), full_page=True)
    page.close()


AXE = Path(__file__).resolve().parent.parent / ".make/node/node_modules/axe-core/axe.min.js"
TEMPLATES = {  # one page of each theme template
    "home": "",
    "column list": "tzgg/",
    "信息公开目录": "xxgk/ml/",
    "政府信息公开": "xxgk/",
    "notice": "notices/2024-xinfang-month/",
    "plan": "plans/2024-xinfang-month/",
    "roster": "rosters/2024-xinfang-month/",
    "article": "articles/xxgk-zhinan/",
    "table": "data/xinfang-2024h1/",
    "data catalogue": "data/",
    "free page": "pages/contact/",
    "site map": "wzdt/",
    "依申请公开": "xxgk/ysqgk/",
    "年报": "reports/2023-nianbao/",
    "schedule": "jiefang/",
    "week": "jiefang/week/2024-W40/",
    "month": "jiefang/month/2024-10/",
    "day": "jiefang/day/2024-09-30/",
    "search": "search/?q=接访",
    "404": "404.html",
}


@pytest.mark.slow
@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_axe_finds_no_violation_at_aa(served_site: str, browser: Browser, elder: bool) -> None:
    """axe-core (npm) injected into every page template: no WCAG 2.1 A/AA violation, in both modes."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core from npm")
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    if elder:
        page.add_init_script("localStorage.setItem('gk-elder', '1')")
    report = {}
    for name, path in TEMPLATES.items():
        page.goto(served_site + path)  # waits for "load"; only the search page draws after it (Pagefind)
        if path.startswith("search/"):
            page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        report[name] = [(v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["target"]) for v in result["violations"]]
    page.close()
    counts = "，".join(f"{name} {len(found)}" for name, found in report.items())
    total = sum(len(found) for found in report.values())
    SUMMARY_LINES.append(f"axe-core WCAG 2.1 AA（{'长者模式' if elder else '普通模式'}）：违规 {total} 项（{counts}）")
    assert {name: found for name, found in report.items() if found} == {}


def test_reader_goes_from_home_to_a_column_a_document_and_its_pdf(served_site: str, browser: Browser) -> None:
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(served_site) else None)
    page.goto(served_site)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="通知公告").click()
    assert page.locator("h1").inner_text() == "通知公告"
    assert page.get_by_role("navigation", name="当前位置").inner_text().startswith("首页")
    page.locator(".gk-list a").first.click()
    assert page.locator(".gk-meta").is_visible()
    expect(page.locator("#gk-qr svg")).to_have_count(1)  # 扫一扫: drawn by script from the page's own address
    with page.expect_download() as download:
        page.locator(".gk-pdf a").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert external == []
    page.close()


def test_search_reads_well_for_older_readers_and_in_chinese_only(served_site: str, browser: Browser) -> None:
    """In 长者模式 at 390 px: results at 18 px or more, 44 px targets, not one English word of interface, the
    header box keeping the query, each result's 栏目, 索引号 and 发布日期, no snippet from a blank form."""
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    page.add_init_script("localStorage.setItem('gk-elder', '1')")
    page.goto(served_site + "search/?q=接访")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10000)
    assert page.input_value("#gk-q") == "接访"
    sizes = page.evaluate(
        "[...document.querySelectorAll('.pagefind-ui__result-excerpt, .pagefind-ui__result-title')]"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes and min(sizes) >= 18
    interface = page.evaluate(
        "[...document.querySelectorAll('#gk-search-ui *')].filter(e => !e.closest('.pagefind-ui__result'))"
        ".flatMap(e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent))"
        ".concat([...document.querySelectorAll('#gk-search-ui input')].map(i => i.placeholder)).join(' ')"
    )
    assert "找到" in interface and not re.search(r"[A-Za-z]{2,}", interface), interface
    targets = page.evaluate(
        "[...document.querySelectorAll('.pagefind-ui__filter-name, .pagefind-ui__search-clear')]"
        ".map(e => e.getBoundingClientRect().height)"
    )
    assert targets and min(targets) >= 44
    tags = page.locator(".pagefind-ui__result").first.locator(".pagefind-ui__result-tag").all_inner_texts()
    assert [t.split(":")[0] for t in tags] == ["发布日期", "栏目", "索引号"]
    excerpts = " ".join(page.locator(".pagefind-ui__result-excerpt").all_inner_texts())
    assert "来访人数" not in excerpts  # a heading of the blank 登记表, not content
    page.close()


def test_search_finds_the_reception_schedule(served_site: str, browser: Browser) -> None:
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.goto(served_site)
    page.fill("#gk-q", "接访")
    page.locator(".gk-search button").click()
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10000)
    links = page.evaluate(
        "[...document.querySelectorAll('.pagefind-ui__result-link')].map(a => a.getAttribute('href'))"
    )
    assert links[0] in (
        "/jiefang/",
        "/jiefang/month/2024-09/",
        "/jiefang/month/2024-10/",
        "/rosters/2024-xinfang-month/",
    )
    assert "/rosters/2024-xinfang-month/" in links, links  # the schedule itself
    page.fill(".pagefind-ui__search-input", "张伟")  # a name only the notice's PDF (its roster 附件) carries
    page.wait_for_timeout(1500)
    pdfs = page.evaluate("[...document.querySelectorAll('.pagefind-ui__result-link')].map(a => a.getAttribute('href'))")
    assert any(link.endswith("/2024-xinfang-month.pdf") for link in pdfs), pdfs  # PDF text is searchable too
    assert page.evaluate("document.documentElement.lang") == "zh-CN"  # set aside only while Pagefind starts
    before = page.locator(".pagefind-ui__message").inner_text()
    page.locator(".pagefind-ui__filter-name", has_text="栏目").click()
    page.get_by_label("接访安排").first.check()  # the 栏目 filter narrows the results
    page.wait_for_timeout(1000)
    after = page.locator(".pagefind-ui__message").inner_text()
    assert after != before and page.locator(".pagefind-ui__result-link").count() >= 1
    page.fill(".pagefind-ui__search-input", "领导接访安排")  # a phrase: Pagefind's own (jieba) words, not the browser's
    page.wait_for_timeout(1500)
    assert page.locator(".pagefind-ui__result-link").count() >= 1
    page.close()


def test_no_request_of_any_template_fails(served_site: str, browser: Browser) -> None:
    """Stylesheet, scripts, pictures, the search index and the favicon: nothing a page asks for is missing."""
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    failed: list[str] = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    for name, path in TEMPLATES.items():
        if name != "404":  # itself a 404, its links from base_url's path (test_deploy serves it where it belongs)
            page.goto(served_site + path, wait_until="networkidle")
    assert failed == []
    assert page.evaluate("document.querySelector('link[rel=icon]').href").endswith("/favicon.svg")
    page.close()


@pytest.mark.parametrize(("elder", "share"), [(False, 0.4), (True, 0.6)], ids=["normal", "elder"])
def test_a_phone_sees_content_on_its_first_screen(
    served_site: str, browser: Browser, elder: bool, share: float
) -> None:
    """The header leaves most of a 390×844 screen to the page; the last box keeps clear of the footer."""
    for size, slack in (({"width": 390, "height": 844}, 0.0), ({"width": 360, "height": 740}, 0.03)):
        page = browser.new_page(viewport=size)
        if elder:
            page.add_init_script("localStorage.setItem('gk-elder', '1')")
        page.goto(served_site)
        top = page.evaluate("document.querySelector('main').getBoundingClientRect().top")
        assert top <= (share + slack) * size["height"], (size, top)  # a smaller phone: a little more
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.close()
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    page.goto(served_site)
    gap = page.evaluate(
        "document.querySelector('footer').getBoundingClientRect().top"
        " - document.querySelector('.gk-contact').getBoundingClientRect().bottom"
    )
    assert gap >= 16
    links = page.locator(".gk-footer-links li").all_inner_texts()
    assert links[:2] == ["联系我们", "网站地图"]
    page.close()


def test_the_publishers_long_name_is_never_broken_inside_a_word(served_site: str, browser: Browser) -> None:
    """发布机构 and 信息来源 (晋江市人民政府青阳街道办事处) on one line of the metadata block, on a desktop."""
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.goto(served_site + "notices/2024-xinfang-month/")
    lines = page.evaluate(
        "[...document.querySelectorAll('.gk-meta dt')].filter(dt => ['发布机构', '信息来源'].includes(dt.textContent))"
        ".map(dt => { const dd = dt.nextElementSibling;"
        " return dd.getBoundingClientRect().height / parseFloat(getComputedStyle(dd).lineHeight); })"
    )
    assert len(lines) == 2 and all(n < 1.5 for n in lines), lines
    page.close()


def test_the_catalogue_filters_by_genre_subject_and_year(served_site: str, browser: Browser) -> None:
    """信息公开目录: choosing 体裁 通报 shows only 通报, across all its pages; choosing 全部 again restores the list."""
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    page.goto(served_site + "xxgk/ml/")
    page.wait_for_selector("#gk-filter:not([hidden])")
    before = page.locator("main .gk-list li").count()
    page.select_option("#gk-filter select[name=genre]", "通报")
    titles = page.locator("main .gk-list li a").all_inner_texts()
    assert titles and all(t.endswith("通报") for t in titles), titles
    assert page.locator("main .gk-count").inner_text() == f"符合条件的共 {len(titles)} 条。"
    page.select_option("#gk-filter select[name=genre]", "统计数据")
    page.select_option("#gk-filter select[name=year]", "2024")
    assert page.locator("main .gk-list li a").count() == 3  # the example's three tables
    page.select_option("#gk-filter select[name=genre]", "")
    page.select_option("#gk-filter select[name=year]", "")
    assert page.locator("main .gk-list li").count() == before
    page.close()


def test_the_site_map_and_every_footer_identifier(served_site: str, browser: Browser) -> None:
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.goto(served_site)
    page.locator(".gk-footer-links a", has_text="网站地图").click()
    assert page.url.endswith("/wzdt/") and page.locator("h1").inner_text() == "网站地图"
    links = page.locator("main a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    for folder in ("tzgg/", "jiefang/", "xxgk/ml/", "data/", "pages/contact/", "pages/2024h1-summary/", "search/"):
        assert any(link.endswith(folder) for link in links), folder
    footer = page.locator("footer").inner_text()
    assert "网站标识码：0000000000" in footer and "闽ICP备00000000号（示例）" in footer
    assert "闽公网安备00000000000000号（示例）" in footer and "我为政府网站找错" in footer
    assert page.locator("meta[name=SiteIDCode]").get_attribute("content") == "0000000000"
    page.close()


def test_elder_mode_switches_on_every_template(served_site: str, browser: Browser) -> None:
    """The 长者模式 button works on each template, the search page (with its own script) included."""
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    for name, path in TEMPLATES.items():
        if name == "404":  # its script is linked from base_url's path, which only a real deploy serves (test_deploy)
            continue
        page.goto(served_site + path)
        page.evaluate("localStorage.removeItem('gk-elder')")
        page.reload()
        page.wait_for_timeout(200 if name == "search" else 0)  # the search page's script has started Pagefind
        page.locator("#gk-elder").click()
        pressed = page.evaluate(
            "[document.documentElement.classList.contains('gk-elder-mode'),"
            " document.getElementById('gk-elder').getAttribute('aria-pressed'),"
            " document.getElementById('gk-elder').textContent]"
        )
        assert pressed == [True, "true", "退出长者模式"], name
    page.evaluate("localStorage.removeItem('gk-elder')")
    page.close()


def test_elder_mode_survives_a_reload(served_site: str, browser: Browser) -> None:
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    page.goto(served_site + "tzgg/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.locator("#gk-elder").click()
    assert page.locator("#gk-elder").get_attribute("aria-pressed") == "true"
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('gk-elder-mode')")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= normal * 1.3
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.goto(served_site)  # and on the next page
    assert page.locator("#gk-elder").get_attribute("aria-pressed") == "true"
    page.close()

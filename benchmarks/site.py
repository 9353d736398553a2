"""``make bench`` (site part): build speed of a synthetic disclosure site against Hugo, in the same run.

``synthetic_project`` writes a project of N items (articles with full disclosure
metadata, spread over the columns and ten years); ``hugo_project`` writes the same N
pages for Hugo (Debian package ``hugo``) with comparable templates: the metadata table,
the body, column lists of 20 a page. Both are built from cold into empty folders; the
no-op time is a second ``gongkai build`` with nothing changed, and the incremental time a third
after one article was edited (the cache warm: what CI's daily build and an editor's save cost), each
a separate process. gongkai's build includes the search index; Hugo's does not, so
Hugo followed by the same Pagefind over its pages is timed as well and both ratios printed. Peak memory is the largest sum of
proportional set sizes (PSS) of the build's process tree, sampled from /proc (forked workers share the build's pages).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from benchmarks.clock import Timing
from benchmarks.guard import report_guard
from generator.web.search import pagefind_binary

WORDS = [
    "信访",
    "工作",
    "群众",
    "诉求",
    "化解",
    "矛盾",
    "纠纷",
    "排查",
    "接访",
    "领导",
    "干部",
    "街道",
    "社区",
    "问题",
    "责任",
    "落实",
    "依法",
    "及时",
    "就地",
    "初信初访",
    "办理",
    "答复",
    "满意",
    "回访",
    "督办",
    "交办",
    "台账",
    "网格",
    "调解",
    "稳定",
    "基层",
    "治理",
    "服务",
    "政策",
    "宣传",
]
COLUMNS = ("tzgg", "zhinan", "zhidu", "fdzdgknr", "nianbao")
SITE_YAML = """title: 基准测试信访信息公开
base_url: https://example.org/bench/
publisher: {full_name: 基准县人民政府某某镇人民政府, short_name: 某某镇, org_code: "000000001"}
contact: {office: 某某镇信访办, address: 某某镇政府一楼, phone: 0000-0000000}
footer: {sponsor: 某某镇人民政府}
"""
PEOPLE_YAML = "people:\n  - {id: p1, name: 某某, post: 镇长, level: 乡镇级, unit: 某某镇}\n"
PLACES_YAML = "places:\n  - {id: hall, name: 镇信访接待室}\n"
MKDOCS_YML = "site_name: 基准测试\ndocs_dir: content\nsite_dir: site\nuse_directory_urls: true\ntheme:\n  name: gongkai\nplugins:\n  - gongkai\nmarkdown_extensions:\n  - tables\n  - attr_list\n  - md_in_html\n"


def _items(n: int) -> list[tuple[str, str, str, dt.date, str]]:
    """(id, title, column, date, body) of N items: the same text for gongkai and Hugo."""
    rng = random.Random(20241122)
    start = dt.date(2015, 1, 1)
    items = []
    for i in range(n):
        paragraphs = ["".join(rng.choice(WORDS) for _ in range(40)) + "。" for _ in range(4)]
        day = start + dt.timedelta(days=i * 3650 // max(n, 1))
        items.append(
            (
                f"a{i:05d}",
                f"关于{rng.choice(WORDS)}{rng.choice(WORDS)}工作的第{i + 1}号信息",
                COLUMNS[i % 5],
                day,
                "\n\n".join(paragraphs),
            )
        )
    return items


def synthetic_project(root: Path, n: int) -> Path:
    """A gongkai project of ``n`` articles (web-only items with full metadata)."""
    (root / "content/articles").mkdir(parents=True)
    (root / "content/site.yaml").write_text(SITE_YAML, encoding="utf-8")
    (root / "content/people.yaml").write_text(PEOPLE_YAML, encoding="utf-8")
    (root / "content/places.yaml").write_text(PLACES_YAML, encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    for ident, title, column, day, body in _items(n):
        front = (
            f"id: {ident}\nsuoyinhao: 000000001/{day.year}-{ident[1:]}\ntitle: {title}\ncolumn: {column}\n"
            f"date_written: {day}\ndate_published: {day}\ngenre: 工作动态\nkeywords: [信访]\n"
            f"summary: {title}。\ndisclosure: 主动公开\nreview: {{reviewer: 某某, date: {day}}}\n"
        )
        (root / f"content/articles/{ident}.md").write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")
    return root


HUGO_CONFIG = """baseURL = "https://example.org/bench/"
languageCode = "zh-CN"
title = "基准测试信访信息公开"
disableKinds = ["taxonomy", "term", "RSS"]
[pagination]
  pagerSize = 20
paginate = 20
"""
HUGO_BASEOF = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title>
<meta name="SiteName" content="{{ site.Title }}"><meta name="ColumnName" content="{{ .Section }}"></head>
<body><header><p>{{ site.Title }}</p><nav><a href="{{ "/" | relURL }}">首页</a>{{ range site.Sections }} <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main><footer><p>主办单位：某某镇人民政府</p></footer></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><dl><dt>索引号</dt><dd>{{ .Params.suoyinhao }}</dd><dt>发布机构</dt><dd>基准县人民政府某某镇人民政府</dd>
<dt>主题分类</dt><dd>综合政务\\信访</dd><dt>体裁分类</dt><dd>{{ .Params.genre }}</dd><dt>成文日期</dt><dd>{{ .Date.Format "2006-01-02" }}</dd>
<dt>发布日期</dt><dd>{{ .Date.Format "2006-01-02" }}</dd><dt>有效性</dt><dd>有效</dd><dt>信息来源</dt><dd>某某镇人民政府</dd></dl>
<h1>{{ .Title }}</h1>{{ .Content }}<p>审核：{{ .Params.reviewer }}</p></article>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.suoyinhao }} {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>
{{ with .Paginator }}{{ if .HasPrev }}<a href="{{ .Prev.URL }}">上一页</a>{{ end }} 第{{ .PageNumber }}页 {{ if .HasNext }}<a href="{{ .Next.URL }}">下一页</a>{{ end }}{{ end }}{{ end }}
"""


def hugo_project(root: Path, n: int) -> Path:
    """The same ``n`` items as a Hugo site, one section per column."""
    (root / "layouts/_default").mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (root / "layouts/_default/baseof.html").write_text(HUGO_BASEOF, encoding="utf-8")
    (root / "layouts/_default/single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (root / "layouts/_default/list.html").write_text(HUGO_LIST, encoding="utf-8")
    (root / "layouts/index.html").write_text(HUGO_LIST, encoding="utf-8")
    for column in COLUMNS:
        (root / f"content/{column}").mkdir(parents=True)
        (root / f"content/{column}/_index.md").write_text(f'---\ntitle: "{column}"\n---\n', encoding="utf-8")
    for ident, title, column, day, body in _items(n):
        front = f'title: "{title}"\ndate: {day}\nsuoyinhao: "000000001/{day.year}-{ident[1:]}"\ngenre: 工作动态\nreviewer: 某某\n'
        (root / f"content/{column}/{ident}.md").write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")
    return root


class TreeMemory:
    """Samples the summed proportional set size of a process and its descendants (Linux /proc)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, sum(_pss_bytes(pid) for pid in _tree(self.pid)))


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _pss_bytes(pid: int) -> int:
    """A process's proportional set size: its own pages, and its share of pages it shares with others.

    A worker forked from the build (the PDFs' render pool) shares the build's pages until
    either writes to them; resident set sizes would count those pages once in each process, their
    proportional sizes add up to the memory the tree uses.
    """
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        return int(rollup.split("\nPss:", 1)[1].split()[0]) * 1024
    except (OSError, IndexError, ValueError):
        return 0


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Timing:
    """Wall and CPU seconds (the command's processes and those they waited for) and peak tree memory; a failure
    stops the bench."""
    cpu = _children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    with TreeMemory(process.pid) as memory:
        output, err = process.communicate()
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{err.decode('utf-8', 'replace')[-2000:]}")
    return Timing(seconds, _children_cpu() - cpu, memory.peak, output.decode("utf-8", "replace"))


def median_of(count: int, run: Callable[[], Timing]) -> Timing:
    """The middle of ``count`` timings by wall time."""
    timings = sorted((run() for _ in range(count)), key=lambda timing: timing.wall)
    return timings[len(timings) // 2]


def _edit_and_build(item: Path, command: list[str], project: Path, env: dict[str, str]) -> Timing:
    """One sentence added to ``item``, then the build timed."""
    item.write_text(item.read_text(encoding="utf-8") + "\n补充的一句话。\n", encoding="utf-8")
    return timed(command, project, env)


def _hugo_full_build(hugo: str, reference: Path) -> Timing:
    """Hugo's build of the reference site into an empty folder."""
    shutil.rmtree(reference / "public", ignore_errors=True)
    return timed([hugo, "--quiet", "--destination", str(reference / "public")], reference)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _mib(size: int) -> str:
    return f"{size / 2**20:.0f} MiB"


def example_project(root: Path, target: Path) -> Path:
    """A copy of the example project (content, data, mkdocs.yml) to edit."""
    for name in ("content", "data"):
        if (root / name).is_dir():
            shutil.copytree(root / name, target / name)
    shutil.copy2(root / "mkdocs.yml", target / "mkdocs.yml")
    return target


def report_example_edits(out: TextIO, root: Path, scratch: Path) -> None:
    """The example, one page edited: as a new ``gongkai build`` process, and in a warm process as ``gongkai serve``."""
    project = example_project(root, scratch / "example")
    env = {**os.environ, "GONGKAI_CACHE_DIR": str(scratch / "cache-example")}
    gongkai = [sys.executable, "-m", "generator", "build", "--today", "2024-11-22"]
    timed(gongkai, project, env)  # the first build
    page = project / "content/articles/xinfang-zhineng.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n补充的一句话。\n", encoding="utf-8")
    once = timed(gongkai, project, env)
    out.write(f"example, one page edited, as a new process (gongkai build): {once}\n")
    for source, what, target in (
        ("content/articles/xinfang-zhineng.md", "one page edited", "target ≤ 0.5 s to updated HTML"),
        ("content/notices/2024h1-tongbao.md", "one notice edited (its PDF laid out again)", "target ≤ 2 s to its PDF"),
    ):
        command = [sys.executable, "-m", "benchmarks.edits", str(project), source, "5"]
        run = timed(command, Path(__file__).resolve().parents[1], env)
        median = json.loads(run.output.strip().splitlines()[-1])
        out.write(
            f"example, {what}, in a warm process as gongkai serve rebuilds: median of 5 "
            f"{median['wall']:.2f} s wall, {median['cpu']:.2f} s CPU ({target})\n"
        )


def run_site_bench(out: TextIO, sizes: tuple[int, ...] = (5000, 10000), root: Path | None = None) -> None:
    """Seconds per 1,000 pages for gongkai and Hugo at each size, the ratios, the rebuilds and peak memory; with
    ``root``, the example project's one-edit rebuilds first."""
    hugo = shutil.which("hugo")
    if hugo is None:
        raise SystemExit("bench: 需要 hugo（Debian 软件包 hugo）作为参照；make bench 会安装它。")
    gongkai = [sys.executable, "-m", "generator", "build", "--today", "2025-01-01"]
    ours: dict[int, float] = {}
    with ScratchDir() as scratch:
        if root is not None:
            report_example_edits(out, root, scratch)
        for n in sizes:
            project = synthetic_project(scratch / f"gongkai-{n}", n)
            reference = hugo_project(scratch / f"hugo-{n}", n)
            env = {**os.environ, "GONGKAI_CACHE_DIR": str(scratch / f"cache-{n}")}  # a cold build: an empty cache
            cold = timed(gongkai, project, env)
            full = median_of(3, functools.partial(_hugo_full_build, hugo, reference))  # shared machines: the middle one
            index = [pagefind_binary(), "--site", "public", "--force-language", "zh-cn", "--silent"]
            search = timed(index, reference)  # what a Hugo site adds for the same search
            pages = sum(1 for _ in (project / "site").rglob("*.html"))
            hugo_pages = sum(1 for _ in (reference / "public").rglob("*.html"))
            ours[n] = cold.wall
            both = Timing(full.wall + search.wall, full.cpu + search.cpu)
            out.write(
                f"site, {n} items, cold: gongkai {cold} ({pages} pages, {cold.wall / pages * 1000:.2f} s per 1,000 pages, "
                f"peak memory {_mib(cold.peak)}); Hugo {full} ({hugo_pages} pages, "
                f"{full.wall / hugo_pages * 1000:.2f} s per 1,000 pages); ratio to Hugo {cold.wall / full.wall:.2f}; "
                f"Hugo then Pagefind on its pages {both}, ratio {cold.wall / both.wall:.2f} wall, "
                f"{cold.cpu / both.cpu:.2f} CPU (target ≤ 1.5)\n"
            )
            if n == max(sizes):
                noop = timed(gongkai, project, env)
                out.write(
                    f"site, {n} items, rebuild with nothing changed: {noop} (target ≤ 1 s), peak memory {_mib(noop.peak)}\n"
                )
                item = project / f"content/articles/a{n // 2:05d}.md"
                warm = median_of(3, functools.partial(_edit_and_build, item, gongkai, project, env))
                out.write(
                    f"site, {n} items, one item edited, cache warm (median of 3 edits): gongkai {warm}, "
                    f"peak memory {_mib(warm.peak)}; "
                    f"Hugo's full build (median of 3) {full}: ratio {warm.wall / full.wall:.2f} wall, "
                    f"{warm.cpu / full.cpu:.2f} CPU "
                    "(target ≤ 1.0)\n"
                )
                out.write(f"site, peak memory at {n} items: {_mib(max(cold.peak, warm.peak))} (target ≤ 1024 MiB)\n")
                report_guard(out, project, cold.cpu)
        if len(sizes) > 1:
            small, large = min(sizes), max(sizes)
            out.write(f"site, {large}/{small} time ratio: {ours[large] / ours[small]:.2f} (target ≤ 2.2)\n")


class ScratchDir:
    """A scratch folder removed afterwards (kept when GONGKAI_BENCH_KEEP is set, to look at)."""

    def __enter__(self) -> Path:
        import tempfile

        self.path = Path(tempfile.mkdtemp(prefix="gongkai-sitebench-"))
        return self.path

    def __exit__(self, *_: object) -> None:
        if not os.environ.get("GONGKAI_BENCH_KEEP"):
            shutil.rmtree(self.path, ignore_errors=True)

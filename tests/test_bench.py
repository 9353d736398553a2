"""The benchmark runs and compares like with like (its timings are never asserted)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import typst
from conftest import REPO
from pypdf import PdfReader

from benchmarks.pdf import _example, batch, run_bench, typst_source
from generator.fonts import choose_fonts
from generator.gongwen.pdf import render_gongwen_pdf


def test_typst_template_sets_the_same_pages() -> None:
    doc, _ = _example(REPO)
    fonts = choose_fonts()
    ours = PdfReader(io.BytesIO(render_gongwen_pdf(doc, fonts)))
    theirs = PdfReader(io.BytesIO(typst.compile(typst_source(doc, fonts).encode("utf-8"))))
    # Same text and elements; line breaking and table metrics differ a little between the engines,
    # and gongkai adds a page where needed so that the 版记 falls on an even page. Throughput is per page.
    assert abs(len(ours.pages) - len(theirs.pages)) <= 1
    assert "青阳街道办事处文件" in theirs.pages[0].extract_text()


def test_batch_is_distinct_notices() -> None:
    doc, _ = _example(REPO)
    docs = batch(doc, 12)
    assert len({d.doc_number for d in docs}) == 12
    assert len({len(d.body) for d in docs}) > 3


@pytest.mark.slow
def test_bench_reports_ratio_and_rebuild(tmp_path: Path) -> None:
    out = io.StringIO()
    assert run_bench(REPO, out, size=2, workers=1) == 0
    report = out.getvalue()
    assert "ratio gongkai/Typst wall time" in report
    assert "ratio gongkai/warm Typst compiler" in report
    assert "rebuild without changes: 0 PDFs rendered (first build: 8)" in report  # 2 notices, 5 week posters, 申请表


@pytest.mark.slow
def test_site_bench_builds_the_same_items_with_gongkai_and_hugo() -> None:
    """Tiny sizes: the report's lines, not its numbers (machines here are shared and noisy)."""
    from benchmarks.site import run_site_bench

    out = io.StringIO()
    run_site_bench(out, (12, 24), REPO)
    report = out.getvalue()
    assert report.count("ratio to Hugo") == 2 and report.count("Hugo then Pagefind") == 2
    assert "s per 1,000 pages" in report
    assert "rebuild with nothing changed" in report and "peak memory at 24 items" in report
    assert "24/12 time ratio" in report
    assert re.search(
        r"24 items, one item edited, cache warm \(median of 3 edits\): gongkai [\d.]+ s wall, [\d.]+ s CPU", report
    ), report
    assert re.search(r"example, one page edited, in a warm process .* median of 5 [\d.]+ s wall", report), report
    assert "example, one notice edited (its PDF laid out again)" in report
    assert report.count("s CPU") >= 8  # every figure with its CPU time beside the wall time


def test_cpu_time_counts_a_child_that_is_still_running() -> None:
    """The Pagefind service lives on from build to build (as in gongkai serve): its CPU time in a timed block
    counts, once, whether it is still running at the end of the block or was waited for in it."""
    import subprocess
    import sys
    import time

    from benchmarks.clock import measured

    burn = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass\nprint(1, flush=True)\ntime.sleep(60)"
    with measured() as running:
        child = subprocess.Popen([sys.executable, "-c", burn], stdout=subprocess.PIPE)
        assert child.stdout is not None and child.stdout.readline()  # it has burnt its 0.4 s, and lives on
        time.sleep(0.05)
    with measured() as ended:
        child.kill()
        child.wait()
        child.stdout.close()
    assert running.cpu >= 0.35, running
    assert abs(ended.cpu) < 0.1, ended  # waited for: its time moved, it did not count again

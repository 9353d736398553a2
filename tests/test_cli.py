"""The command line as editors and CI use it: exit codes, output formats, scaffolding, doctor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import gongkai


def test_check_clean_example_exits_zero(example: Path) -> None:
    run = gongkai("check", "--root", str(example), "--today", "2024-09-25")  # a week after its newest notice
    assert (run.code, run.stderr) == (0, "")


def test_check_lists_what_an_inspector_would_call_stale(example: Path) -> None:
    """Two years on, nothing new: the home page and every column with a limit are past it (warnings, exit 0)."""
    run = gongkai("check", "--root", str(example), "--today", "2026-11-29", "--format", "json")
    assert run.code == 0
    problems = json.loads(run.stderr)["problems"]
    stale = sorted(p["message"].split("（")[1].split("）")[0] for p in problems if p["code"] == "stale-column")
    assert stale == ["jfap", "nianbao", "tjsj", "tzgg"]  # 指南, 制度, 法定主动公开内容: no update limit
    [home] = [p for p in problems if p["code"] == "stale-home"]
    assert home["message"].startswith("首页已 802 天没有新信息")
    assert all(p["severity"] == "warning" for p in problems)


def test_check_finds_a_page_no_other_page_links_to(example: Path) -> None:
    tongbao = example / "content/notices/2024h1-tongbao.md"
    tongbao.write_text(
        tongbao.read_text(encoding="utf-8").replace("(../../pages/2024h1-summary/)", ""), encoding="utf-8"
    )
    run = gongkai("check", "--root", str(example), "--today", "2024-09-25", "--format", "json")
    problems = json.loads(run.stderr)["problems"]
    assert [(p["path"], p["code"]) for p in problems] == [("content/pages/2024h1-summary.md", "orphan-page")]


def test_check_json_is_machine_readable(example: Path) -> None:
    (example / "content/people.yaml").write_text("people: 无\n", encoding="utf-8")
    run = gongkai("check", "--root", str(example), "--format", "json")
    assert run.code == 1
    problems = json.loads(run.stderr)["problems"]
    assert problems[0] == {
        "path": "content/people.yaml",
        "line": 1,
        "column": 9,
        "code": "wrong-type",
        "message": problems[0]["message"],
        "severity": "error",
    }


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--today", "2024-13-01"],
        ["frobnicate"],
        ["new", "notice", "Bad Name"],
        [],
        ["check", "--format", "xml"],
    ],
)
def test_bad_usage_exits_two(example: Path, args: list[str]) -> None:
    run = gongkai(*args[:1], *(["--root", str(example)] if args[:1] == ["new"] else []), *args[1:])
    assert run.code == 2, run.stderr
    assert "Traceback" not in run.stderr


def test_warnings_fail_only_under_strict(example: Path) -> None:
    notice = example / "content/notices/2024-xinfang-month.md"
    notice.write_text(
        notice.read_text(encoding="utf-8").replace("suoyinhao: qz06901-2420-2024-00091\n", ""), encoding="utf-8"
    )
    run = gongkai("check", "--root", str(example))
    assert run.code == 0
    assert "警告: 未填写索引号，已按模板生成“qz06901-2420-2024-00106”" in run.stderr
    assert gongkai("check", "--root", str(example), "--strict").code == 1
    assert gongkai("build", "--root", str(example), "--strict").code == 1
    assert not (example / "site").exists()


def test_new_scaffolds_valid_documents(example: Path) -> None:
    for kind in ("notice", "article", "campaign", "roster", "page", "table"):
        run = gongkai("new", kind, "2025-test", "--root", str(example))
        assert run.code == 0, run.stderr
    assert (example / "data/2025-test.csv").is_file()
    run = gongkai("check", "--root", str(example))
    assert run.code == 0, run.stderr
    again = gongkai("new", "notice", "2025-test", "--root", str(example))
    assert again.code == 2 and "不会覆盖" in again.stderr


def test_doctor_reports_fonts_per_role() -> None:
    run = gongkai("doctor")
    assert run.code in (0, 2), run.stderr
    for role in ("仿宋", "小标宋", "黑体", "楷体", "宋体"):
        assert f"  {role}: " in run.stdout
    assert "weasyprint" in run.stdout


def test_python_dash_m_generator_works() -> None:
    assert "gongkai" in gongkai("--help").stdout


def test_readme_mistake_and_message_are_true(example: Path) -> None:
    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    wrong = next(line for line in readme.splitlines() if line.startswith("doc_number: "))
    shown = next(line for line in readme.splitlines() if line.startswith("content/notices/"))
    notice = example / "content/notices/2024-xinfang-month.md"
    notice.write_text(
        notice.read_text(encoding="utf-8").replace("doc_number: 晋政青〔2024〕62号", wrong), encoding="utf-8"
    )
    run = gongkai("check", "--root", str(example))
    assert run.code == 1
    assert run.stderr.splitlines() == [shown]


def test_figures_lists_every_quotable_figure_with_its_value(example: Path) -> None:
    """`gongkai figures` answers "what can I quote?": every name, written as a body quotes it, and its value now."""
    run = gongkai("figures", "--root", str(example), "--today", "2024-11-22")
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert "{{ stats.信访总量.批次 }} = 282" in lines and "{{ stats.交办单.数量 }} = 27" in lines
    assert f"共 {len(lines)} 个统计数字" in run.stderr
    one = gongkai("figures", "huajie-2024h1", "--root", str(example), "--today", "2024-11-22")
    assert one.code == 0 and one.stdout and all("交办单" not in line for line in one.stdout.splitlines())
    missing = gongkai("figures", "nope", "--root", str(example), "--today", "2024-11-22")
    assert missing.code == 2 and "xinfang-2024h1" in missing.stderr


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_build_leaves_nothing_in_the_temporary_directory(example: Path, tmp_path: Path, jobs: str) -> None:
    """WeasyPrint copies the font files (tens of MB) for every process that lays out a PDF and removes them only
    when its font configuration is collected, which neither a pool worker's nor the build's own exit does:
    every build used to leave them behind, and a daily build filled the disk. In the process (one job) and
    in a pool, from an empty cache so that every PDF is laid out."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    run = gongkai(
        "build", "--root", str(example), "--jobs", jobs,
        env={"TMPDIR": str(scratch), "GONGKAI_CACHE_DIR": str(tmp_path / "cache")},
    )  # fmt: skip
    assert run.code == 0, run.stderr
    assert list((example / "site").rglob("*.pdf")), "the build laid out no PDF: the test tests nothing"
    assert list(scratch.iterdir()) == []


@pytest.mark.slow
def test_a_build_told_to_stop_leaves_the_site_and_nothing_else(example: Path, tmp_path: Path) -> None:
    """A CI timeout ends a build with SIGTERM: it stops as on Ctrl-C, with no site written, its PDF workers and
    their font copies gone (or, where Python sets the interrupt aside, it ends its build: nothing left either)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "GONGKAI_CACHE_DIR": str(tmp_path / "cache")}
    build = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--root", str(example), "--jobs", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not any(scratch.glob("gongkai-render-*")) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # until the PDFs are being laid out
    assert build.poll() is None, "the build ended before its PDFs were laid out: the test tests nothing"
    build.send_signal(signal.SIGTERM)
    _, stderr = build.communicate(timeout=60)
    if build.returncode == 0:  # the interrupt fell where Python sets it aside ("Exception ignored in …"): built
        assert (example / "site/SHA256SUMS").is_file(), stderr
    else:
        assert "已中断" in stderr and not (example / "site").exists(), stderr
    assert list(scratch.iterdir()) == []

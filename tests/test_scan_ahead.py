"""The guard's scan of pages in a forked process while MkDocs writes them (generator/publish/ahead.py).

Each build runs in a fresh interpreter: a pytest worker runs threads, and the scanning process
is forked only from a process with one thread.
"""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, copy_project

SCRIPT = """
import datetime as dt, json, sys
from pathlib import Path
import generator.publish.ahead as ahead
ahead.PAGES_AHEAD = int(sys.argv[3])
if sys.argv[4] == "broken":  # the scanning process fails on its first page
    ahead.TreeCheck = None
handed = []
results = ahead.ScanAhead.results
def counted(self):
    found = results(self)
    handed.append([len(self.handed), len(found)])
    return found
ahead.ScanAhead.results = counted
from generator.build import build
from generator.problems import GongkaiError
try:
    build(Path(sys.argv[1]), Path(sys.argv[2]), dt.date(2024, 11, 22))
    refused = []
except GongkaiError as error:
    refused = [(p.path, p.line) for p in error.problems if p.code == "private-data"]
print(json.dumps({"handed": handed, "refused": refused}))
"""


def _build(root: Path, out: Path, threshold: int, mode: str = "working") -> dict[str, list[list[int]]]:
    env = {**os.environ, "GONGKAI_CACHE_DIR": str(root / ".cache"), "SOURCE_DATE_EPOCH": "1732233600"}
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(root), str(out), str(threshold), mode],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=True,
    )
    return dict(json.loads(run.stdout.strip().splitlines()[-1]))


def _same_trees(left: Path, right: Path) -> bool:
    compared = filecmp.dircmp(left, right)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    return not mismatch and not errors and all(_same_trees(left / d, right / d) for d in compared.common_dirs)


def test_pages_scanned_ahead_give_the_site_a_build_scanning_them_itself_gives(tmp_path: Path) -> None:
    ahead = copy_project(tmp_path / "ahead")
    alone = copy_project(tmp_path / "alone")
    first = _build(ahead, ahead / "site", 1)
    assert first["refused"] == []
    handed, scanned = first["handed"][0]
    assert handed > 40 and scanned == handed  # every page the example writes went to the other process
    assert _build(alone, alone / "site", 10**9)["handed"] == [[0, 0]]
    assert _same_trees(ahead / "site", alone / "site")


def test_private_data_on_a_page_scanned_ahead_stops_the_build_where_it_was_typed(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    page = root / "content/articles/xinfang-zhineng.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n联系人电话 139，1234，5678。\n", encoding="utf-8")
    line = page.read_text(encoding="utf-8").splitlines().index("联系人电话 139，1234，5678。") + 1
    result = _build(root, root / "site", 1)
    assert result["handed"][0][0] > 0 and result["handed"][0][0] == result["handed"][0][1]
    assert ["content/articles/xinfang-zhineng.md", line] in result["refused"]
    assert not (root / "site").exists()


def test_when_the_scanning_process_fails_the_build_scans_the_pages_itself(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    page = root / "content/articles/xinfang-zhineng.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n电话13912345678。\n", encoding="utf-8")
    result = _build(root, root / "site", 1, "broken")
    handed, scanned = result["handed"][0]
    assert handed > 0 and scanned == 0
    assert any(path == "content/articles/xinfang-zhineng.md" for path, _ in result["refused"])

"""Shared fixtures: a copy of the example project, the CLI as a subprocess, the golden switch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # benchmarks/ sits beside the package, not in it; appended last, so that
    sys.path.append(str(REPO))  # the installed gongkai's metadata is found before anything in the checkout
EPOCH = "1732204800"  # 2024-11-22 00:00 Beijing time: the frozen clock of golden builds


@pytest.fixture(scope="session", autouse=True)
def shared_pdf_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """One PDF cache for the whole run: builds of unchanged notices reuse the PDF, as in real use."""
    os.environ["GONGKAI_CACHE_DIR"] = str(tmp_path_factory.mktemp("pdf-cache"))


NEEDED_SPACE = 2 << 30
"""What a run writes to the temporary directory at its peak (measured: about 0.6 GiB), with room to spare."""


def pytest_configure(config: pytest.Config) -> None:
    """Stop at once, with one message, where the temporary directory cannot hold a run: a full disk otherwise shows as
    dozens of unrelated errors (could not create numbered dir, No space left on device) in the middle of the run."""
    if hasattr(config, "workerinput"):  # a pytest-xdist worker: the controller has checked
        return
    import tempfile

    folder = tempfile.gettempdir()
    free = shutil.disk_usage(folder).free
    if free < NEEDED_SPACE:
        pytest.exit(
            f"only {free / 2**20:.0f} MiB free in {folder}; the tests need about {NEEDED_SPACE >> 30} GiB there "
            "(free some space, or point TMPDIR at a disk with room)",
            returncode=4,
        )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first (stable otherwise): pytest-xdist then hands the short ones out last and the workers end
    together, instead of one worker starting a 40-second test while the other has nothing left."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden expectations from this build")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def copy_project(target: Path, source: Path = REPO) -> Path:
    """Copy the parts of a project a build reads (content/, data/, mkdocs.yml)."""
    for name in ("content", "data"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    shutil.copy2(source / "mkdocs.yml", target / "mkdocs.yml")
    return target


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A private copy of the example project."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example project built once for the whole run (the golden clock), for tests that only read it.

    Under pytest-xdist the workers share it: the first to take the lock builds it into the run's
    own folder, the others wait and read it. A test that changes the project or its site builds
    its own copy (``example``); one that changed this tree by mistake fails the run at teardown.
    """
    import fcntl

    run = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run = run.parent  # pytest-N/popen-gwK → pytest-N: this run's, shared by its workers, never a later run's
    root = run / "example-built" / "project"
    with (run / "example-built.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (root / "site" / "SHA256SUMS").is_file():
            shutil.rmtree(root.parent, ignore_errors=True)  # a build that failed half-way
            copy_project(root)
            built = gongkai("build", "--root", str(root))
            assert built.code == 0, built.stderr
    site = root / "site"
    yield site
    from generator.publish.verify import SUMS, compare_sums, read_sums  # the build's own SHA256SUMS is the record

    changed = compare_sums(site, read_sums((site / SUMS).read_text(encoding="utf-8")))
    assert changed == [], "a test changed the shared example build: give it its own copy (example)"


@pytest.fixture
def example_built(example: Path, example_site: Path) -> Path:
    """A private copy of the example project as it is after one build: the shared build copied into its site/.

    For tests that change a built project; the copy is what ``gongkai build`` would have made
    (the same sources, the same clock), without building it again.
    """
    shutil.copytree(example_site, example / "site", symlinks=True)
    if (example_site.parent / ".cache").is_dir():
        shutil.copytree(example_site.parent / ".cache", example / ".cache", symlinks=True)
    return example


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def gongkai(*args: str, env: dict[str, str] | None = None) -> Run:
    """Run the real command line in a subprocess, as an editor would."""
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "generator", *args], capture_output=True, text=True, env=full_env, check=False
    )
    return Run(done.returncode, done.stdout, done.stderr)


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Relative path → content of every file under ``root``."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


SUMMARY_LINES: list[str] = []
"""Lines a test wants in the run's summary (the axe-core result of every page template)."""
DEPLOY_LINES: list[str] = []
"""The nginx test's served headers, printed in the run's summary."""


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist (``make test`` runs ``-n auto``) a worker hands its summary lines to the controller."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["gongkai_summary"] = json.dumps([SUMMARY_LINES, DEPLOY_LINES], ensure_ascii=False)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    summary, deploy = json.loads(getattr(node, "workeroutput", {}).get("gongkai_summary", "[[], []]"))
    SUMMARY_LINES.extend(summary)
    DEPLOY_LINES.extend(deploy)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for title, lines in (("accessibility (axe-core)", SUMMARY_LINES), ("deploy (nginx headers)", DEPLOY_LINES)):
        if lines:
            terminalreporter.section(title)
            for line in lines:
                terminalreporter.write_line(line)

"""What `make` installs and how it says so: one list of Debian packages per goal, one message.

The messages are read from the real script run as a real unprivileged user (``setpriv``), and
with a PATH that has no apt-get, as on a system that is not Debian.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import REPO

SCRIPT = REPO / "scripts/system-deps.sh"
ABSENT = ["gongkai-absent-one", "gongkai-absent-two"]


def as_nobody(*args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    """The script run as user nobody, from a copy it can read (a checkout under /root is private)."""
    env = {"PATH": path or os.environ["PATH"], "LANG": "C.UTF-8", "HOME": "/nonexistent"}
    folder = Path(tempfile.mkdtemp(prefix="gongkai-setup-"))
    folder.chmod(0o755)
    script = Path(shutil.copy(SCRIPT, folder / SCRIPT.name))
    script.chmod(0o755)
    command = ["sh", str(script), *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv") or "/usr/bin/setpriv"
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    try:
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False)
    finally:
        shutil.rmtree(folder)


def test_installed_packages_need_nothing() -> None:
    run = as_nobody("dpkg", "libc6", "libc6")
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")


def test_without_root_everything_missing_is_named_in_one_message() -> None:
    run = as_nobody(*ABSENT, "libc6", ABSENT[0])
    assert run.returncode == 1
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert lines[0] == "缺少系统软件包 / missing Debian packages: gongkai-absent-one gongkai-absent-two"
    command = lines[-1].strip()
    if shutil.which("sudo"):
        assert command == "sudo apt-get install --no-install-recommends gongkai-absent-one gongkai-absent-two"
    else:  # sudo is shown only where it exists
        assert command == "su -c 'apt-get install --no-install-recommends gongkai-absent-one gongkai-absent-two'"
        assert "sudo" not in run.stderr
    assert run.stderr.count("missing") == 1 and "libc6" not in run.stderr


def test_without_apt_the_message_names_the_equivalents() -> None:
    bin_dir = Path(tempfile.mkdtemp(prefix="gongkai-path-"))  # where the unprivileged user can look
    bin_dir.chmod(0o755)
    for tool in ("sh", "id", "cat"):  # a system with a shell but neither dpkg nor apt-get
        (bin_dir / tool).symlink_to(shutil.which(tool) or f"/bin/{tool}")
    try:
        run = as_nobody(*ABSENT, path=str(bin_dir))
    finally:
        shutil.rmtree(bin_dir)
    assert run.returncode == 1
    assert "没有 apt-get" in run.stderr and "gongkai-absent-one gongkai-absent-two" in run.stderr
    assert "apt-get install" not in run.stderr


def planned(goal: str) -> list[list[str]]:
    """The package lists ``make GOAL`` would hand to system-deps.sh (``make -n``, nothing run)."""
    run = subprocess.run(["make", "-n", "-B", goal], cwd=REPO, capture_output=True, text=True, timeout=60, check=True)
    return [line.split("system-deps.sh", 1)[1].split() for line in run.stdout.splitlines() if "system-deps.sh" in line]


@pytest.mark.parametrize("goal", ["site", "test"])
def test_each_goal_asks_for_its_whole_list_first(goal: str) -> None:
    calls = planned(goal)
    first = set(calls[0])
    for later in calls[1:]:
        assert set(later) <= first, f"make {goal} would ask apt for {set(later) - first} in a second round"
    assert {"libpango-1.0-0", "libharfbuzz-subset0", "fonts-noto-cjk"} <= first
    if goal == "test":
        assert {"chromium", "poppler-utils", "hugo", "nginx", "libatomic1"} <= first

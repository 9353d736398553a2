"""The locked dependency set: the venv holds exactly lock/python.txt, which covers pyproject.toml.

``make`` installs the virtualenv from ``lock/python.txt`` (hashes required, no resolution of its
own), so the same commit installs the same packages next year. These tests read the lock as pip
does (markers evaluated for this interpreter) and compare it with what is installed here.
"""

from __future__ import annotations

import json
import re
import tomllib
from importlib import metadata
from pathlib import Path

from conftest import REPO
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LOCK = REPO / "lock/python.txt"
_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$", re.M)


def locked(path: Path = LOCK) -> dict[str, str]:
    """Name → version of every entry whose marker holds for this interpreter."""
    pins: dict[str, str] = {}
    for name, version, marker in _ENTRY.findall(path.read_text(encoding="utf-8")):
        if marker and not Marker(marker).evaluate():
            continue
        key = canonicalize_name(name)
        assert key not in pins, f"{name} is locked twice for this interpreter"
        pins[key] = version
    return pins


def installed() -> dict[str, str]:
    found = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    found.pop("gongkai", None)  # the project itself, installed editable from the checkout
    return found


def test_every_lock_entry_is_pinned_with_hashes() -> None:
    text = LOCK.read_text(encoding="utf-8")
    blocks = [b for b in re.split(r"\n(?=[A-Za-z0-9])", text) if not b.startswith("#")]
    assert len(blocks) > 50
    for block in blocks:
        head = block.splitlines()[0]
        assert "==" in head, f"not pinned: {head}"
        assert "--hash=sha256:" in block, f"no hash: {head}"


def test_venv_holds_exactly_the_lock() -> None:
    want, have = locked(), installed()
    missing = sorted(set(want) - set(have))
    extra = sorted(set(have) - set(want))
    differ = sorted(f"{n}: locked {want[n]}, installed {have[n]}" for n in set(want) & set(have) if want[n] != have[n])
    assert not (missing or extra or differ), (
        f"the venv is not the lock (run make again): missing {missing}, not locked {extra}, {differ}"
    )


def test_lock_covers_pyproject() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    pins = locked()
    for line in wanted:
        requirement = Requirement(line)
        if requirement.marker and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is in pyproject.toml but not in lock/python.txt: run make lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{requirement.name} {pins[name]} in the lock does not satisfy {line!r}: run make lock"
        )
    build = (REPO / "lock/bootstrap.in").read_text(encoding="utf-8").split()
    assert {"pip", "setuptools>=68"} <= set(build)
    assert {"pip", "setuptools"} <= set(pins), "the installer and the build backend are locked too"


def test_axe_core_is_locked_and_installed_at_its_version() -> None:
    package = json.loads((REPO / "lock/package.json").read_text(encoding="utf-8"))
    lock = json.loads((REPO / "lock/package-lock.json").read_text(encoding="utf-8"))
    version = package["dependencies"]["axe-core"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), "axe-core is pinned to one release"
    entry = lock["packages"]["node_modules/axe-core"]
    assert entry["version"] == version and entry["integrity"].startswith("sha512-")
    installed_axe = json.loads((REPO / ".make/node/node_modules/axe-core/package.json").read_text(encoding="utf-8"))
    assert installed_axe["version"] == version


def test_ci_templates_key_their_caches_on_the_lock() -> None:
    github = (REPO / ".github/workflows/site.yml").read_text(encoding="utf-8")
    gitlab = (REPO / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "hashFiles('lock/python.txt', 'pyproject.toml')" in github
    assert "lock/python.txt" in gitlab

"""``dist/BUILDINFO``: what made a release archive, beside its sum.

The archive's bytes follow from the commit, the build date, the locked Python packages and the
machine's rendering stack (Debian release, Pango, HarfBuzz, FreeType, fontconfig and the font
files the PDFs embed). Two builds whose BUILDINFO agree line for line give the same
``site.tar.gz``; when two sums differ, comparing the two files tells why.
"""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
from pathlib import Path

DEBIAN_PACKAGES = (
    "libpango-1.0-0",
    "libpangoft2-1.0-0",
    "libharfbuzz0b",
    "libharfbuzz-subset0",
    "libfreetype6",
    "libfontconfig1",
    "fonts-noto-cjk",
)
"""The Debian packages whose versions change rendered bytes (PDFs, and the text measured in them)."""


def _os_release() -> str:
    fields: dict[str, str] = {}
    try:
        for line in Path("/etc/os-release").read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            fields[key] = value.strip().strip('"')
    except OSError:
        return platform.platform()
    name = fields.get("PRETTY_NAME", platform.platform())
    try:
        return f"{name}, debian_version {Path('/etc/debian_version').read_text(encoding='utf-8').strip()}"
    except OSError:
        return name


def _debian_versions() -> list[str]:
    try:
        done = subprocess.run(
            ["dpkg-query", "-W", "-f=${Package} ${Version}\\n", *DEBIAN_PACKAGES],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return ["(no dpkg-query: not a Debian system)"]
    found = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    return [f"{name} {found.get(name, '(not installed)')}" for name in DEBIAN_PACKAGES]


def _fonts() -> list[str]:
    from generator.fonts import ROLE_NAMES, choose_fonts

    lines = []
    for role, face in choose_fonts().faces.items():
        if face is None:
            lines.append(f"{ROLE_NAMES[role]}: (none)")
            continue
        digest = hashlib.sha256(Path(face.file).read_bytes()).hexdigest()[:16]
        lines.append(f"{ROLE_NAMES[role]}: {face.family} {Path(face.file).name} sha256:{digest}")
    return lines


def _commit(root: Path) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
        )
    except OSError:
        return "(no git)"
    return done.stdout.strip() if done.returncode == 0 else "(not a git checkout)"


def describe(root: Path, archive_sum: str) -> str:
    """The BUILDINFO text for an archive with sha256 ``archive_sum`` built from the project at ``root``."""
    lock = root / "lock/python.txt"
    lock_sum = hashlib.sha256(lock.read_bytes()).hexdigest() if lock.is_file() else "(no lock/python.txt)"
    lines = [
        "# What made site.tar.gz: builds whose lines below agree give the same archive.",
        f"site.tar.gz sha256: {archive_sum}",
        f"commit: {_commit(root)}",
        f"SOURCE_DATE_EPOCH: {os.environ.get('SOURCE_DATE_EPOCH', '(unset)')}",
        f"system: {_os_release()} ({platform.machine()})",
        f"python: {platform.python_version()}",
        f"lock/python.txt sha256: {lock_sum}",
        "debian packages:",
        *(f"  {line}" for line in _debian_versions()),
        "fonts:",
        *(f"  {line}" for line in _fonts()),
    ]
    return "\n".join(lines) + "\n"

"""Write stage: a build with nothing changed is skipped (the no-op rebuild of an editor or CI run).

The digest covers everything that goes into the site: every file under ``content/`` and
``data/``, ``mkdocs.yml``, gongkai's own code, templates and theme, the versions of the
libraries that render output, the fonts chosen for the PDFs, the private name list of the
personal-data guard, the as-of date, ``--strict`` and the output folder. The last build's digest, the sha256 of the ``manifest.json`` it
wrote and its warnings are kept in the build cache (never in the published tree). When
the digest matches and ``out/manifest.json`` is still the one that build wrote, there is
nothing to do: the warnings are repeated, and the site is left as it is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from generator.cache import (
    cache_folder,
    code_digest,
    entry_is_file,
    entry_stat,
    file_sums,
    folder_entries,
    package_files,
)
from generator.codes import CATALOGUE
from generator.problems import Problem

RECORD = "last-build.json"
DENYLIST_VARIABLE = "GONGKAI_DENYLIST"
"""Where the private name list is, when not in site.yaml (a CI secret)."""


def input_digest(root: Path, out: Path, today: dt.date, strict: bool) -> str:
    """A sha256 over every input of a build (see the module docstring)."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\\0{len(data)}\\0".encode())
        digest.update(data)

    sums = file_sums(cache_folder(root))
    for name in ("content", "data"):
        folder = root / name
        for rel, entry in folder_entries(folder) if folder.is_dir() else ():
            if entry_is_file(entry):  # links to files too; a link to a folder is not followed
                add(f"{name}/{rel}", sums.sha256(entry.path, entry_stat(entry)).encode())
    if (root / "mkdocs.yml").is_file():
        add("mkdocs.yml", (root / "mkdocs.yml").read_bytes())
    add("code", code_digest().encode())
    add("fonts", _font_state())
    add("denylist", _denylist_state(root))
    add("options", f"{today.isoformat()} {strict} {out} {os.environ.get('SOURCE_DATE_EPOCH', '')}".encode())
    return digest.hexdigest()


def nothing_changed(root: Path, out: Path, today: dt.date, strict: bool) -> tuple[str, list[Problem] | None]:
    """The inputs' digest, and the last build's warnings if nothing changed since it wrote ``out`` (else None).

    Light on purpose: ``gongkai build`` asks before it imports the rest of gongkai.
    """
    inputs = input_digest(root, out, today, strict)
    file_sums(cache_folder(root)).save()
    return inputs, unchanged_since(cache_folder(root), inputs, out)


def _denylist_state(root: Path) -> bytes:
    """The private name list's path and text: a name added to it must be looked for again."""
    import yaml

    where = os.environ.get(DENYLIST_VARIABLE)
    if not where:
        try:
            settings = yaml.safe_load((root / "content/site.yaml").read_text(encoding="utf-8"))
            where = settings["guard"]["denylist"]
        except Exception:  # no list, or site.yaml unreadable (the build then reports why)
            return b"-"
    path = root / str(where)
    return str(path).encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-")


def _font_state() -> bytes:
    """The font files fontconfig offers (name, size, mtime): a new or changed font changes the PDFs."""
    folders = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts"]
    entries = []
    for folder in folders:
        for path in package_files(folder):
            stat = path.stat()
            entries.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\\n".join(entries).encode()


def _manifest_sha(out: Path) -> str | None:
    manifest = out / "manifest.json"
    return hashlib.sha256(manifest.read_bytes()).hexdigest() if manifest.is_file() else None


def unchanged_since(cache: Path, inputs: str, out: Path) -> list[Problem] | None:
    """The last build's warnings if it had the same inputs and ``out`` is as it left it; else None."""
    try:
        record = json.loads((cache / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("inputs") != inputs or record.get("out") != str(out):
        return None
    if record.get("manifest") != _manifest_sha(out):
        return None
    try:
        return [_replayed(p) for p in record.get("problems", [])]
    except (TypeError, KeyError):  # an older record, or a code since renamed: build again
        return None


def _replayed(saved: dict[str, object]) -> Problem:
    """A problem as the last build recorded it (its severity comes with its code)."""
    fields = {key: value for key, value in saved.items() if key != "severity"}
    return Problem(**fields | {"code": CATALOGUE[str(saved["code"])]})  # type: ignore[arg-type]


def remember_build(cache: Path, inputs: str, out: Path, problems: list[Problem]) -> None:
    """Keep what the next build compares against; a cache that cannot be written only costs the skip."""
    record = {
        "inputs": inputs,
        "out": str(out),
        "manifest": _manifest_sha(out),
        "problems": [dataclasses.asdict(p) for p in problems],
    }
    try:
        cache.mkdir(parents=True, exist_ok=True)
        part = cache / (RECORD + ".part")
        part.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        part.replace(cache / RECORD)
    except OSError:
        pass

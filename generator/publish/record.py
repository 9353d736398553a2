"""Write stage: pages and search bundles kept in the build cache by digest, and what the last build knew of its files.

A page's digest (:mod:`generator.web.reuse`) names its HTML in ``pages/`` of the build cache, and a
search bundle's digest (its pages' sums) names its folder in ``search/``: a rebuild hard-links each
unchanged page and bundle from there into the new tree instead of rendering it. The cache's files
are written whole and never changed in place, so the links are safe; ``site/`` itself is never
read, so a page edited by hand there, or a ``site/`` deleted, changes nothing; and a CI that keeps
only the build cache gets the same reuse.

The record of the last build into a folder keeps each file's sha256, its links and what the privacy
guard found in it: a file with the same bytes is neither read nor scanned again. The tree published
is byte for byte the one a build from nothing writes (``tests/test_reuse.py``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from generator.cache import code_digest, no_collection, write_atomically
from generator.publish.guard import Finding

FOLDER, PAGES, BUNDLES = "builds", "pages", "search"
VERSION = 3
SPARE = 2
"""The cache keeps the pages of the last builds up to twice as many as a build uses (and 1,000 more)."""


class Written(NamedTuple):
    """One file of a published tree as the build that wrote it saw it (a tuple: a large site has tens of
    thousands, read back at each build)."""

    sha: str
    findings: tuple[Finding, ...] = ()
    links: tuple[str, ...] | None = None


@dataclasses.dataclass
class BuildRecord:
    """A build's outputs: pages, search bundles (folder → digest) and files."""

    out: str
    guard: str
    pages: dict[str, tuple[str, str, bool, str, int, int]]
    """Source address → digest, file, searchable, sha256, and the size and time of the page as kept."""
    bundles: dict[str, str]
    files: dict[str, Written]
    address: str = "/"
    """The path of the site's address (links from the server's root resolve below it)."""
    code: str = dataclasses.field(default_factory=code_digest)
    version: int = VERSION


def record_path(cache: Path, out: Path) -> Path:
    """One record per output folder."""
    return cache / FOLDER / (hashlib.sha256(str(out).encode()).hexdigest()[:32] + ".pickle")


def _link(source: Path, target: Path) -> None:
    """A hard link (a copy across file systems)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


class Reuse:
    """The build cache's pages and bundles, and the record of the last build into ``out``."""

    def __init__(self, cache: Path, out: Path) -> None:
        self.cache, self.out = cache, out
        self.previous = self._load()
        self.linked: dict[str, Written] = {}
        """Files linked from the cache whose bytes the last build also wrote: their sums, links and findings
        need not be read again."""
        self._folders: set[Path] = set()
        self.taken: set[str] = set()
        """Digests of the pages and bundles linked from the cache in this build: already kept."""

    def _load(self) -> BuildRecord | None:
        try:
            with no_collection():
                record = pickle.loads(record_path(self.cache, self.out).read_bytes())
        except Exception:  # no record, or one an older gongkai wrote: every file is read and scanned
            return None
        if not isinstance(record, BuildRecord) or record.version != VERSION or record.out != str(self.out):
            return None
        return record if record.code == code_digest() else None

    def for_guard(self, key: str) -> None:
        """Findings were made with another private-name list or other public numbers: scan every file again."""
        if self.previous is not None and self.previous.guard != key:
            self.previous = None

    def checked(self, rel: str, sha: str) -> Written | None:
        """The last build's file at ``rel`` if it had these bytes: its links and findings are still true."""
        written = self.previous.files.get(rel) if self.previous else None
        return written if written is not None and written.sha == sha else None

    def page_file(self, digest: str) -> Path:
        return self.cache / PAGES / digest[:2] / f"{digest}.html"

    def page(self, src_uri: str, digest: str | None, rel: str, tree: Path) -> tuple[bool, str] | None:
        """Link the page of this digest from the cache to ``tree/rel``: (searchable, sha256), or None if not kept."""
        if not digest:
            return None
        kept = self.page_file(digest)
        entry = self.previous.pages.get(src_uri) if self.previous else None
        try:
            stat = os.stat(kept)
            if entry is not None and entry[0] == digest and entry[4:] == (stat.st_size, stat.st_mtime_ns):
                searchable, sha = entry[2], entry[3]
            else:  # no record of it, or touched since (a cache restored by CI, a page edited in place)
                data = kept.read_bytes()
                searchable, sha = b"data-pagefind-body" in data, hashlib.sha256(data).hexdigest()
                if entry is not None and entry[0] == digest and entry[3] != sha:
                    kept.unlink()  # not what that build wrote: made again
                    return None
            self._place(kept, tree / rel)
        except OSError:  # not kept (or removed meanwhile by another build's tidy-up): rendered
            return None
        self.taken.add(digest)
        self._known(rel, sha)
        return searchable, sha

    def bundle(self, folder: str, digest: str, tree: Path) -> bool:
        """Link a search bundle made from the same pages from the cache into ``tree/folder``."""
        kept = self.cache / BUNDLES / digest
        try:
            files = sorted(p for p in kept.rglob("*") if p.is_file())
            if not files:
                return False
            for path in files:
                self._place(path, tree / folder / path.relative_to(kept))
        except OSError:
            shutil.rmtree(tree / folder, ignore_errors=True)
            return False
        self.taken.add(digest)
        same = self.previous is not None and self.previous.bundles.get(folder) == digest
        for path in files:
            rel = f"{folder}/{path.relative_to(kept).as_posix()}"
            written = self.previous.files.get(rel) if same and self.previous else None
            if written is not None:
                self.linked[rel] = written
        return True

    def _place(self, source: Path, target: Path) -> None:
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        _link(source, target)

    def _known(self, rel: str, sha: str) -> None:
        written = self.checked(rel, sha)
        if written is not None:
            self.linked[rel] = written

    def keep(self, tree: Path, pages: Mapping[str, tuple[str | None, str, bool]], bundles: Mapping[str, str]) -> None:
        """Put the pages and search bundles of the tree just built into the cache; drop what no build needs."""
        used = set()
        for digest, rel, _ in pages.values():
            if digest is None or (digest not in self.taken and not (tree / rel).is_file()):
                continue
            used.add(digest)
            kept = self.page_file(digest)
            if digest not in self.taken and not kept.exists():
                kept.parent.mkdir(parents=True, exist_ok=True)
                with contextlib.suppress(OSError):
                    _link(tree / rel, kept)
        owned = bundle_files(tree, {f: d for f, d in bundles.items() if d not in self.taken})
        for folder, digest in bundles.items():
            kept = self.cache / BUNDLES / digest
            if digest in self.taken or kept.exists():
                continue
            partial = kept.with_name(f"{digest}.{os.getpid()}.part")
            shutil.rmtree(partial, ignore_errors=True)
            for rel in owned[folder]:
                target = partial / rel[len(folder) + 1 :]
                target.parent.mkdir(parents=True, exist_ok=True)
                _link(tree / rel, target)
            with contextlib.suppress(OSError):
                partial.rename(kept)
            shutil.rmtree(partial, ignore_errors=True)
        self._tidy(used, set(bundles.values()))

    def _tidy(self, pages: set[str], bundles: set[str]) -> None:
        """Remove cached pages and bundles this build did not use, once there are many more than it used."""
        kept = [p for folder in (self.cache / PAGES).glob("??") for p in folder.iterdir()]
        if len(kept) > SPARE * len(pages) + 1000:
            for path in kept:
                if path.stem not in pages:
                    path.unlink(missing_ok=True)
        folders = list((self.cache / BUNDLES).iterdir()) if (self.cache / BUNDLES).is_dir() else []
        if len(folders) > SPARE * len(bundles) + 20:
            for path in folders:
                if path.name not in bundles:
                    shutil.rmtree(path, ignore_errors=True)


def bundle_files(tree: Path, folders: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each search bundle's files (the bundles are folders side by side: ``pagefind/parts/…``)."""
    owned = {}
    for folder in sorted(folders):
        owned[folder] = tuple(p.relative_to(tree).as_posix() for p in sorted((tree / folder).rglob("*")) if p.is_file())
    return owned


def remember_outputs(
    cache: Path,
    out: Path,
    guard: tuple[str, Mapping[str, Sequence[Finding]]],
    pages: Mapping[str, tuple[str | None, str, bool]],
    bundles: Mapping[str, str],
    check: tuple[Mapping[str, str], Mapping[str, Sequence[str]], str],
) -> None:
    """Keep the record of the build just published into ``out``; a cache that cannot be written only costs reuse.

    ``check`` is each file's sum and links and the site's address path.
    """
    sums, links, address = check
    files = {}
    shared: dict[str, str] = {}  # one string for each link target: most are on every page (pickled once)
    for rel, sha in sums.items():
        targets = links.get(rel)
        if targets is not None:
            targets = [shared.setdefault(target, target) for target in targets]
        files[rel] = Written(sha, tuple(guard[1].get(rel, ())), tuple(targets) if targets is not None else None)
    kept = {}
    for src, (digest, rel, searchable) in pages.items():
        with contextlib.suppress(OSError):
            if digest is not None and rel in sums:
                stat = os.stat(out / rel)  # the page as kept: the same file
                kept[src] = (digest, rel, searchable, sums[rel], stat.st_size, stat.st_mtime_ns)
    record = BuildRecord(str(out), guard[0], kept, dict(bundles), files, address)
    with contextlib.suppress(OSError):
        write_atomically(record_path(cache, out), pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))

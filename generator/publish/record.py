"""Write stage: what the last build wrote into a folder, so that the next build can take what did not change.

After a build the record keeps, in the build cache: each page's digest (:mod:`generator.web.reuse`)
and the file it became; each search bundle's digest and files; and for every file of the tree
its sha256, its links, what the privacy guard found in it, and its size, modification time and
inode. The next build into the same folder hard-links a page whose digest is the same (and a
search bundle whose pages are) from the previous tree into the new one instead of rendering it,
and takes that file's sum, links and guard findings from the record instead of reading it
again. A file is only taken while it is as the record says (same size, time and inode):
anything else — an edit by hand, a deleted file — is made again. The tree published is byte for
byte the one a build from nothing writes (``tests/test_reuse.py``).
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

from generator.cache import code_digest, write_atomically
from generator.publish.guard import Finding
from generator.web.search import MAIN, PARTS

FOLDER = "builds"
VERSION = 2


@dataclasses.dataclass(frozen=True)
class Written:
    """One file of a published tree as the build that wrote it saw it."""

    sha: str
    size: int
    mtime_ns: int
    inode: int
    findings: tuple[Finding, ...] = ()
    links: tuple[str, ...] | None = None


@dataclasses.dataclass
class BuildRecord:
    """A build's outputs: pages (source address → digest, file, searchable), bundles, files."""

    out: str
    guard: str
    pages: dict[str, tuple[str, str, bool]]
    bundles: dict[str, tuple[str, tuple[str, ...]]]
    files: dict[str, Written]
    address: str = "/"
    """The path of the site's address (links from the server's root resolve below it)."""
    code: str = dataclasses.field(default_factory=code_digest)
    version: int = VERSION


def record_path(cache: Path, out: Path) -> Path:
    """One record per output folder."""
    return cache / FOLDER / (hashlib.sha256(str(out).encode()).hexdigest()[:32] + ".pickle")


class Reuse:
    """The previous build into ``out`` and what this build has taken from it."""

    def __init__(self, cache: Path, out: Path) -> None:
        self.cache, self.out = cache, out
        self.previous = self._load()
        self.linked: dict[str, Written] = {}
        """Files hard-linked into the new tree: their sums, links and findings need not be read again."""
        self._folders: set[Path] = set()

    def _load(self) -> BuildRecord | None:
        try:
            record = pickle.loads(record_path(self.cache, self.out).read_bytes())
        except Exception:  # no record, or one an older gongkai wrote: nothing is reused
            return None
        if not isinstance(record, BuildRecord) or record.version != VERSION or record.out != str(self.out):
            return None
        return record if record.code == code_digest() else None

    def for_guard(self, key: str) -> None:
        """Findings were made with another private-name list or other public numbers: scan every file again."""
        if self.previous is not None and self.previous.guard != key:
            self.previous = None

    def _intact(self, rel: str) -> Written | None:
        written = self.previous.files.get(rel) if self.previous else None
        if written is None:
            return None
        try:
            stat = os.stat(self.out / rel)
        except OSError:
            return None
        same = (stat.st_size, stat.st_mtime_ns, stat.st_ino) == (written.size, written.mtime_ns, written.inode)
        return written if same else None

    def checked(self, rel: str, sha: str) -> Written | None:
        """The last build's file at ``rel`` if it had these bytes: its links and findings are still true."""
        written = self.previous.files.get(rel) if self.previous else None
        return written if written is not None and written.sha == sha else None

    def page(self, src_uri: str, digest: str | None) -> tuple[str, bool, str] | None:
        """The previous file of a page with the same digest, if it is intact: (path, searchable, sha256)."""
        entry = self.previous.pages.get(src_uri) if self.previous and digest else None
        if entry is None or entry[0] != digest:
            return None
        written = self._intact(entry[1])
        return (entry[1], entry[2], written.sha) if written else None

    def bundle_files(self, folder: str, digest: str) -> tuple[str, ...] | None:
        """The files of a search bundle made from the same pages, if every one is intact."""
        entry = self.previous.bundles.get(folder) if self.previous else None
        if entry is None or entry[0] != digest or not all(self._intact(rel) for rel in entry[1]):
            return None
        return entry[1]

    def link(self, rel: str, tree: Path) -> None:
        """Put the previous tree's file into ``tree`` (a hard link; a copy across file systems)."""
        assert self.previous is not None
        target = tree / rel
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        try:
            os.link(self.out / rel, target)
        except OSError:
            shutil.copy2(self.out / rel, target)
        self.linked[rel] = self.previous.files[rel]


def bundle_files(tree: Path, folders: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each search bundle's own files (not those of the bundles inside its folder)."""
    folders = sorted(folders)
    owned: dict[str, list[str]] = {folder: [] for folder in folders}
    for folder in folders:
        for path in sorted((tree / folder).rglob("*")):
            rel = path.relative_to(tree).as_posix()
            if rel == f"{MAIN}/{PARTS}" or not path.is_file():
                continue  # the list of bundles is written each build
            if max((f for f in folders if rel.startswith(f + "/")), key=len) == folder:
                owned[folder].append(rel)
    return {folder: tuple(files) for folder, files in owned.items()}


def remember_outputs(
    cache: Path,
    out: Path,
    guard: tuple[str, Mapping[str, Sequence[Finding]]],
    pages: Mapping[str, tuple[str | None, str, bool]],
    bundles: Mapping[str, str],
    check: tuple[Mapping[str, str], Mapping[str, Sequence[str]], str],
    linked: Mapping[str, Written],
) -> None:
    """Keep the record of the build just published into ``out``; a cache that cannot be written only costs reuse.

    ``check`` is each file's sum and links and the site's address path; ``linked`` the files taken from the
    last build, the same inodes: their size and times are as recorded then.
    """
    sums, links, address = check
    files = {}
    for rel, sha in sums.items():
        found, targets = tuple(guard[1].get(rel, ())), links.get(rel)
        same = linked.get(rel)
        if same is not None and same.sha == sha:
            files[rel] = dataclasses.replace(
                same, findings=found, links=tuple(targets) if targets is not None else None
            )
            continue
        try:
            stat = os.stat(out / rel)
        except OSError:
            continue
        files[rel] = Written(
            sha, stat.st_size, stat.st_mtime_ns, stat.st_ino, found, tuple(targets) if targets is not None else None
        )
    kept = {src: (digest, rel, searchable) for src, (digest, rel, searchable) in pages.items() if digest is not None}
    owned = bundle_files(out, bundles)
    record = BuildRecord(
        str(out),
        guard[0],
        kept,
        {folder: (digest, owned[folder]) for folder, digest in bundles.items()},
        files,
        address,
    )
    with contextlib.suppress(OSError):
        write_atomically(record_path(cache, out), pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))


class KeptOutputs:
    """``gongkai serve``: the last build's pages and search bundles, kept in memory.

    MkDocs' preview empties its folder before each build, so what :class:`Reuse` takes from the
    previous tree is kept here instead, as bytes, and written back for pages and bundles whose
    digests are the same.
    """

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.pages: dict[str, tuple[str, str, bool]] = {}
        self.bundles: dict[str, tuple[str, tuple[str, ...]]] = {}
        self.linked: dict[str, Written] = {}

    def start(self) -> None:
        """A new build: nothing written back yet."""
        self.linked = {}

    def page(self, src_uri: str, digest: str | None) -> tuple[str, bool, str] | None:
        entry = self.pages.get(src_uri) if digest else None
        if entry is None or entry[0] != digest or entry[1] not in self.files:
            return None
        return entry[1], entry[2], hashlib.sha256(self.files[entry[1]]).hexdigest()

    def bundle_files(self, folder: str, digest: str) -> tuple[str, ...] | None:
        entry = self.bundles.get(folder)
        if entry is None or entry[0] != digest or not all(rel in self.files for rel in entry[1]):
            return None
        return entry[1]

    def link(self, rel: str, tree: Path) -> None:
        data = self.files[rel]
        (tree / rel).parent.mkdir(parents=True, exist_ok=True)
        (tree / rel).write_bytes(data)
        self.linked[rel] = Written(hashlib.sha256(data).hexdigest(), len(data), 0, 0)

    def keep(self, tree: Path, pages: Mapping[str, tuple[str | None, str, bool]], bundles: Mapping[str, str]) -> None:
        """Keep the pages and search bundles of the build just written into ``tree``."""
        owned = bundle_files(tree, bundles)
        self.pages = {src: (d, rel, searchable) for src, (d, rel, searchable) in pages.items() if d is not None}
        self.bundles = {folder: (digest, owned[folder]) for folder, digest in bundles.items()}
        wanted = [rel for _, rel, _ in self.pages.values()] + [
            rel for _, files in self.bundles.values() for rel in files
        ]
        self.files = {rel: (tree / rel).read_bytes() for rel in wanted if (tree / rel).is_file()}

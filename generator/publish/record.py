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

The tree a build replaces is not thrown away: it is kept in the cache's ``trees/`` (the *spare*, with
the record of the build that wrote it), and the next build starts from it instead of from an empty
folder. Its files that build would write with the same bytes stay where they are (a page whose digest,
address, size and time are as recorded, a search bundle made from the same pages); every other file is
removed before anything is written, so nothing is ever written through a link into the cache or into
the published tree. A one-item edit of a large site then touches a few files instead of linking tens of
thousands. A spare whose mark does not match its record (a build killed half way, a cache restored
from elsewhere) is not used.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import os
import pickle
import shutil
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from generator.cache import code_digest, no_collection, sha256_file, write_atomically
from generator.publish.guard import Finding
from generator.publish.verify import SUMS, tree_files
from generator.web.search import PARTS_FOLDER

FOLDER, PAGES, BUNDLES, TREES = "builds", "pages", "search", "trees"
VERSION = 6
MARK = ".gongkai-spare"
"""A file in a spare tree's top folder naming the record that describes the tree (removed when it is used)."""
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
    tree: str = dataclasses.field(default_factory=lambda: uuid.uuid4().hex)
    """This record's name: the mark a spare tree carries to say this record describes it."""
    stats: dict[str, tuple[int, int]] = dataclasses.field(default_factory=dict)
    """The size and time of each search bundle file as that build left it."""
    sums: str = ""
    """The sha256 of the tree's ``SHA256SUMS``: which tree this record describes."""
    parts: dict[bytes, tuple[Finding, ...]] = dataclasses.field(default_factory=dict)
    """The guard's findings in each item of ``manifest.json``, by the sha256 of its text (``Guard.parts``)."""


def _key(out: Path) -> str:
    return hashlib.sha256(str(out).encode()).hexdigest()[:32]


def record_path(cache: Path, out: Path, spare: bool = False) -> Path:
    """One record per output folder (and one for the spare tree of the build before)."""
    return cache / FOLDER / (_key(out) + (".spare" if spare else "") + ".pickle")


def spare_path(cache: Path, out: Path) -> Path:
    """Where the tree the last build replaced in ``out`` waits for the next build."""
    return cache / TREES / _key(out)


def _link(source: Path, target: Path) -> None:
    """A hard link to a new name (a copy where the file systems or the link count forbid one). Never onto an
    existing file: the files of the cache, the spare and the published site share their bytes, and a write
    through one name would change them all."""
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EMLINK, errno.EPERM):
            raise
        partial = target.with_name(f".{target.name}.{os.getpid()}.part")
        shutil.copy2(source, partial)
        if os.path.lexists(target):
            partial.unlink()
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.replace(partial, target)


class Reuse:
    """The build cache's pages and bundles, and the record of the last build into ``out``."""

    def __init__(self, cache: Path, out: Path) -> None:
        self.cache, self.out = cache, out
        self.last = self._load(record_path(cache, out))
        """The record of the tree in ``out`` (whichever privacy guard made it)."""
        self.previous = self.last
        """The same, when its guard findings still hold (see ``for_guard``)."""
        self.spare: BuildRecord | None = None
        """The record of the spare tree the build started from, when it did (``adopt_spare``)."""
        self.tree: Path | None = None
        self.in_place: dict[str, tuple[bool, str]] = {}
        """Pages of the spare tree left where they are (source address → searchable, sha256)."""
        self._spare_bundles: dict[str, dict[str, tuple[str, int, int]]] | None = None
        self.prepared = False
        """The spare tree was cleared for this build (``prepare``): only then may anything be written into it."""
        self.linked: dict[str, Written] = {}
        """Files linked from the cache whose bytes the last build also wrote: their sums, links and findings
        need not be read again."""
        self._folders: set[Path] = set()
        self.unmoved: dict[str, tuple[int, int]] = {}
        """Files of the spare tree left where they are, with the size and time checked against its record:
        the record of this build need not ask the file system again."""
        self.taken: set[str] = set()
        """Digests of the pages and bundles linked from the cache in this build: already kept."""

    def _load(self, path: Path) -> BuildRecord | None:
        try:
            with no_collection():
                record = pickle.loads(path.read_bytes())
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
        if self.spare is not None and not self.prepared:
            raise RuntimeError("a spare tree was taken but not cleared: nothing may be written into it")
        if src_uri in self.in_place:  # filled by ``prepare`` for this very tree
            searchable, sha = self.in_place[src_uri]
            self._known(rel, sha)
            return searchable, sha
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
        """Link a search bundle made from the same pages from the cache into ``tree/folder`` (or leave the
        spare tree's where it is)."""
        if self._in_spare(tree) and self._bundle_in_place(folder, digest):
            return True
        shutil.rmtree(tree / folder, ignore_errors=True)  # the spare tree's, made from other pages
        kept = self.cache / BUNDLES / digest
        try:
            files = _files(kept)
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

    def _bundle_in_place(self, folder: str, digest: str) -> bool:
        """The spare tree's bundle in ``folder`` is the one of this digest, with all its files and no other."""
        if self.spare is None or self.tree is None or self.spare.bundles.get(folder) != digest:
            return False
        if self._spare_bundles is None:  # each bundle's files, as the spare's record has them
            self._spare_bundles = {}
            for rel, (size, mtime) in self.spare.stats.items():
                name = rel[len(PARTS_FOLDER) + 1 :].split("/", 1)[0]
                sha = self.spare.files[rel].sha if rel in self.spare.files else ""
                self._spare_bundles.setdefault(f"{PARTS_FOLDER}/{name}", {})[rel] = (sha, size, mtime)
        prefix = folder + "/"
        recorded = self._spare_bundles.get(folder, {})
        if not recorded or not (self.tree / folder).is_dir():
            return False
        found = {prefix + rel: path for rel, path in tree_files(self.tree / folder)}
        if found.keys() != recorded.keys():
            return False
        for rel, path in found.items():  # as that build left them: not replaced, not written to
            stat = os.stat(path, follow_symlinks=False)
            if not recorded[rel][0] or (stat.st_size, stat.st_mtime_ns) != recorded[rel][1:]:
                return False
        for rel, (sha, size, mtime) in recorded.items():
            self._known(rel, sha)
            self.unmoved[rel] = (size, mtime)
        return True

    def adopt_spare(self, staging: Path) -> bool:
        """Move the spare tree of the build before into the empty folder ``staging``, if it can be trusted."""
        spare, record = spare_path(self.cache, self.out), self._load(record_path(self.cache, self.out, spare=True))
        try:
            mark = (spare / MARK).read_text(encoding="ascii").strip()
        except (OSError, ValueError):
            mark = None
        if record is None or mark != record.tree:
            shutil.rmtree(spare, ignore_errors=True)
            return False
        try:
            (spare / MARK).unlink()
            staging.rmdir()
            spare.rename(staging)
        except OSError:  # another file system: the build starts from nothing
            staging.mkdir(exist_ok=True)
            shutil.rmtree(spare, ignore_errors=True)
            return False
        self.spare, self.tree = record, staging
        return True

    def prepare(self, tree: Path, planned: Mapping[str, tuple[str | None, str]]) -> None:
        """Clear the spare tree for this build: each planned page (source address → digest, file) the spare
        has as recorded stays; search bundles wait for ``bundle``; every other file and emptied folder goes."""
        if self.spare is None:
            return
        if not self._in_spare(tree):
            raise RuntimeError(f"the spare tree was taken into {self.tree}, not {tree}")
        self.prepared = True
        wanted: dict[str, tuple[str, tuple[str, str, bool, str, int, int]]] = {}
        for src_uri, (digest, rel) in planned.items():
            entry = self.spare.pages.get(src_uri)
            if digest and entry is not None and entry[0] == digest and entry[1] == rel:
                wanted[rel] = (src_uri, entry)

        def clear(folder: str) -> bool:  # True when nothing is left in it
            empty = True
            with os.scandir(os.path.join(tree, folder)) as entries:
                for entry in entries:
                    rel = f"{folder}/{entry.name}" if folder else entry.name
                    if entry.is_dir(follow_symlinks=False):
                        if rel == PARTS_FOLDER or not clear(rel):
                            empty = False
                        else:
                            os.rmdir(entry.path)
                        continue
                    hit = wanted.get(rel)
                    if hit is not None and entry.is_file(follow_symlinks=False):
                        stat = entry.stat(follow_symlinks=False)
                        if (stat.st_size, stat.st_mtime_ns) == hit[1][4:]:
                            self.in_place[hit[0]] = (hit[1][2], hit[1][3])
                            self.unmoved[rel] = hit[1][4:]
                            empty = False
                            continue
                    os.unlink(entry.path)
            return empty

        clear("")

    def retire(self, retired: Path | None) -> None:
        """Keep the tree just replaced in ``out`` as the next build's spare (with its record), or remove it."""
        if retired is None:
            return
        spare = spare_path(self.cache, self.out)
        shutil.rmtree(spare, ignore_errors=True)
        try:
            if self.last is None or self.last.sums != _sha256_of(retired / SUMS):
                raise OSError("no record of this tree")  # e.g. a build killed before it wrote its record
            record_path(self.cache, self.out).replace(record_path(self.cache, self.out, spare=True))
            (retired / MARK).write_text(self.last.tree + "\n", encoding="ascii")
            spare.parent.mkdir(parents=True, exist_ok=True)
            retired.rename(spare)
        except OSError:
            shutil.rmtree(retired, ignore_errors=True)

    def _folder(self, folder: Path) -> None:
        """Make ``folder`` (once per build: a large site links into thousands of them)."""
        if folder not in self._folders:
            folder.mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)

    def _place(self, source: Path, target: Path) -> None:
        self._folder(target.parent)
        with contextlib.suppress(FileNotFoundError):  # a file left there is never written through
            os.unlink(target)
        _link(source, target)

    def _in_spare(self, tree: Path) -> bool:
        """Whether ``tree`` is the spare this build started from (however the path to it is spelled)."""
        return self.tree is not None and os.path.abspath(tree) == os.path.abspath(self.tree)

    def _known(self, rel: str, sha: str) -> None:
        written = self.checked(rel, sha)
        if written is not None:
            self.linked[rel] = written

    def keep(self, tree: Path, pages: Mapping[str, tuple[str | None, str, bool]], bundles: Mapping[str, str]) -> None:
        """Put the pages and search bundles of the tree just built into the cache; drop what no build needs."""
        cached, used = self._cached_pages(), set()
        for digest, rel, _ in pages.values():
            if digest is None:
                continue
            if digest in cached or digest in self.taken:
                used.add(digest)
                continue
            source = Path(f"{tree}/{rel}")
            if not source.is_file():  # not written (MkDocs left it out)
                continue
            used.add(digest)
            kept = self.page_file(digest)
            self._folder(kept.parent)
            with contextlib.suppress(OSError):
                _link(source, kept)
        for folder, digest in bundles.items():
            kept = self.cache / BUNDLES / digest
            if digest in self.taken or kept.exists():
                continue
            partial = kept.with_name(f"{digest}.{os.getpid()}.part")
            shutil.rmtree(partial, ignore_errors=True)
            for rel in bundle_files(tree, [folder])[folder]:  # only the bundles not kept yet are listed
                target = partial / rel[len(folder) + 1 :]
                target.parent.mkdir(parents=True, exist_ok=True)
                _link(tree / rel, target)
            with contextlib.suppress(OSError):
                partial.rename(kept)
            shutil.rmtree(partial, ignore_errors=True)
        self._tidy(used, set(bundles.values()), cached)

    def _cached_pages(self) -> set[str]:
        """The digests of the pages in the cache (a listing of its folders: no file is opened)."""
        folder, names = self.cache / PAGES, set[str]()
        for sub in os.listdir(folder) if folder.is_dir() else ():
            with contextlib.suppress(NotADirectoryError):
                names.update(name[:-5] for name in os.listdir(folder / sub) if name.endswith(".html"))
        return names

    def _tidy(self, pages: set[str], bundles: set[str], cached: set[str]) -> None:
        """Remove cached pages and bundles this build did not use, once there are many more than it used."""
        if len(cached) > SPARE * len(pages) + 1000:
            for digest in cached - pages:
                self.page_file(digest).unlink(missing_ok=True)
        folders = list((self.cache / BUNDLES).iterdir()) if (self.cache / BUNDLES).is_dir() else []
        excess = len(folders) - (SPARE * len(bundles) + 20)
        if excess > 0:  # the oldest unused, a few at a time: each edit adds about one
            unused = sorted((p for p in folders if p.name not in bundles), key=_modified)
            for path in unused[:excess]:
                shutil.rmtree(path, ignore_errors=True)


def _sha256_of(path: Path) -> str:
    try:
        return sha256_file(path)
    except OSError:
        return "-"


def _modified(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _files(folder: Path) -> list[Path]:
    return [Path(path) for _, path in tree_files(folder)] if folder.is_dir() else []


def bundle_files(tree: Path, folders: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each search bundle's files (the bundles are folders side by side: ``pagefind/parts/…``)."""
    owned = {}
    for folder in sorted(folders):
        owned[folder] = (
            tuple(f"{folder}/{rel}" for rel, _ in tree_files(tree / folder)) if (tree / folder).is_dir() else ()
        )
    return owned


def remember_outputs(
    cache: Path,
    out: Path,
    guard: tuple[str, Mapping[str, Sequence[Finding]], Mapping[bytes, tuple[Finding, ...]]],
    pages: Mapping[str, tuple[str | None, str, bool]],
    bundles: Mapping[str, str],
    check: tuple[Mapping[str, str], Mapping[str, Sequence[str]], str],
    unmoved: Mapping[str, tuple[int, int]] | None = None,
) -> None:
    """Keep the record of the build just published into ``out``; a cache that cannot be written only costs reuse.

    ``check`` is each file's sum and links and the site's address path; ``unmoved``, the size and time of
    files known without asking the file system (``Reuse.unmoved``).
    """
    unmoved = unmoved or {}

    def size_and_time(rel: str) -> tuple[int, int]:
        known = unmoved.get(rel)
        if known is not None:
            return known
        stat = os.stat(out / rel)
        return stat.st_size, stat.st_mtime_ns

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
            if digest is not None and rel in sums:  # the page as kept: the same file
                kept[src] = (digest, rel, searchable, sums[rel], *size_and_time(rel))
    stats = {}
    for rel in sums:
        if rel.startswith(PARTS_FOLDER + "/"):
            with contextlib.suppress(OSError):
                stats[rel] = size_and_time(rel)
    record = BuildRecord(
        str(out),
        guard[0],
        kept,
        dict(bundles),
        files,
        address,
        stats=stats,
        sums=_sha256_of(out / SUMS),
        parts=dict(guard[2]),
    )
    with contextlib.suppress(OSError):
        write_atomically(record_path(cache, out), pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))

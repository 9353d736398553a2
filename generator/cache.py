"""Files kept between builds (the content-addressed cache), and the digests that name what they hold."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import decimal
import enum
import functools
import gc
import hashlib
import os
import pickle
import re
import time
from collections.abc import Callable, Iterator, Mapping
from importlib import metadata
from pathlib import Path, PurePath
from typing import Any, ParamSpec, TypeVar

PACKAGE = Path(__file__).resolve().parent
RENDERING_LIBRARIES = (
    "mkdocs",
    "markdown",
    "jinja2",
    "markupsafe",
    "nh3",
    "weasyprint",
    "pydyf",
    "matplotlib",
    "openpyxl",
    "pagefind",
    "pydantic",
)
"""The libraries whose version can change what a build writes: a new version renders everything again."""


CACHE_FOLDER = ".cache/gongkai"
"""Renderings, parsed sources and the records of builds, reused by the next build; safe to delete.
``GONGKAI_CACHE_DIR`` moves it (CI caches, shared test runs)."""


def cache_folder(root: Path) -> Path:
    """Where renderings and working fonts are kept between builds."""
    return Path(os.environ.get("GONGKAI_CACHE_DIR") or root / CACHE_FOLDER)


@contextlib.contextmanager
def no_collection() -> Iterator[None]:
    """Python's cycle collector paused while a large cache is read back: each of its passes would walk every
    object made so far (a large site's sources, the build record), for nothing (they are not garbage)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, path)


def sha256_file(path: Path | str) -> str:
    """The sha256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


SUMS_FILE = "file-sums.pickle"
SETTLED_NS = 2_000_000_000
"""A file changed less than this long (2 s) before it was read may change again within the same tick of the
file system's clock, with the same size and times: its sum is not kept (git's "racily clean" files)."""


class FileSums:
    """The sha256 of files, each kept with the file's size, times and inode: a file whose ``stat`` is as when
    it was last read is not read again (git's index does the same). A change to a file changes its ctime,
    which no tool sets back. Kept in the build cache; a cache from elsewhere (other inodes) reads everything."""

    def __init__(self, cache: Path) -> None:
        self.path = cache / SUMS_FILE
        self.known: dict[str, tuple[tuple[int, int, int, int], str]] = {}
        with contextlib.suppress(Exception), no_collection():  # none yet, or unreadable: every file is read
            self.known = pickle.loads(self.path.read_bytes())
        self.used: dict[str, tuple[tuple[int, int, int, int], str]] = {}
        self.unsettled: set[str] = set()
        """Files changed just before they were read: not kept (see ``SETTLED_NS``)."""

    def sha256(self, path: Path | str, stat: os.stat_result | None = None) -> str:
        """The sha256 of the file's bytes (``stat``: the file's, when the caller has it)."""
        name = os.fspath(path)
        stat = stat or os.stat(name)
        key = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        hit = self.known.get(name)
        if hit is None or hit[0] != key:
            hit = (key, sha256_file(name))
            if max(stat.st_mtime_ns, stat.st_ctime_ns) > time.time_ns() - SETTLED_NS:
                self.unsettled.add(name)
        self.used[name] = hit
        return hit[1]

    def save(self) -> None:
        """Keep the sums of the files read in this process (a cache that cannot be written only costs time)."""
        kept = {name: hit for name, hit in self.used.items() if name not in self.unsettled}
        if kept != self.known:
            with contextlib.suppress(OSError):
                write_atomically(self.path, pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
            self.known = kept


_SUMS: dict[Path, FileSums] = {}


def file_sums(cache: Path) -> FileSums:
    """The one :class:`FileSums` of this process for a build cache."""
    if cache not in _SUMS:
        _SUMS[cache] = FileSums(cache)
    return _SUMS[cache]


def folder_entries(folder: Path) -> list[tuple[str, os.DirEntry[str]]]:
    """Every file and every link below ``folder`` by its path below it, sorted as paths sort (part by part);
    links to folders are listed, not followed (as ``Path.rglob``). One ``scandir`` per folder: what each entry
    is comes with the listing, and its ``stat`` is made once (a large site has tens of thousands of sources)."""
    found: list[tuple[str, os.DirEntry[str]]] = []
    top = os.fspath(folder)
    folders = [""]
    while folders:
        below = folders.pop()
        try:
            with os.scandir(f"{top}/{below}" if below else top) as entries:
                for entry in entries:
                    rel = f"{below}/{entry.name}" if below else entry.name
                    if _is(entry.is_dir, follow_symlinks=False):
                        folders.append(rel)
                    elif entry_is_file(entry) or entry_is_link(entry):
                        found.append((rel, entry))
        except (PermissionError, NotADirectoryError):  # as Path.rglob: a folder that cannot be listed is passed over
            continue
    found.sort(key=lambda pair: pair[0].replace("/", "\0"))
    return found


def entry_is_file(entry: os.DirEntry[str]) -> bool:
    """Whether a listed entry is a file or a link to one; False where asking fails (a link to itself), as
    ``Path.is_file`` and ``os.path.isfile``."""
    return _is(entry.is_file)


def entry_stat(entry: os.DirEntry[str]) -> os.stat_result | None:
    """A listed entry's ``stat`` (links followed), or None where it cannot be had (gone since, unreadable):
    the caller then asks again, and reports what it finds."""
    try:
        return entry.stat()
    except OSError:
        return None


def entry_is_link(entry: os.DirEntry[str]) -> bool:
    """Whether a listed entry is a symbolic link (False where asking fails)."""
    return _is(entry.is_symlink)


def _is(test: Any, **options: bool) -> bool:
    try:
        return bool(test(**options))
    except OSError:
        return False


def package_files(folder: Path = PACKAGE) -> list[Path]:
    """Every file of a folder, sorted, without Python's byte-code caches."""
    if not folder.is_dir():
        return []
    found = []
    for where, folders, names in os.walk(folder):  # as Path.rglob: links to folders are not followed
        folders[:] = [name for name in folders if name != "__pycache__"]
        found += [path for name in names if os.path.isfile(path := os.path.join(where, name))]
    return [Path(path) for path in sorted(found, key=lambda path: path.replace("/", "\0"))]


@functools.cache
def code_digest() -> str:
    """A sha256 of gongkai's own code, templates and theme, and the versions of the rendering libraries."""
    digest = hashlib.sha256()
    for path in package_files():
        data = path.read_bytes()
        digest.update(f"{path.relative_to(PACKAGE).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    for name in RENDERING_LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}\0{version}\0".encode())
    return digest.hexdigest()


class UndigestableError(TypeError):
    """A value :func:`feed` does not know how to write down: its output is never reused."""


def feed(digest: Any, value: object) -> None:
    """Write ``value`` into ``digest`` (hashlib) canonically: equal values, equal bytes, in any process.

    Mappings in key order and sets sorted (string hashes differ between processes); dataclasses field
    by field and pydantic models as their JSON, each with its type's name, so two kinds of value never
    collide. A type may say what of it counts with a ``__digest__`` method returning a plain value.
    How a value is written depends on its type alone: the writer is looked up once per type (a page's
    digest feeds a few dozen values, and a large site has tens of thousands of pages).
    """
    write = _WRITERS.get(type(value))
    if write is None:
        write = _WRITERS[type(value)] = _writer(type(value))
    write(digest, value)


def _scalar(digest: Any, value: object) -> None:
    digest.update(f"{type(value).__name__}:{value!r};".encode())


def _text(digest: Any, value: str) -> None:  # Markup too: the same characters are the same output
    data = value.encode("utf-8", "surrogatepass")
    digest.update(b"s%d:" % len(data) + data)


def _sequence(digest: Any, value: list[object] | tuple[object, ...]) -> None:
    digest.update(b"[%d" % len(value))
    for entry in value:
        feed(digest, entry)
    digest.update(b"]")


def _mapping(digest: Any, value: Mapping[object, object]) -> None:
    digest.update(b"{%d" % len(value))
    for key in sorted(value, key=repr):
        feed(digest, key)
        feed(digest, value[key])
    digest.update(b"}")


def _set(digest: Any, value: set[object] | frozenset[object]) -> None:
    feed(digest, sorted(value, key=repr))


def _undigestable(digest: Any, value: object) -> None:
    raise UndigestableError(f"cannot digest a {type(value).__qualname__}")


def _writer(kind: type) -> Callable[[Any, Any], None]:
    """How :func:`feed` writes a value of ``kind``: the first of these that fits."""
    if kind is type(None) or kind in _SCALARS:
        return _scalar
    if issubclass(kind, str):
        return _text
    if issubclass(kind, (list, tuple)):
        return _sequence
    label = f"<{kind.__qualname__}".encode()
    if hasattr(kind, "__digest__"):

        def own(digest: Any, value: Any) -> None:
            digest.update(label)
            feed(digest, value.__digest__())
            digest.update(b">")

        return own
    if hasattr(kind, "__pydantic_serializer__") and hasattr(kind, "__pydantic_fields_set__"):
        serializer = kind.__pydantic_serializer__

        def pydantic(digest: Any, value: Any) -> None:
            digest.update(label + serializer.to_json(value) + b">")

        return pydantic
    if dataclasses.is_dataclass(kind) and not issubclass(kind, type):
        names = tuple(entry.name for entry in dataclasses.fields(kind))

        def fields(digest: Any, value: Any) -> None:
            digest.update(label)
            for name in names:
                feed(digest, getattr(value, name))
            digest.update(b">")

        return fields
    if issubclass(kind, Mapping):
        return _mapping
    if issubclass(kind, (set, frozenset)):
        return _set
    if issubclass(kind, (bool, int, float, decimal.Decimal, bytes, dt.date, dt.time, PurePath, enum.Enum, re.Pattern)):
        return _scalar
    return _undigestable


_WRITERS: dict[type, Callable[[Any, Any], None]] = {}


_SCALARS = frozenset({bool, int, float, dt.date, dt.datetime})


def digest_of(*values: object) -> str:
    """The sha256 of values written by :func:`feed`."""
    digest = hashlib.sha256()
    for value in values:
        feed(digest, value)
    return digest.hexdigest()


MEMO_SIZE = 2048
"""How many results :func:`memoized` keeps in one process at most, the least recently used dropped first."""
_MEMO: dict[str, Any] = {}
_ASKED: set[str] = set()
"""The keys asked for since the last :func:`sweep_memo`."""
P = ParamSpec("P")
R = TypeVar("R")


def memoized(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` with its results kept in this process by the digest of its name and arguments (:func:`feed`).

    ``gongkai serve`` builds again after every save in one process: a table's figures, workbook and charts
    are then computed again only when the table changed. Only for a function whose result depends on its
    arguments alone, each of which :func:`feed` writes whole (a source by its bytes), and whose result no
    caller changes (it is shared by every call with the same arguments); an exception is not kept. Arguments
    :func:`feed` cannot write are not kept either: the function is then simply called.
    """
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def kept(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            key = digest_of(name, args, kwargs)
        except UndigestableError:
            return function(*args, **kwargs)
        try:
            value: R = _MEMO.pop(key)  # put back below, as the most recently used
        except KeyError:
            value = function(*args, **kwargs)
        _MEMO[key] = value
        _ASKED.add(key)
        if len(_MEMO) > MEMO_SIZE:
            del _MEMO[next(iter(_MEMO))]
        return value

    return kept


def sweep_memo() -> None:
    """Drop what :func:`memoized` kept that no call asked for since the last sweep. Called as each build starts
    (``prepare_site``): a long ``gongkai serve`` keeps what the last build used (a large table's workbook is
    megabytes), not every table as it was at every save."""
    for key in _MEMO.keys() - _ASKED:
        del _MEMO[key]
    _ASKED.clear()

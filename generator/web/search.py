"""Write stage: the Chinese full-text search index (Pagefind, extended build) under ``site/pagefind/``.

Only elements marked ``data-pagefind-body`` are indexed (documents, pages, the reception
schedule), with the 栏目 and 年份 filters the templates give them. Each 公文 PDF is indexed
through a stand-in page that carries the PDF's text and its item's filters; the search page
turns its address back into the PDF's. The stand-ins are written to a scratch folder beside
the site and make a bundle of their own. Everything runs in the browser: no server component.

The site is indexed in bundles (:func:`plan_bundles`): the pages of one year (by 发布日期) in
bundles of at most ``BUNDLE_SIZE``, the other pages in the main bundle ``pagefind/``, the rest in
``pagefind/parts/…``, all merged by the search page. As soon as MkDocs has written a bundle's
pages, Pagefind indexes them (named by a glob) on the other core while MkDocs goes on. Pagefind
keeps about 100 kB a page in memory, so memory stays flat however large the site grows; and an
edit changes one year's bundle, so a rebuild takes the others from the previous site. Pagefind
runs as a service (``pagefind --service``, :class:`PagefindService`): one process for a build, or
for the whole of a ``gongkai serve`` session, started as the build starts, so that loading its
Chinese word list (about 0.2 s, more than the rest of a small rebuild) is done beside the build and once.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import functools
import gzip
import hashlib
import html
import io
import json
import logging
import os
import re
import select
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import codes
from generator.cache import write_atomically
from generator.problems import GongkaiError, Problem
from generator.site.model import Site
from generator.web.listing import columns_by_id

LANGUAGE = "zh-cn"
BUNDLE_SIZE = 2500
PARTS = "gongkai-parts.json"
"""Written into ``pagefind/``: the bundles' folders (below ``pagefind/``), for the search page to merge."""
EMPTY_PAGE = "index.html"
EMPTY_HTML = '<html lang="zh-CN"><head><title>站内搜索</title></head><body><main data-pagefind-body><p>本站暂无可以搜索的内容。</p></main></body></html>'
"""A site with nothing to find gets a bundle of this one page (Pagefind makes none of no words), so the search page works."""
INTERFACE = ("pagefind-ui.js", "pagefind-ui.css")
"""What the search page loads from ``pagefind/`` itself: copied there from a bundle."""
GLOB_CHARS = 100_000
"""A batch's files are named in one --glob argument: Linux takes at most 128 kB in one argument."""


_TEXTS: dict[str, str] = {}
"""PDF digest → its text, for this process: the search index and then the guard read the same PDFs."""
_FOLDERS: list[Path] = []
"""The build cache while a build runs (:func:`pdf_text_cache`): PDF texts are kept there between builds."""


@contextlib.contextmanager
def pdf_text_cache(folder: Path) -> Iterator[None]:
    """While the block runs, every PDF text read (search index, guard) is kept in and read from ``folder``."""
    _FOLDERS.append(folder)
    try:
        yield
    finally:
        _FOLDERS.pop()


def pdf_text(data: bytes, layout: bool = False) -> str:
    """The text of a PDF, page after page (pypdf); ``layout``: as pypdf lays it out, a line of the page a line of
    text with the columns kept apart by spaces (a table's cell over two lines is one cell again).

    Inside :func:`pdf_text_cache` the text is also kept on disk under the PDF's digest and pypdf's
    version, so a rebuild reads each unchanged PDF's text back instead of extracting it.
    """
    digest = hashlib.sha256(data).hexdigest() + ("-layout" if layout else "")
    if digest in _TEXTS:
        return _TEXTS[digest]
    folder = _FOLDERS[-1] if _FOLDERS else None
    kept = folder / "pdftext" / f"{digest}-{_pypdf_version()}.txt" if folder is not None else None
    if kept is not None and kept.is_file():
        text = kept.read_text(encoding="utf-8")
    else:
        text = extract_text(data, layout)
        if kept is not None:
            write_atomically(kept, text.encode("utf-8"))
    if len(_TEXTS) > 4096:  # a long `gongkai serve`: keep memory flat
        _TEXTS.clear()
    _TEXTS[digest] = text
    return text


def extract_text(data: bytes, layout: bool = False) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if not layout:
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # "Rotated text discovered": the layout leaves it out, the plain text has it
    try:
        return "\n".join(page.extract_text(extraction_mode="layout") or "" for page in reader.pages)
    finally:
        pypdf_log.setLevel(level)


@functools.cache
def _pypdf_version() -> str:
    import importlib.metadata

    return importlib.metadata.version("pypdf")


def pdf_stand_ins(site: Site, files: dict[str, bytes]) -> dict[str, str]:
    """Path (``{pdf}/index.html``) → a page with the PDF's title, text and its item's filters."""
    columns = columns_by_id(site)
    pages = {}
    for item in site.items:
        if item.meta is None:
            continue
        column = columns.get(item.column or "")
        for path in sorted(p for p in files if p.startswith(item.url) and p.endswith(".pdf")):
            # Numbers side by side (a chart's scale, its bar labels, a table row) stay apart: the Chinese index
            # drops the spaces between them, and 0 25 50 … run together would read as one long number.
            text = re.sub(r"(?<=\d)\s+(?=\d)", "、", html.escape(pdf_text(files[path]))).replace("\n", "<br>")
            pages[path + "/index.html"] = (
                f'<!doctype html><html lang="zh-CN"><head><title>{html.escape(item.title)}（PDF）</title></head>'
                f"<body><main data-pagefind-body>"
                f'<span data-pagefind-filter="栏目:{html.escape(column.name if column else "其他")}"></span>'
                f'<span data-pagefind-filter="年份:{item.meta.date_published.year}"></span>'
                f'<span data-pagefind-meta="发布日期:{item.meta.date_published.isoformat()}"></span>'
                f'<span data-pagefind-meta="栏目:{html.escape(column.name if column else "其他")}"></span>'
                f'<span data-pagefind-meta="索引号:{html.escape(item.meta.suoyinhao or "")}"></span>'
                f"<h1>{html.escape(item.title)}（PDF）</h1><p>{text}</p></main></body></html>"
            )
    return pages


def pagefind_binary() -> str:
    """The extended indexer (with Chinese word segmentation) from the pagefind[extended] package."""
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]

        return str(get_executable())
    except ImportError:
        found = shutil.which("pagefind_extended")
        if found:
            return found
    message = "找不到 Pagefind 扩展版（站内搜索索引）：请运行 make site 重新安装依赖（pagefind[extended]）。"
    raise GongkaiError(
        [Problem(path="pyproject.toml", code=codes.SEARCH_INDEX, message=message)],
        environment=True,
    )


SIGNATURE = b"pagefind_dcd"
"""Pagefind's binary files are gzip of this signature and a CBOR document."""


def _decode(data: bytes, name: str) -> Any:
    import cbor2

    data = gzip.decompress(data)
    if not data.startswith(SIGNATURE):
        raise ValueError(name)
    return cbor2.loads(data[len(SIGNATURE) :])


def _encode(files: dict[str, bytes], folder: str, stem: str, suffix: str, value: Any, width: int) -> str:
    """Add ``value`` to ``files`` in ``folder`` as Pagefind writes it, named by the sha1 of its CBOR (as Pagefind
    names them); the new stem."""
    import cbor2

    body = cbor2.dumps(value)
    name = f"{stem}_{hashlib.sha1(body).hexdigest()[:width]}"
    files[f"{folder}{name}{suffix}"] = gzip.compress(SIGNATURE + body, compresslevel=9, mtime=0)
    return name


def stabilise(files: dict[str, bytes]) -> dict[str, bytes]:
    """A bundle's files (path in the bundle → bytes) with its filter and meta files the same from build to build.

    Pagefind 1.5 writes the values of a filter, and the filters in the meta file, in hash-map
    order, which changes from run to run (its fragments and word index do not). Here they are
    sorted and written again under names made the way Pagefind makes them, and the references
    (meta file → filters, pagefind-entry.json → meta file) follow.
    """
    files = dict(files)
    entry = json.loads(files["pagefind-entry.json"].decode("utf-8"))
    for language, details in sorted(entry.get("languages", {}).items()):
        meta_name = f"pagefind.{details['hash']}.pf_meta"
        meta = _decode(files.pop(meta_name), meta_name)
        renamed: dict[str, str] = {}
        for _name, old in meta[3]:
            filter_name = f"filter/{old}.pf_filter"
            key, values = _decode(files.pop(filter_name), filter_name)
            renamed[old] = _encode(files, "filter/", language, ".pf_filter", [key, sorted(values)], 7)
        meta[3] = sorted([name, renamed[old]] for name, old in meta[3])
        details["hash"] = _encode(files, "", f"pagefind.{language}", ".pf_meta", meta, 13).removeprefix("pagefind.")
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    files["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return files


def _bundle_files(answer: Any) -> dict[str, bytes]:
    """The files of Pagefind's ``GetFiles`` answer (path in the bundle → bytes), made stable (:func:`stabilise`)."""
    try:
        files = {str(item["path"]): base64.b64decode(item["content"], validate=True) for item in answer}
        if any(not name or name.startswith("/") or ".." in Path(name).parts for name in files):
            raise ValueError("a path outside the bundle")
        return stabilise(files)
    except Exception as error:  # whatever is wrong in the answer: its gzip, CBOR or JSON, or its shape
        raise IndexerError(f"Pagefind 返回的索引文件无法读取：{error!r}"[:300]) from None


def write_bundle(folder: Path, files: dict[str, bytes]) -> None:
    """Write a bundle's files into ``folder`` (new, or emptied first: Pagefind's names change with the content)."""
    shutil.rmtree(folder, ignore_errors=True)
    try:
        for parent in sorted({(folder / name).parent for name in files}):
            parent.mkdir(parents=True, exist_ok=True)
        for name, data in sorted(files.items()):
            with open(folder / name, "wb") as file:
                file.write(data)
    except OSError as error:
        raise IndexerError(f"无法写入站内搜索索引 {error.filename}：{error.strerror}") from None


class IndexerError(Exception):
    """Pagefind answered with an error, or stopped: its message, or the end of what it printed."""


ANSWER_SECONDS = 600
"""The longest Pagefind may take to answer one request (a bundle of ``BUNDLE_SIZE`` pages takes seconds): after a
panic it can live on without answering, and a build must not wait for ever."""
WARM_PAGE = '<html lang="zh-CN"><body><main data-pagefind-body><p>信访工作</p></main></body></html>'
"""Indexed once as the service starts, and thrown away: Pagefind loads its Chinese word list on the first page."""


class PagefindService:
    """One ``pagefind --service`` process of the extended indexer, indexing bundle after bundle.

    Requests are JSON in base64, each followed by a comma, and answered in order, as the pagefind package's
    own client writes them (``pagefind.service``). That client is asynchronous, looks for answers only every
    0.1 s (twice a small rebuild's whole budget) and ends the service as its context closes, even while it
    writes; this one blocks on the answer it needs. The output is Pagefind's command-line indexer's, file for
    file (a test compares the two). The bundle's files come back in the answer (``GetFiles``) and are written
    here: ``WriteFiles`` answers before its files are complete (Pagefind 1.5 drops each ``tokio::fs::File``
    without flushing it, so the last bytes land a moment later, and a bundle read at once can be empty).
    """

    def __init__(self, binary: str) -> None:
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 (what Pagefind prints, kept as long as it runs)
        self.process = subprocess.Popen(
            [binary, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors
        )
        self.sent = 0
        self.buffer = b""
        self.printed = 0
        """How much of ``errors`` Pagefind had printed when the request waited for was sent."""
        self.lock = threading.Lock()
        try:
            index = self._new_index()
            self._send({"type": "AddFile", "index_id": index, "url": "/", "file_contents": WARM_PAGE})  # not awaited
            self._send({"type": "DeleteIndex", "index_id": index})
        except IndexerError:
            self.stop()
            self.close()
            raise

    def alive(self) -> bool:
        return self.process.poll() is None

    def index(self, site: Path, output: Path, glob: str | None = None, pages: int | None = None) -> None:
        """Index the HTML files of ``site`` (those ``glob`` names, else all) into the bundle folder ``output`` (made
        stable, :func:`stabilise`); ``pages``: how many pages it must find (a glob that names fewer files would leave
        the rest unfindable)."""
        for path in (site, output):
            try:
                os.fspath(path).encode("utf-8")
            except UnicodeEncodeError:  # a folder name in another encoding: Pagefind could not read the request
                raise IndexerError(f"路径不是 UTF-8 编码，Pagefind 无法处理：{os.fsencode(path)!r}") from None
        with self.lock:
            try:
                index = self._new_index()
                request: dict[str, Any] = {"type": "AddDir", "index_id": index, "path": str(site)}
                if glob is not None:
                    request["glob"] = glob
                found = self._ask(request).get("page_count")
                if pages is not None and found != pages:
                    raise IndexerError(f"应索引 {pages} 个页面，Pagefind 只找到 {found} 个。")
                files = self._ask({"type": "GetFiles", "index_id": index}).get("files")
                self._ask({"type": "DeleteIndex", "index_id": index})
            except BaseException:
                self.stop()  # after a panic Pagefind may live on without answering: the next build starts another
                raise
        write_bundle(output, _bundle_files(files))

    def _new_index(self) -> int:
        return int(self._ask({"type": "NewIndex", "config": {"force_language": LANGUAGE}})["index_id"])

    def stop(self) -> None:
        """End the service (a request it is working on is abandoned: its wait ends)."""
        self.process.kill()
        self.process.wait()

    def close(self) -> None:
        """Let go of the pipes (once no thread waits on them)."""
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()
        self.errors.close()

    def _send(self, payload: dict[str, Any]) -> int:
        assert self.process.stdin is not None
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}).encode()
        try:
            self.process.stdin.write(base64.b64encode(message) + b",")
            self.process.stdin.flush()
        except OSError as error:
            raise IndexerError(self._printed() or str(error)) from None
        return self.sent

    def _ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and wait for its answer (answers to requests not waited for are passed over; an
        error that names no request, or no answer within ``ANSWER_SECONDS``, is a failure)."""
        assert self.process.stdout is not None
        self.printed = self._printed_size()
        wanted = self._send(payload)
        while True:
            chunks = [self.buffer]  # an answer with a bundle's files is megabytes: joined once, not added up
            while b"," not in chunks[-1]:
                ready, _, _ = select.select([self.process.stdout], [], [], ANSWER_SECONDS)
                if not ready:
                    raise IndexerError(f"Pagefind {ANSWER_SECONDS} 秒没有应答。")
                chunk = os.read(self.process.stdout.fileno(), 1 << 20)
                if not chunk:
                    raise IndexerError(self._printed() or "Pagefind 意外退出。")
                chunks.append(chunk)
            raw, _, self.buffer = b"".join(chunks).partition(b",")
            try:
                answer = json.loads(base64.b64decode(raw))
            except ValueError:
                raise IndexerError(f"Pagefind 的应答无法读取：{raw[:200]!r}") from None
            if not isinstance(answer, dict) or not isinstance(answer.get("payload"), dict):
                raise IndexerError(self._printed() or f"Pagefind 停止了应答：{raw[:200]!r}")
            found = answer["payload"]
            if answer.get("message_id") == wanted or (
                found.get("type") == "Error" and answer.get("message_id") is None
            ):
                if found.get("type") == "Error":
                    raise IndexerError(str(found.get("message") or found))
                return dict(found)

    def _printed_size(self) -> int:
        with contextlib.suppress(OSError, ValueError):
            return os.fstat(self.errors.fileno()).st_size
        return 0

    def _printed(self) -> str:
        """What Pagefind printed since the request now answered was sent (its end)."""
        with contextlib.suppress(OSError, ValueError):
            self.errors.seek(self.printed)
            return self.errors.read().decode("utf-8", "replace").strip()[-500:]
        return ""


_SERVICE: list[PagefindService] = []
"""This process's service (none, or one): ended as the interpreter exits (``gongkai build`` leaves with
``os._exit``: the service ends itself when its input closes)."""


def search_service() -> PagefindService:
    """This process's Pagefind service, started (and its word list loading) if it is not running."""
    if _SERVICE and not _SERVICE[0].alive():
        end_service()
    if not _SERVICE:
        try:
            _SERVICE.append(PagefindService(pagefind_binary()))
        except (OSError, IndexerError) as error:
            message = f"站内搜索索引生成失败：Pagefind 无法启动（{error}）。"
            raise GongkaiError([Problem(path="site", code=codes.SEARCH_INDEX, message=message)]) from None
    return _SERVICE[0]


def end_service(waiting: threading.Thread | None = None) -> None:
    """End this process's service (after a failed build: cut off in the middle of a bundle, it is not used
    again), once ``waiting`` (a thread waiting on it) has seen it go."""
    if _SERVICE:
        service = _SERVICE.pop()
        service.stop()
        if waiting is not None:
            waiting.join()
        service.close()


atexit.register(end_service)


@dataclass(frozen=True)
class Bundle:
    """One Pagefind bundle: its folder in the site and the pages (HTML files) that belong to it."""

    folder: str
    pages: tuple[str, ...]


MAIN, PARTS_FOLDER = "pagefind", "pagefind/parts"


def page_path(url: str) -> str:
    """The HTML file of a page address (``a/b/`` → ``a/b/index.html``)."""
    return url if url.endswith(".html") else url + "index.html"


def plan_bundles(pages: Iterable[tuple[str, str]], bundle_size: int = BUNDLE_SIZE) -> list[Bundle]:
    """Pages ``(address, shard)`` in bundles: one shard a year (an item's 发布日期), the rest in ``""``.

    A shard is cut, in address order, into bundles of at most ``bundle_size`` pages (and ``GLOB_CHARS``
    of names). Which bundle a page is in depends only on its shard and its neighbours in it, so an
    edit leaves the other years' bundles as they were and the next build reuses them. Each bundle
    is a folder ``pagefind/parts/…``; ``pagefind/`` holds the search interface and the list of
    bundles (``PARTS``) the search page merges.
    """
    shards: dict[str, set[str]] = {"": set()}
    for url, shard in pages:
        shards.setdefault(shard, set()).add(page_path(url))
    planned = []
    for shard in sorted(shards):
        chunks: list[list[str]] = [[]]
        chars = 0
        for path in sorted(shards[shard]):
            if chunks[-1] and (len(chunks[-1]) >= bundle_size or chars + len(path) + 1 > GLOB_CHARS):
                chunks.append([])
                chars = 0
            chunks[-1].append(path)
            chars += len(path) + 1
        for number, chunk in enumerate(chunks, start=1):
            name = (shard or "site") + (f"-{number}" if number > 1 else "")
            planned.append(Bundle(f"{PARTS_FOLDER}/{name}", tuple(chunk)))
    return planned


STAND_INS, EMPTY_BUNDLE = f"{PARTS_FOLDER}/pdf", f"{PARTS_FOLDER}/empty"
"""The bundle of the PDFs' stand-in pages; the bundle of a site with nothing to find."""


class SearchIndexer:
    """Indexes the pages MkDocs writes, a bundle at a time, beside MkDocs (one Pagefind at a time).

    A bundle is indexed once every page of it is in the site. With ``reuse`` a bundle whose
    pages are the same as last build's (its ``digests`` entry: the sha256 of each searchable page)
    is taken from the previous site instead: ``reuse(folder, digest)`` says whether it could be.
    """

    def __init__(
        self,
        site_dir: Path,
        bundles: Sequence[Bundle] = (),
        reuse: Callable[[str, str], bool] | None = None,
    ) -> None:
        self.site_dir, self.reuse = site_dir, reuse
        self.service = search_service()
        self.bundles = {bundle.folder: bundle for bundle in bundles}
        self.home = {path: bundle.folder for bundle in self.bundles.values() for path in bundle.pages}
        self.missing = {folder: set(bundle.pages) for folder, bundle in self.bundles.items()}
        self.searchable: dict[str, dict[str, str]] = {folder: {} for folder in self.bundles}
        self.complete: list[str] = []  # bundles whose last page MkDocs is writing now
        self.ready: list[str] = []  # bundles whose pages are all written
        self.written: list[str] = []  # bundles in the site, in plan order when finished
        self.digests: dict[str, str] = {}
        """Each bundle's digest: what the next build compares."""
        self.running: tuple[threading.Thread, Path | None, list[BaseException]] | None = None
        self.pages = 0

    def add_page(self, output: str, url: str) -> str:
        """Note a page that MkDocs is about to write (pages without ``data-pagefind-body`` are not indexed); the
        sha256 of the bytes MkDocs writes."""
        self.ready += self.complete  # the pages before this one are written by now
        self.complete = []
        sha = hashlib.sha256(output.encode("utf-8", errors="xmlcharrefreplace")).hexdigest()
        self._arrived(page_path(url), "data-pagefind-body" in output, sha, self.complete)
        self._advance()
        return sha

    def add_written(self, path: str, searchable: bool, sha: str) -> None:
        """Note a page already in the site (taken from the previous build)."""
        self._arrived(path, searchable, sha, self.ready)
        self._advance()

    def _arrived(self, path: str, searchable: bool, sha: str, complete: list[str]) -> None:
        folder = self.home.get(path)
        if folder is None:  # a page the plan did not know: in a bundle of its own kind
            folder = f"{PARTS_FOLDER}/other"
            self.bundles.setdefault(folder, Bundle(folder, ()))
            self.missing.setdefault(folder, set())
            self.searchable.setdefault(folder, {})
        if searchable:
            self.searchable[folder][path] = sha
            self.pages += 1
        missing = self.missing[folder]
        missing.discard(path)
        if not missing and self.bundles[folder].pages:
            complete.append(folder)

    def _advance(self) -> None:
        """Start the next bundle when the indexer is free; one at a time, so memory stays flat."""
        if self.running is not None and not self.running[0].is_alive():
            self._collect()
        while self.running is None and self.ready:
            self._start(self.ready.pop(0), {})

    def _start(self, folder: str, extra: dict[str, str]) -> None:
        """Index a bundle's searchable pages (or ``extra`` pages); reused from the last build when the same."""
        pages = self.searchable.get(folder, {})
        if not pages and not extra:
            return  # nothing in it to find
        digest = hashlib.sha256(folder.encode() + b"\0")
        for path, sha in sorted(extra.items()) if extra else sorted(pages.items()):
            digest.update(f"{path}\0{sha}\0".encode())
        self.digests[folder] = digest.hexdigest()
        self.written.append(folder)
        if self.reuse is not None and self.reuse(folder, self.digests[folder]):
            return
        self._launch(folder, sorted(pages), extra)

    def _launch(self, folder: str, files: list[str], extra: dict[str, str]) -> None:
        """Index ``files`` of the site (chosen by a glob), or the ``extra`` pages written to a scratch folder,
        in a thread that waits on the service while MkDocs goes on."""
        scratch: Path | None = None
        if extra:
            scratch = Path(tempfile.mkdtemp(prefix=f".{self.site_dir.name}-search-", dir=self.site_dir.parent))
            for name, text in extra.items():
                target = scratch / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        site, glob = (scratch, None) if scratch is not None else (self.site_dir, "{" + ",".join(files) + "}")
        pages = len(extra) if extra else len(files)
        output = self.site_dir / folder
        failed: list[BaseException] = []

        def run() -> None:
            try:
                self.service.index(site, output, glob, pages)
            except BaseException as error:  # handed to the build's thread by _collect
                failed.append(error)

        thread = threading.Thread(target=run, name=f"pagefind {folder}", daemon=True)
        thread.start()
        self.running = (thread, scratch, failed)

    def _collect(self) -> None:
        assert self.running is not None
        thread, scratch, failed = self.running
        thread.join()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        self.running = None
        if failed:
            if not isinstance(failed[0], IndexerError):
                raise failed[0]
            message = f"站内搜索索引生成失败（Pagefind）：{failed[0]}"
            raise GongkaiError([Problem(path="site", code=codes.SEARCH_INDEX, message=message)])

    def finish(self, stand_ins: dict[str, str]) -> int:
        """Index what is left (with the PDFs' stand-ins), write the list of bundles; pages and PDFs indexed."""
        self.ready += self.complete + [f for f, missing in self.missing.items() if missing or not self.bundles[f].pages]
        self.complete = []
        self.ready = list(dict.fromkeys(f for f in self.ready if f not in self.written))
        while self.ready or self.running is not None:
            if self.running is not None:
                self._collect()
            if self.ready:
                self._start(self.ready.pop(0), {})
        if stand_ins or not self.written:  # with nothing at all to find, a page that says so
            self._start(STAND_INS if stand_ins else EMPTY_BUNDLE, stand_ins or {EMPTY_PAGE: EMPTY_HTML})
            if self.running is not None:
                self._collect()
        shelf = self.site_dir / PARTS_FOLDER
        for stale in sorted(shelf.iterdir()) if shelf.is_dir() else ():  # a bundle of the tree the build started from
            if f"{PARTS_FOLDER}/{stale.name}" not in self.written:
                shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
        main = self.site_dir / MAIN
        for name in INTERFACE:  # the search page's script and style, the same in every bundle
            (main / name).unlink(missing_ok=True)  # never written through: they may be the last build's files
            shutil.copyfile(self.site_dir / min(self.written) / name, main / name)
        parts = sorted(f.removeprefix(MAIN + "/") + "/" for f in self.written)
        (main / PARTS).unlink(missing_ok=True)
        (main / PARTS).write_text(json.dumps(parts) + "\n", encoding="utf-8")
        return self.pages + len(stand_ins)

    def stop(self) -> None:
        """After a failed build: end a running indexer and remove its scratch folder."""
        if self.running is not None:
            thread, scratch, _ = self.running
            if thread.is_alive():
                end_service(thread)  # what it is doing is of no use now
            thread.join()
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)
            self.running = None

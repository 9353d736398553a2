"""Write stage: the guard and the tree check read the pages MkDocs writes in a second process, as it writes them.

A build from nothing writes every page: at 10,000 items the guard and the tree check took
about five seconds of the one thread that also runs MkDocs, after the last page. A
:class:`ScanAhead` forks a process once the pages to write are known; each page's text goes
to it as MkDocs hands the page over for writing (the bytes MkDocs writes, see the plugin's
``on_post_page``), and it scans them on the other core while MkDocs goes on. When every page
is written, the build takes the results (each page's sha256, findings and links) and scans
in its own process only what the other did not: files that are not pages, and everything,
if the process could not be started or failed.

A process is forked only while this one runs a single thread (see ``jobs.start_method``) and
only for a build that writes ``PAGES_AHEAD`` pages or more: below that, forking costs more than
it saves.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import multiprocessing
import queue
import time
from typing import TYPE_CHECKING, Any

from generator.gongwen.jobs import start_method
from generator.publish.verify import TreeCheck

if TYPE_CHECKING:
    from generator.publish.guard import Finding, Guard
    from generator.publish.record import Reuse

PAGES_AHEAD = 1000
"""A build that writes fewer pages scans them itself."""
BATCH = 64
"""Pages sent to the scanning process at a time."""
WAIT_SECONDS = 600.0
"""How long the build waits for the scanning process's results before it scans the pages itself."""

Scanned = tuple[str, "list[Finding] | None", "list[str]"]
"""A page's sha256, its findings (None: the same bytes as a file of the last build, whose findings hold) and links."""


class ScanAhead:
    """Pages scanned by a forked process while MkDocs writes the rest (see the module's notes)."""

    def __init__(self, guard: Guard, reuse: Reuse) -> None:
        self.guard, self.reuse = guard, reuse
        self.process: Any = None
        self.inbox: Any = None
        self.outbox: Any = None
        self.batch: list[tuple[str, str]] = []
        self.handed: set[str] = set()

    def start(self, pages: int) -> None:
        """Fork the scanning process if ``pages`` are to be written and forking is safe here."""
        if self.process is not None or pages < PAGES_AHEAD or start_method() != "fork":
            return
        context = multiprocessing.get_context("fork")
        self.inbox, self.outbox = context.Queue(), context.Queue()
        self.process = context.Process(
            target=_scan_pages, args=(self.inbox, self.outbox, self.guard, self.reuse), daemon=True
        )
        try:
            self.process.start()
        except OSError:  # no process to be had: the build scans the pages itself
            self.process = None

    def hand(self, rel: str, text: str) -> None:
        """A page MkDocs is about to write at ``rel`` (its bytes: ``text`` in UTF-8, unencodable characters as
        character references)."""
        if self.process is None:
            return
        self.batch.append((rel, text))
        self.handed.add(rel)
        if len(self.batch) >= BATCH:
            self._send()

    def results(self) -> dict[str, Scanned]:
        """What the other process found in each page it was handed; nothing if it failed (the build then scans
        them itself)."""
        if self.process is None:
            return {}
        self._send()
        self.inbox.put(None)
        found, deadline = None, time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                found = self.outbox.get(timeout=0.5)
                break
            except queue.Empty:
                if not self.process.is_alive():  # ended: what it sent before is in the pipe by now
                    with contextlib.suppress(queue.Empty):
                        found = self.outbox.get(timeout=1.0)
                    break
        self.close()
        if not isinstance(found, dict) or found.keys() != self.handed:
            return {}
        return found

    def close(self) -> None:
        """End the scanning process (after its results, or when the build failed)."""
        if self.process is None:
            return
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        for box in (self.inbox, self.outbox):
            box.close()
            box.cancel_join_thread()  # what is still queued is of no use now
        self.process = None

    def _send(self) -> None:
        if self.batch:
            self.inbox.put(self.batch)
            self.batch = []


def _scan_pages(inbox: Any, outbox: Any, guard: Guard, reuse: Reuse) -> None:
    """The scanning process: each page as the build's scan would read it, until it is told to stop."""
    gc.freeze()  # what it was forked with: not the collector's to walk again
    check, found = TreeCheck(), dict[str, Scanned]()
    try:
        while (batch := inbox.get()) is not None:
            for rel, text in batch:
                data = text.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
                sha = hashlib.sha256(data).hexdigest()
                if reuse.checked(rel, sha) is not None:  # the last build's findings and links hold
                    found[rel] = (sha, None, [])
                    continue
                guard.add(rel, data)
                check.add(rel, data, sha)
                found[rel] = (sha, guard.by_file.pop(rel), check.links.pop(rel, []))
    except BaseException:  # any failure: the build scans the pages itself
        outbox.put(None)
    else:
        outbox.put(found)
    outbox.close()
    outbox.join_thread()

"""Write stage: a finished tree is verified before it is published, and a deployed tree against its sums.

Before the swap into ``site/`` (see :mod:`generator.publish`) every file the manifest lists
must have the recorded sha256, and every link and asset a page points at inside the site
must exist. ``SHA256SUMS`` (one ``sha256  path`` line per file, sorted, as ``sha256sum``
writes it) describes a whole tree; ``gongkai verify`` compares a deployed tree with it.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator import codes
from generator.cache import sha256_file
from generator.problems import Problem

LINK = re.compile(r"""<[A-Za-z][^<>]*?\s(?:href|src)\s*=\s*["']([^"'#?]*)""", re.IGNORECASE)
"""A link or asset address in a tag of a page (the part before any ?query or #fragment).

Only inside a tag: text that shows HTML (a code span with src="…") has its < escaped."""
SUMS = "SHA256SUMS"
MANIFEST = "manifest.json"
"""Every published item with its files' sums (written by the plugin, checked here)."""
SEARCH_CHUNKS = "pagefind/parts/"
"""The search bundles' content-named files, which come and go with each edit: no page links to them (the
search page loads them by script), so their going leaves every other page's links as they were."""


def _verify_problem(rel: str, message: str) -> Problem:
    return Problem(path=rel, code=codes.VERIFY_FAILED, message=message)


def tree_files(tree: Path, skip: str = "") -> Iterator[tuple[str, str]]:
    """Every file under ``tree`` by its POSIX path, sorted folder by folder (as sorted paths are), with its
    path on disk (a string: a large site has tens of thousands of files); ``skip``: a folder (POSIX path
    below ``tree``) not walked at all."""
    top = str(tree)
    found: list[str] = []
    folders = [""]
    while folders:
        folder = folders.pop()
        with os.scandir(f"{top}/{folder}" if folder else top) as entries:
            for entry in entries:
                rel = f"{folder}/{entry.name}" if folder else entry.name
                if entry.is_dir():
                    if rel != skip:
                        folders.append(rel)
                elif entry.is_file():
                    found.append(rel)
    found.sort(key=lambda rel: rel.replace("/", "\0"))  # part by part: "a/b" before "a-b"
    for rel in found:
        yield rel, f"{top}/{rel}"


def page_links(data: bytes) -> list[str]:
    """The addresses a page links to or loads, each once, in order."""
    return list(dict.fromkeys(LINK.findall(data.decode("utf-8", errors="replace"))))


class TreeCheck:
    """The checks of one finished tree, fed each file's bytes once: sums, links, the manifest."""

    def __init__(self) -> None:
        self.sums: dict[str, str] = {}
        self.links: dict[str, list[str]] = {}
        self.manifest: dict[str, Any] | None = None
        self.known: set[str] = set()
        self.last_tree: tuple[frozenset[str], str] | None = None
        """The files of the last build and its address: while all are still there, a page with the same
        bytes as then has links that still resolve."""

    def add(self, rel: str, data: bytes, sha: str | None = None, links: Sequence[str] | None = None) -> None:
        """A file's bytes (and their sha256 and a page's links, if the caller has them already)."""
        self.sums[rel] = sha or hashlib.sha256(data).hexdigest()
        if rel.endswith(".html"):
            self.links[rel] = list(links) if links is not None else page_links(data)
        elif rel == MANIFEST:
            self.manifest = json.loads(data)

    def add_known(self, rel: str, sha: str, links: Sequence[str] | None) -> None:
        """A file checked by an earlier build (the same bytes): its sum and links then."""
        self.sums[rel] = sha
        self.known.add(rel)
        if links is not None:
            self.links[rel] = list(links)

    def problems(self, locate: Callable[[Problem, str], Problem] | None = None) -> list[Problem]:
        """Problems that stop the tree from being published (it is not what the build meant to write).

        ``locate`` moves a broken link's problem to where the link was typed, when it was.
        """
        if self.manifest is None:
            return [_verify_problem(MANIFEST, "网站缺少 manifest.json。")]
        problems = []
        for item in self.manifest["items"]:
            for rel, digest in item["files"].items():
                if rel not in self.sums:
                    problems.append(_verify_problem(rel, "manifest.json 记录的文件不存在。"))
                elif self.sums[rel] != digest:
                    problems.append(_verify_problem(rel, "文件内容与 manifest.json 记录的校验值不一致。"))
        broken = self._broken_links(urlsplit(self.manifest["base_url"]).path or "/")
        return problems or [locate(problem, target) if locate else problem for problem, target in broken]

    def _broken_links(self, root_path: str) -> list[tuple[Problem, str]]:
        """A problem for each page link or asset inside the site that points at no file.

        ``root_path`` is the path of the site's address (``/qingyang-xfgk/``): a link from the
        server's root (the 404 page has them) is resolved below it.
        """
        problems: list[tuple[Problem, str]] = []
        resolved: dict[tuple[str, str], bool] = {}  # the pages of one folder share their links: each looked up once
        climbing: dict[tuple[int, str], bool] = {}
        """A link that climbs out of all its page's folders (``../../css/gongkai.css`` from ``articles/a1/``) is
        the same link from every page as deep: 10,000 article folders share their header's and footer's."""
        files, address = self.last_tree or (frozenset(), None)
        gone = files - self.sums.keys()
        settled = address == root_path and all(rel.startswith(SEARCH_CHUNKS) for rel in gone)
        for rel, targets in sorted(self.links.items()):
            if settled and rel in self.known:
                continue
            folder = posixpath.dirname(rel)
            depth = folder.count("/") + 1 if folder else 0
            for target in targets:
                found = climbing.get((depth, target))
                if found is None:
                    if not target or urlsplit(target).scheme or target.startswith("//"):
                        continue  # an anchor on the page itself, or another site
                    key = (folder, target)
                    if key not in resolved:
                        resolved[key] = self._exists(folder, target, root_path)
                    found = resolved[key]
                    if depth and unquote(target).startswith("../" * depth):
                        climbing[(depth, target)] = found
                if not found:
                    problems.append((_verify_problem(rel, f"页面中的链接“{target}”指向网站中不存在的文件。"), target))
        return problems

    def _exists(self, folder: str, target: str, root_path: str) -> bool:
        path = posixpath.normpath(posixpath.join(folder, unquote(target)))
        if target.startswith("/"):
            below = unquote(target).removeprefix(root_path.rstrip("/"))
            path = posixpath.normpath(below.lstrip("/")) if below.startswith("/") else ".."
        if path.startswith(".."):
            return False
        return path in self.sums or posixpath.join(path, "index.html") in self.sums or path == "."


def verify_tree(tree: Path) -> list[Problem]:
    """The checks of :class:`TreeCheck` over a tree on disk."""
    check = TreeCheck()
    for rel, path in tree_files(tree):
        check.add(rel, Path(path).read_bytes())
    return check.problems()


def sums_of(tree: Path) -> dict[str, str]:
    """The sha256 of every file under ``tree`` (``SHA256SUMS`` itself left out)."""
    return {rel: sha256_file(path) for rel, path in tree_files(tree) if rel != SUMS}


def sums_text(sums: Mapping[str, str]) -> str:
    """``SHA256SUMS`` as ``sha256sum`` writes it: digest, two spaces, path; sorted by path."""
    return "".join(f"{digest}  {rel}\n" for rel, digest in sorted(sums.items()))


def read_sums(text: str) -> dict[str, str]:
    """The entries of a ``SHA256SUMS`` text (``sha256sum``'s binary-mode ``*`` accepted)."""
    sums = {}
    for line in text.splitlines():
        if line.strip():
            digest, _, rel = line.partition("  ")
            if not rel and " *" in line:
                digest, _, rel = line.partition(" *")
            sums[rel] = digest.strip().lower()
    return sums


def compare_sums(tree: Path, expected: Mapping[str, str]) -> list[Problem]:
    """Every difference between ``tree`` and ``expected``: missing, changed and unexpected files."""
    found = sums_of(tree)
    problems = []
    for rel in sorted(set(expected) | set(found)):
        if rel not in found:
            problems.append(_verify_problem(rel, "文件缺失：SHA256SUMS 中有，部署的网站中没有。"))
        elif rel not in expected:
            problems.append(_verify_problem(rel, "多出的文件：部署的网站中有，SHA256SUMS 中没有。"))
        elif found[rel] != expected[rel]:
            problems.append(_verify_problem(rel, "文件内容与 SHA256SUMS 记录的校验值不一致。"))
    return problems

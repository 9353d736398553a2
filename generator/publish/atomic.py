"""Write stage: a finished output tree replaces the published one atomically, or not at all."""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator import codes
from generator.problems import GongkaiError, Problem


def check_output(root: Path, out: Path) -> None:
    """Refuse an output folder whose replacement would destroy sources or unrelated files."""
    root, out = root.resolve(), out.resolve()
    protected = [root, root / "content", root / "data", root / "generator", root / "tests"]
    unsafe = out in protected or root.is_relative_to(out) or any(out.is_relative_to(p) for p in protected[1:])
    foreign = out.is_dir() and any(out.iterdir()) and not (out / "manifest.json").is_file()
    if unsafe or foreign:
        why = "会覆盖源文件" if unsafe else "它不是空目录，也不是 gongkai 生成的网站（没有 manifest.json）"
        message = f"不能输出到 {out}：{why}。请换一个目录，例如 site/。"
        raise GongkaiError(
            [Problem(path=str(out), code=codes.UNSAFE_OUTPUT, message=message)],
            environment=True,
        )


def clear_leftovers(out: Path) -> None:
    """Remove the scratch folders a killed build left beside ``out`` (it could not clean up)."""
    if not out.parent.is_dir():
        return
    for stale in out.parent.glob(f".{out.name}-*-*"):
        if stale.is_dir() and stale.name.split("-")[-2] in ("new", "old", "search"):
            shutil.rmtree(stale, ignore_errors=True)


@contextmanager
def staging_directory(out: Path) -> Iterator[Path]:
    """A fresh directory beside ``out``; removed unless it was published."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def publish_tree(staging: Path, out: Path, keep_old: bool = False) -> Path | None:
    """Swap ``staging`` into place as ``out``; the old tree is removed only after the swap.

    On Linux the two directories are exchanged in one step (``renameat2`` with
    ``RENAME_EXCHANGE``), so there is no moment without a ``site/``: a build killed at any
    point leaves either the old tree or the new one. Elsewhere the old tree is renamed aside
    first and put back if the new one cannot take its place. With ``keep_old`` the old tree is
    left beside ``out`` (as ``.out-old-…``, which the next build clears if this one cannot) and
    returned, for the caller to remove while it does other work.
    """
    os.chmod(staging, 0o755)
    if not out.exists():
        staging.rename(out)
        return None
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
    retired.rmdir()
    if _exchange(staging, out):
        staging.rename(retired)  # now holds the old tree
    else:
        out.rename(retired)
        try:
            staging.rename(out)
        except OSError:
            retired.rename(out)
            raise
    if keep_old:
        return retired
    shutil.rmtree(retired, ignore_errors=True)
    return None


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where the system cannot."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)
    return bool(done == 0)

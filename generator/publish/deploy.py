"""Release and deploy: a reproducible archive of a built site, and atomic, reversible deploys.

``pack`` writes ``site.tar.gz`` (entries sorted, one fixed mtime, owner 0:0, fixed modes,
gzip without name or time, like ``gzip -n``) and ``SHA256SUMS`` (the archive's sum). The
tree inside carries its own ``SHA256SUMS``, written by the build, one line per file.

``deploy`` puts a build into ``TARGET/releases/<name>/``, checks every file against the
tree's ``SHA256SUMS`` and only then points ``TARGET/current`` at it, by renaming a new
symbolic link over the old one (one atomic step: a web server serving ``current`` sees
the old release or the new one, never a mixture). The last ``keep`` releases stay;
``rollback`` points ``current`` back at the release deployed before. ``TARGET/history``
lists the deployed releases, oldest first; a lock file keeps two deploys from interleaving.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import gzip
import io
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator import codes
from generator.cache import sha256_file
from generator.codes import Code
from generator.problems import GongkaiError, Problem
from generator.publish.verify import SUMS, compare_sums, read_sums

ARCHIVE = "site.tar.gz"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def _fail(path: Path | str, code: Code, message: str) -> GongkaiError:
    return GongkaiError([Problem(path=str(path), code=code, message=message)], environment=True)


def _epoch() -> int:
    """The archive's one mtime: SOURCE_DATE_EPOCH (CI sets it from the last commit), else 0."""
    return int(os.environ.get("SOURCE_DATE_EPOCH") or 0)


def pack(site: Path, out: Path) -> Path:
    """Write ``out/site.tar.gz`` and ``out/SHA256SUMS`` for the built tree ``site``; return the archive."""
    if not (site / SUMS).is_file():
        raise _fail(site, codes.PACK_NOT_A_BUILD, f"{site} 不是完整的构建结果（缺少 {SUMS}）。请先运行 gongkai build。")
    out.mkdir(parents=True, exist_ok=True)
    mtime = _epoch()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for path in sorted(site.rglob("*"), key=lambda p: p.relative_to(site).as_posix()):
            info = tarfile.TarInfo(path.relative_to(site).as_posix())
            info.mtime, info.uid, info.gid, info.uname, info.gname = mtime, 0, 0, "", ""
            if path.is_dir():
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                archive.addfile(info)
            elif path.is_file():
                info.mode, info.size = 0o644, path.stat().st_size
                with path.open("rb") as handle:
                    archive.addfile(info, handle)
    target = out / ARCHIVE
    scratch = out / f".{ARCHIVE}.partial"
    with (
        scratch.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as zipped,
    ):
        zipped.write(buffer.getvalue())
    scratch.replace(target)
    (out / SUMS).write_text(f"{sha256_file(target)}  {ARCHIVE}\n", encoding="utf-8")
    return target


def release_name(root: Path) -> str:
    """The commit being deployed (CI's variables, else git), else the time of the deploy."""
    for variable in ("GITHUB_SHA", "CI_COMMIT_SHA"):
        if os.environ.get(variable):
            return os.environ[variable][:12]
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True, check=False
        )
    except OSError:
        done = None
    if done is not None and done.returncode == 0 and NAME.match(done.stdout.strip()):
        return done.stdout.strip()
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


@contextmanager
def _locked(target: Path) -> Iterator[None]:
    target.mkdir(parents=True, exist_ok=True)
    with (target / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _history(target: Path) -> list[str]:
    path = target / "history"
    return path.read_text(encoding="utf-8").split() if path.is_file() else []


def _write_history(target: Path, names: list[str]) -> None:
    scratch = target / ".history.partial"
    scratch.write_text("".join(f"{n}\n" for n in names), encoding="utf-8")
    scratch.replace(target / "history")


def current_release(target: Path) -> str | None:
    """The name of the release ``TARGET/current`` points at, if any."""
    link = target / "current"
    return Path(os.readlink(link)).name if link.is_symlink() else None


def _switch(target: Path, name: str) -> None:
    """Point ``current`` at ``releases/name`` in one rename (a new link replaces the old)."""
    link = target / "current"
    if link.exists() and not link.is_symlink():
        raise _fail(link, codes.DEPLOY_CURRENT_NOT_LINK, f"{link} 是普通目录，不是符号链接。请先把它移走，再部署。")
    scratch = target / f".current-{os.getpid()}"
    scratch.unlink(missing_ok=True)
    scratch.symlink_to(Path("releases") / name)
    scratch.replace(link)


def _unpack(source: Path, into: Path) -> None:
    """Copy a site folder or unpack an archive into ``into``, every file stamped with the time of the deploy.

    An archive's files all carry one fixed mtime; web servers derive ETag and
    Last-Modified from mtime and size, so two releases would otherwise share them and
    a browser could keep a changed page it had cached.
    """
    if source.is_dir():
        shutil.copytree(source, into, dirs_exist_ok=True, symlinks=False)
    else:
        try:
            with tarfile.open(source, "r:gz") as archive:
                _extract(archive, into)
        except (OSError, EOFError, zlib.error, tarfile.TarError) as error:
            raise _fail(source, codes.DEPLOY_SOURCE, f"无法读取要部署的归档 {source}（{error}）。") from error
    now = time.time()
    os.chmod(into, 0o755)  # made by mkdtemp (0700): the web server's user must read the release
    for path in into.rglob("*"):
        os.utime(path, (now, now))


def _extract(archive: tarfile.TarFile, into: Path) -> None:
    """Unpack only plain files and folders that stay inside ``into`` (no links, devices or absolute paths).

    Python's own ``filter="data"`` does this from 3.11.4; Debian 12 ships 3.11.2.
    """
    members = archive.getmembers()
    for member in members:
        inside = (into / member.name).resolve().is_relative_to(into.resolve())
        if not (member.isfile() or member.isdir()) or member.name.startswith("/") or not inside:
            raise tarfile.TarError(f"不允许的条目 {member.name}")
        member.mode = 0o755 if member.isdir() else 0o644
    if hasattr(tarfile, "data_filter"):  # Python's own check as well, where it has one
        archive.extractall(into, members=members, numeric_owner=True, filter="data")
    else:
        archive.extractall(into, members=members, numeric_owner=True)


def deploy(source: Path, target: Path, name: str, keep: int = 5) -> list[Problem]:
    """Deploy the build ``source`` (a site folder or site.tar.gz) as release ``name``; problems if refused."""
    if not NAME.match(name):
        raise _fail(name, codes.DEPLOY_NAME, f"版本名“{name}”只能用字母、数字、点、横线和下划线。")
    if not source.exists():
        raise _fail(source, codes.DEPLOY_SOURCE, f"找不到要部署的网站 {source}。请先运行 gongkai build。")
    with _locked(target):
        releases = target / "releases"
        releases.mkdir(exist_ok=True)
        final = releases / name
        staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=releases))
        try:
            _unpack(source, staging)
            sums = staging / SUMS
            problems = (
                compare_sums(staging, read_sums(sums.read_text(encoding="utf-8")))
                if sums.is_file()
                else [
                    Problem(
                        path=SUMS,
                        code=codes.VERIFY_FAILED,
                        message=f"要部署的网站缺少 {SUMS}，无法校验。",
                    )
                ]
            )
            if problems:
                return problems
            if final.exists():
                if compare_sums(final, read_sums(sums.read_text(encoding="utf-8"))):
                    raise _fail(
                        final, codes.DEPLOY_NAME, f"版本 {name} 已经部署过，内容却不同。请换一个版本名（--name）。"
                    )
            else:
                staging.rename(final)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        _switch(target, name)
        history = [n for n in _history(target) if n != name] + [name]
        _write_history(target, history)
        _prune(target, history, keep)
    return []


def _prune(target: Path, history: list[str], keep: int) -> None:
    """Remove releases beyond the last ``keep`` deployed (the current one always stays)."""
    kept = set(history[-max(keep, 1) :])
    _write_history(target, [n for n in history if n in kept])
    for release in (target / "releases").iterdir():
        if release.is_dir() and not release.name.startswith(".") and release.name not in kept:
            shutil.rmtree(release)


def rollback(target: Path) -> str:
    """Point ``current`` back at the release deployed before the current one; return its name."""
    with _locked(target):
        history = _history(target)
        current = current_release(target)
        earlier = [n for n in history[:-1] if (target / "releases" / n).is_dir()]
        if current is None or not history or history[-1] != current or not earlier:
            raise _fail(target, codes.ROLLBACK_NONE, f"{target} 没有可以回退到的更早版本。")
        _switch(target, earlier[-1])
        _write_history(target, history[: history.index(earlier[-1]) + 1])
        return earlier[-1]

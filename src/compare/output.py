"""Writing ``data/clean`` all or nothing.

A build writes its tables into a sibling staging folder, with ``build.json`` (the SHA-256 of each
table: no time stamp, so a rebuild stays byte-identical), then swaps that folder with the clean
folder in one step (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames, and an
interrupted swap is put right by the next build). Builds into one folder are serialized by an
OS file lock. A reader of the clean folder therefore sees the whole previous build or the whole
new one, never a mix, whatever stops a build; the loaders check each table against
``build.json`` (:func:`check_stamp`). Files a user keeps in the clean folder besides the tables
are carried over. Leftover staging and old folders are removed by the next build.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import hashlib
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

from compare.errors import PlanInputError

STAMP_NAME = "build.json"
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _staging(clean_dir: Path) -> Path:
    return clean_dir.parent / f".{clean_dir.name}.staging-{os.getpid()}"


def _leftovers(clean_dir: Path) -> list[Path]:
    return sorted(clean_dir.parent.glob(f".{clean_dir.name}.staging-*")) + sorted(
        clean_dir.parent.glob(f".{clean_dir.name}.old-*"))


@contextlib.contextmanager
def build_lock(clean_dir: Path) -> Iterator[None]:
    """An exclusive OS lock for building into ``clean_dir``: a second build waits for the first
    (the lock is released by the OS however the holder ends)."""
    clean_dir.parent.mkdir(parents=True, exist_ok=True)
    path = clean_dir.parent / f".{clean_dir.name}.lock"
    handle = open(path, "a+b")  # noqa: SIM115 - held for the duration of the block
    try:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks in the standard library; builds are not serialized
            fcntl = None
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield
    finally:
        handle.close()


def recover(clean_dir: Path) -> None:
    """Put right what an interrupted build left (under the build lock): a clean folder moved
    aside but not replaced is moved back; staging and old folders are removed."""
    olds = sorted(clean_dir.parent.glob(f".{clean_dir.name}.old-*"))
    if not clean_dir.exists() and olds:
        os.replace(olds[-1], clean_dir)
    for leftover in _leftovers(clean_dir):
        shutil.rmtree(leftover, ignore_errors=True)


def stamp(tables: Mapping[str, bytes]) -> bytes:
    """``build.json``: each table's SHA-256, so the loaders can tell tables of one build."""
    digests = {name: hashlib.sha256(content).hexdigest() for name, content in sorted(tables.items())}
    return (json.dumps({"tables": digests}, indent=1, sort_keys=True) + "\n").encode()


def write_folder(tables: Mapping[str, list[bytes]], clean_dir: str | Path, *,
                 protect: tuple[str | Path, ...] = ()) -> None:
    """Replace ``clean_dir`` by a folder holding ``tables`` (name → UTF-8 chunks) and their stamp,
    all or nothing. ``protect`` are folders ``clean_dir`` may not be, contain or lie inside
    (the raw folder: raw data is immutable)."""
    clean_dir = Path(clean_dir)
    target = clean_dir.resolve()
    for folder in protect:
        guarded = Path(folder).resolve()
        if target == guarded or guarded in target.parents or target in guarded.parents:
            raise PlanInputError(clean_dir, f"the clean folder may not be, contain or lie inside {folder}; "
                                            "choose another --clean")
    with build_lock(target):
        recover(target)
        staging = _staging(target)
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        try:
            contents = {}
            for name, chunks in tables.items():
                content = b"".join(chunks)
                contents[name] = content
                (staging / name).write_bytes(content)
            (staging / STAMP_NAME).write_bytes(stamp(contents))
            if target.exists():
                if not target.is_dir():
                    raise PlanInputError(clean_dir, "exists and is not a folder")
                for entry in target.iterdir():  # what a user keeps there besides the tables
                    if entry.name not in contents and entry.name != STAMP_NAME:
                        if entry.is_dir():
                            shutil.copytree(entry, staging / entry.name, symlinks=True)
                        else:
                            shutil.copy2(entry, staging / entry.name, follow_symlinks=False)
                _swap(staging, target)
                shutil.rmtree(staging, ignore_errors=True)  # the previous build, swapped out
            else:
                os.replace(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def _swap(staging: Path, target: Path) -> None:
    """Exchange two folders in one step where the OS can; else move the old one aside first
    (an interruption between the two renames is undone by :func:`recover`)."""
    if _exchange(staging, target):
        return
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    os.replace(target, old)
    os.replace(staging, target)
    os.replace(old, staging)


def _exchange(first: Path, second: Path) -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
        return False  # not supported here (kernel, file system): fall back to two renames
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(second))


def check_stamp(path: Path, content: bytes) -> None:
    """Raise ``ValueError`` naming ``path`` when its folder's ``build.json`` says the table was
    written by another build (tables of two builds, or a table edited by hand)."""
    stamp_path = path.parent / STAMP_NAME
    try:
        recorded = json.loads(stamp_path.read_text(encoding="utf-8"))["tables"]
    except FileNotFoundError:
        return  # tables made without a stamp (an older build, or by hand): nothing to check
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ValueError(f"{stamp_path}: unreadable build stamp ({error}); run 'compare build'") from None
    if path.name in recorded and recorded[path.name] != hashlib.sha256(content).hexdigest():
        raise ValueError(f"{path}: not the table its build wrote ({STAMP_NAME} records another), so the clean "
                         "tables may come from different builds or were edited by hand; run 'compare build'")

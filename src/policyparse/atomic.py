"""Crash-safe file writes and output paths that cannot leave their folder.

A reader of an output folder sees either the old file or the new one, never a
half-written one: ``write_atomic`` writes a temporary file in the same
directory, fsyncs it and renames it over the target (``os.replace`` is atomic
on POSIX and Windows when both names are on one file system).
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator, Optional, Union

TEMP_SUFFIX = ".tmp"


class UnsafePathError(ValueError):
    """An output path that would land outside its output folder."""


@contextmanager
def _replacing(path: Union[str, os.PathLike[str]], mode: str, fsync: bool, **open_args: Optional[str]) -> Iterator[IO]:
    """A handle on a temp file beside ``path`` that replaces ``path`` when the block ends without error.

    On an exception the temp file is removed and ``path`` is left untouched.
    """
    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, mode, **open_args) as fh:
            yield fh
            fh.flush()
            if fsync:
                os.fsync(fh.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise


def write_atomic(path: Union[str, os.PathLike[str]], data: Union[bytes, str], *, fsync: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, fsync, rename).

    Concurrent writers of one path never interleave: each has its own temp
    file, and the last rename wins with a whole file.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with _replacing(path, "wb", fsync) as fh:
        fh.write(payload)


@contextmanager
def atomic_open(
    path: Union[str, os.PathLike[str]], *, encoding: str = "utf-8", newline: Optional[str] = None, fsync: bool = True
) -> Iterator[IO[str]]:
    """A text file handle whose content replaces ``path`` atomically when the block ends without error.

    For large outputs written in pieces (merged JSON Lines, CSV tables); on an
    exception the temp file is removed and ``path`` is left untouched.
    """
    with _replacing(path, "w", fsync, encoding=encoding, newline=newline) as fh:
        yield fh


def fsync_dir(path: Union[str, os.PathLike[str]]) -> None:
    """Flush a folder's entries (the renames done in it) to disk; a no-op where folders cannot be opened."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def contained_path(root: Union[str, os.PathLike[str]], relative: str) -> Path:
    """``root / relative``, refusing any result outside ``root``.

    Refuses absolute parts and ``..`` components, and folders inside ``root``
    that are symlinks pointing out of it (checked on the resolved parent, so a
    symlinked subfolder cannot redirect writes elsewhere).
    """
    rel = Path(relative)
    if rel.is_absolute() or rel.drive or any(part in ("..", "") for part in rel.parts) or not rel.parts:
        raise UnsafePathError(f"output path {relative!r} would leave the output folder")
    root_real = Path(os.path.realpath(root))
    candidate = root_real / rel
    parent_real = Path(os.path.realpath(candidate.parent))
    if parent_real != root_real and root_real not in parent_real.parents:
        raise UnsafePathError(f"output path {relative!r} resolves outside the output folder ({parent_real})")
    return parent_real / rel.name


def ensure_contained_dir(root: Union[str, os.PathLike[str]], relative_dir: str) -> None:
    """Create ``root/relative_dir`` (and parents) after checking it stays inside ``root``."""
    if relative_dir in ("", "."):
        Path(root).mkdir(parents=True, exist_ok=True)
        return
    root_path = Path(root)
    current = root_path
    for part in Path(relative_dir).parts:
        current = current / part
        # check before each mkdir: an existing symlinked folder must not lead outside
        contained_path(root_path, str(current.relative_to(root_path) / "_"))
        current.mkdir(exist_ok=True)

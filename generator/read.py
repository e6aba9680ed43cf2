"""Reading input files: only regular files (content inside its folder), never more than the limit, as UTF-8.

A review linked to `/dev/zero` or a named pipe would read without end or wait
for ever; a link out of the content folder would publish a file from elsewhere.
So a file is checked before it is opened and again after, opened without
blocking and without following a last link, and read to at most the limit plus
one byte. Errors are located content errors, never exceptions of the OS. The site
configuration (`mkdocs.yml`, its INHERIT parents, its stylesheets) is read the same way, wherever it is.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.errors import ContentError, ContentErrors

MAX_FILE_BYTES = 1_000_000
"""Largest content file accepted. The longest real extract is about 60 KB."""


def decode_content(raw: bytes, path: str) -> tuple[str | None, list[ContentError]]:
    """The text of a content file's bytes (UTF-8, with or without a byte order mark), or where it is not UTF-8."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        message = f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8"
        return None, [ContentError(path, line, column, "(file)", message)]


_NOT_REGULAR = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


# Read only, never waiting for a writer (a pipe swapped in), never following a link swapped in.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _kind_of(mode: int) -> str | None:
    """What a file that is not a regular file is ("a named pipe", "a device", ...); None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _NOT_REGULAR if test(mode)), "a special file")


def _reason(error: OSError | RuntimeError) -> str:
    """Why a file could not be read, in the system's words."""
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


def read_content_file(
    path: Path, content_root: Path | None, display_path: str | None = None, *, limit: int = MAX_FILE_BYTES
) -> bytes:
    """The bytes of one content file, or `ContentErrors` holding one `path:1:1: (file): ...` error.

    Only a regular file is read, and only if it lies inside `content_root` (when one is
    given: settings files may lie anywhere) once every
    link is followed: a link to a file elsewhere, to a device such as /dev/zero, a
    named pipe or a folder is refused without being opened. At most `limit` + 1 bytes
    are read, whatever the file claims its size is, so nothing can read without end.
    """
    shown = display_path or str(path)

    def refused(message: str) -> ContentErrors:
        return ContentErrors([ContentError(shown, 1, 1, "(file)", message)])

    try:
        root = content_root.resolve(strict=True) if content_root is not None else None
        target = path.resolve(strict=True)
        kind = _kind_of(os.stat(target).st_mode)
    except (OSError, RuntimeError) as error:  # missing, a broken link, a loop of links, no permission
        raise refused(f"cannot read the file: {_reason(error)}") from None
    if root is not None and not target.is_relative_to(root):
        raise refused(f"links to {target}, outside the content folder; only files inside it are read")
    if kind is not None:
        raise refused(f"is {kind}, not a regular file; only regular files are read")
    try:
        # The file was checked above; if it has been swapped for a link or a pipe since, this fails or fstat sees it.
        descriptor = os.open(target, _OPEN_FLAGS)
    except OSError as error:
        raise refused(f"cannot read the file: {_reason(error)}") from None
    try:
        status = os.fstat(descriptor)
        kind = _kind_of(status.st_mode)
        if kind is not None:
            raise refused(f"is {kind}, not a regular file; only regular files are read")
        if status.st_size > limit:
            raise refused(f"the file is {status.st_size:,} bytes; the limit is {limit:,}")
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as error:
        raise refused(f"cannot read the file: {_reason(error)}") from None
    finally:
        os.close(descriptor)
    if remaining <= 0:  # it grew while being read
        raise refused(f"the file is over {limit:,} bytes; the limit is {limit:,}")
    return b"".join(chunks)

"""Bounded reading of a file a user names: regular files only, size capped before reading.

Every command that reads a user's file (a scenario, a PSPLIB instance, a ledger import) goes through
:func:`read_user_bytes` or :func:`read_user_text`, so that the same hostile inputs fail the same way,
fast and in bounded memory:

* a directory, a named pipe (FIFO), a device (``/dev/zero``), a socket: refused by type, after opening
  without blocking (``O_NONBLOCK``: opening a FIFO with no writer returns at once) and checking the
  *opened* file with ``fstat`` (no window between the check and the read);
* a regular file larger than the limit (a 1 GB sparse file): refused from its size, before any byte is
  read; a file that grows while it is read is cut at ``limit + 1`` bytes and refused;
* text that is not valid in its encoding: refused with the line and the offending byte.

Standard input has :func:`read_stream_bytes`, with the same byte limit.

Errors are raised as the caller's :class:`~pactlab.errors.PactlabError` subclass (``error=``), each one
located line naming the file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from pactlab.errors import Location, PactlabError, Problem

__all__ = ["decode_text", "describe_kind", "read_stream_bytes", "read_user_bytes", "read_user_text"]

_CHUNK = 1 << 16


def describe_kind(mode: int) -> str:
    """What a non-regular file is, in words (``"a directory"``, ``"a named pipe (FIFO)"``...)."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _fail(error: type[PactlabError], name: str, message: str, line: int | None = None) -> PactlabError:
    return error(Problem(Location(name, "", line), message))


def _human(size: int) -> str:
    """``1.0 GiB (1,073,741,824 bytes)``, or ``11 bytes`` below a KiB."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit} ({size:,} bytes)"
    return f"{size:,} bytes"


def read_user_bytes(
    path: str | os.PathLike[str],
    *,
    limit: int,
    what: str = "file",
    error: type[PactlabError] = PactlabError,
    display: str | None = None,
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or a located ``error``.

    Parameters
    ----------
    path : path of the file.
    limit : the largest size accepted, in bytes.
    what : what the file is, for messages (``"scenario file"``, ``"PSPLIB file"``).
    error : the :class:`~pactlab.errors.PactlabError` subclass to raise.
    display : the name errors show (the path when omitted).

    Examples
    --------
    >>> read_user_bytes("/dev/zero", limit=10)
    Traceback (most recent call last):
    ...
    pactlab.errors.PactlabError: /dev/zero: is a character device, not a regular file
    """
    name = display if display is not None else os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise _fail(error, name, f"no such {what}") from None
    except OSError as exc:
        if Path(path).is_dir():  # Windows refuses to open a directory at all
            raise _fail(error, name, f"is a directory, not a {what}") from None
        raise _fail(error, name, f"cannot read {what}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _fail(error, name, f"is {describe_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise _fail(
                error,
                name,
                f"{what} is {_human(info.st_size)}; {what}s are limited to {_human(limit)}",
            )
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return _bounded(handle, limit, error, name, what)
    except OSError as exc:
        raise _fail(error, name, f"cannot read {what}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _bounded(handle: BinaryIO, limit: int, error: type[PactlabError], name: str, what: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = handle.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise _fail(
                error, name, f"{what} is larger than the limit; {what}s are limited to {_human(limit)}"
            )


def read_stream_bytes(
    stream: BinaryIO,
    *,
    limit: int,
    name: str = "-",
    what: str = "input",
    error: type[PactlabError] = PactlabError,
) -> bytes:
    """At most ``limit`` bytes of a stream (standard input), refusing a longer one without keeping it."""
    return _bounded(stream, limit, error, name, what)


def read_user_text(
    path: str | os.PathLike[str],
    *,
    limit: int,
    what: str = "file",
    error: type[PactlabError] = PactlabError,
    display: str | None = None,
    encoding: str = "utf-8-sig",
) -> str:
    """The text of a regular file (see :func:`read_user_bytes`), decoded strictly.

    A byte that is not valid in ``encoding`` is refused with its line and value, e.g.
    ``case.yaml:2: not UTF-8 text: byte 0xe9 at line 2, column 11 (save the file as UTF-8)``.
    """
    name = display if display is not None else os.fspath(path)
    raw = read_user_bytes(path, limit=limit, what=what, error=error, display=display)
    return decode_text(raw, name=name, error=error, encoding=encoding)


def decode_text(
    raw: bytes, *, name: str, error: type[PactlabError] = PactlabError, encoding: str = "utf-8-sig"
) -> str:
    """Decode ``raw`` strictly; a bad byte gives a located error (line, column, byte value)."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        label = encoding.removesuffix("-sig").upper()
        raise _fail(
            error,
            name,
            f"not {label} text: byte {raw[exc.start]:#04x} at line {line}, column {column} "
            f"(save the file as {label})",
            line,
        ) from None

"""The bounded reader of user files (pactlab._files) and the escaping of error lines (pactlab.errors).

Issue 18: ``plan --psplib /dev/zero`` grew to 22.6 GB, ``plan --psplib FIFO`` blocked forever, a 1 GB
sparse file raised MemoryError, and a file name with a newline forged an extra error line.
"""

from __future__ import annotations

import io
import os
import sys
import threading
from pathlib import Path

import pytest

from pactlab._files import decode_text, read_stream_bytes, read_user_bytes, read_user_text
from pactlab.errors import Location, PactlabError, Problem, ScenarioError, escape_controls

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")


def test_regular_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 10)
    assert read_user_bytes(path, limit=10) == b"x" * 10


def test_size_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 11)
    with pytest.raises(ScenarioError) as error:
        read_user_bytes(path, limit=10, what="scenario file", error=ScenarioError)
    assert error.value.lines() == [
        f"{path}: scenario file is 11 bytes; scenario files are limited to 10 bytes"
    ]


def test_sparse_gigabyte_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "sparse.yaml"
    with path.open("wb") as handle:
        handle.truncate(1 << 30)
    with pytest.raises(PactlabError) as error:
        read_user_bytes(path, limit=4 << 20, what="scenario file")
    assert error.value.lines() == [
        f"{path}: scenario file is 1.0 GiB (1,073,741,824 bytes); scenario files are limited to 4.0 MiB "
        "(4,194,304 bytes)"
    ]


def test_directory_is_named_as_such(tmp_path: Path) -> None:
    with pytest.raises(PactlabError) as error:
        read_user_bytes(tmp_path, limit=10, what="PSPLIB file")
    assert error.value.lines() == [f"{tmp_path}: is a directory, not a regular file"]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PactlabError) as error:
        read_user_bytes(tmp_path / "nope.sm", limit=10, what="PSPLIB file")
    assert error.value.lines() == [f"{tmp_path / 'nope.sm'}: no such PSPLIB file"]


@posix_only
def test_dev_zero_is_refused_as_a_device() -> None:
    with pytest.raises(PactlabError) as error:
        read_user_bytes("/dev/zero", limit=10)
    assert error.value.lines() == ["/dev/zero: is a character device, not a regular file"]


@posix_only
def test_fifo_without_writer_is_refused_at_once(tmp_path: Path) -> None:
    """Opening a FIFO that no one writes to would block forever; it is refused without blocking.

    The read runs in a thread with a watchdog: a regression shows as a failure, not as a hung suite.
    """
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    outcome: list[BaseException | bytes] = []
    worker = threading.Thread(target=lambda: outcome.append(_attempt(fifo)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    if worker.is_alive():  # unblock the reader so the thread can end, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("reading a FIFO blocked")
    assert isinstance(outcome[0], PactlabError)
    assert outcome[0].lines() == [f"{fifo}: is a named pipe (FIFO), not a regular file"]


def _attempt(path: Path) -> BaseException | bytes:
    try:
        return read_user_bytes(path, limit=10)
    except PactlabError as error:
        return error


def test_stream_limit() -> None:
    assert read_stream_bytes(io.BytesIO(b"abc"), limit=3) == b"abc"
    with pytest.raises(PactlabError) as error:
        read_stream_bytes(io.BytesIO(b"abcd"), limit=3, name="-", what="input")
    assert error.value.lines() == ["-: input is larger than the limit; inputs are limited to 3 bytes"]


def test_bad_utf8_names_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("metadata:\n  title: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(ScenarioError) as error:
        read_user_text(path, limit=100, error=ScenarioError)
    assert error.value.lines() == [
        f"{path}:2: not UTF-8 text: byte 0xe9 at line 2, column 13 (save the file as UTF-8)"
    ]


def test_decode_keeps_a_bom_out() -> None:
    assert decode_text(b"\xef\xbb\xbfa: 1", name="f") == "a: 1"


def test_newline_in_a_file_name_cannot_forge_a_line() -> None:
    """A name holding '\\n' and a fake location would print as two error lines without escaping."""
    name = "evil\nforged.yaml:1:metadata.id: fake problem"
    error = ScenarioError(Problem(Location(name, "metadata", 3), "real problem"))
    (line,) = error.lines()
    assert "\n" not in line
    assert line == "evil\\nforged.yaml:1:metadata.id: fake problem:3:metadata: real problem"
    assert str(error).count("\n") == 0


def test_terminal_controls_are_escaped() -> None:
    """ESC sequences, bidirectional overrides and undecodable file-name bytes never reach a terminal raw."""
    assert escape_controls("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert escape_controls("x\u202ey") == "x\\u202ey"
    assert escape_controls("n\udcffm") == "n\\udcffm"
    assert escape_controls("emoji\u200dok") == "emoji\u200dok"  # a zero-width joiner is text, kept
    problem = Problem(Location("f.yaml", "issues[0].title", 2), "title 'x\x1b]0;pwned\x07'")
    assert str(problem) == "f.yaml:2:issues[0].title: title 'x\\x1b]0;pwned\\x07'"

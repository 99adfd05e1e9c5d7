"""Intake: formats, boilerplate removal, the sentence splitter, and bad input (exit 2, no traceback)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from pactlab.cli import main
from pactlab.digest import read_document, split_sentences
from pactlab.errors import PactlabError

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = (
    "NATO allies agreed to send more air defence systems to Ukraine. "
    "The United States will share intelligence with Kyiv. Germany backs the plan."
)


def _run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n\t ", "empty"),
        (bytes(range(256)) * 40, "binary"),
        (
            "Die Bundesregierung wird der Ukraine weitere Luftverteidigungssysteme liefern, sagte der "
            "Kanzler am Montag in Berlin. Die Lieferung soll noch in diesem Jahr erfolgen und ist mit "
            "den Verbündeten abgestimmt.".encode(),
            "English",
        ),
        (
            "Україна отримає нові системи протиповітряної оборони від партнерів найближчим часом, "
            "заявив міністр оборони.".encode(),
            "English",
        ),
    ],
    ids=["empty", "blank", "binary", "german", "ukrainian"],
)
def test_bad_input_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    code, out, err = _run_cli(["digest", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"{path}: ")
    assert message in err
    assert "Traceback" not in err


def test_enormous_input_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A 50 MB file is refused by its size before it is read."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        chunk = (ARTICLE + "\n").encode() * 1000
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    code, out, err = _run_cli(["digest", str(path), "--json"], capsys)
    assert code == 2
    assert out == ""
    assert "MiB" in err
    assert "Traceback" not in err


def test_enormous_stdin_is_refused() -> None:
    with pytest.raises(PactlabError, match="exceeds"):
        read_document("-", stdin=io.BytesIO(b"word " * (3 * 1024 * 1024)))


def test_missing_file_and_bad_sentences(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run_cli(["digest", str(tmp_path / "nope.txt")], capsys)
    assert code == 2
    assert "no such file" in err
    good = tmp_path / "a.txt"
    good.write_text(ARTICLE)
    code, _, err = _run_cli(["digest", str(good), "--sentences", "0"], capsys)
    assert code == 2
    assert "--sentences" in err


def test_stdin_through_the_console_script(tmp_path: Path) -> None:
    """``pactlab digest -`` reads standard input; a binary stdin is a clear error, exit 2."""
    env = {"PYTHONPATH": str(ROOT / "src"), "PACTLAB_DIGEST_SEMANTIC": "0", "PATH": "/usr/bin:/bin"}
    ok = subprocess.run(
        [sys.executable, "-m", "pactlab", "digest", "-", "--json"],
        input=ARTICLE.encode(),
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr.decode()
    assert b'"air_defence"' in ok.stdout
    assert b'"intelligence_sharing"' in ok.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "pactlab", "digest", "-"],
        input=b"\x00\x01\x02" * 100,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.decode().startswith("<stdin>: ")
    assert b"Traceback" not in bad.stderr


def test_html_boilerplate_removed(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Guarantees</title><script>var x = 1;</script></head><body>"
        "<nav>Home | World | Sign up</nav><header>Daily Policy</header>"
        "<div><p>No time to read?</p><p>Get a summary</p></div>"
        f"<article><h1>Guarantees</h1><p>{ARTICLE}</p><p>Second paragraph on sanctions against "
        "Russia.</p></article><div>Previous Article</div><div>Other headline about dentistry</div>"
        "<footer>Copyright 2024</footer></body></html>",
        encoding="utf-8",
    )
    doc = read_document(page)
    assert doc.kind == "html"
    assert doc.title == "Guarantees"
    for junk in (
        "No time to read",
        "Get a summary",
        "Previous Article",
        "dentistry",
        "Sign up",
        "var x",
        "Copyright",
        "Daily Policy",
    ):
        assert junk not in doc.text
    assert "share intelligence with Kyiv" in doc.text


def test_markdown(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(f"# A note\n\nSome **bold** words. {ARTICLE}\n\n* a list item.\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.kind == "markdown"
    assert doc.title == "A note"
    assert "**" not in doc.text
    assert "bold words" in doc.text


def test_pdf(tmp_path: Path) -> None:
    """A PDF made with matplotlib's PDF backend (a declared dependency) is read back with pypdf."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(8, 2))
    fig.text(0.02, 0.5, "NATO allies agreed to send air defence systems to Ukraine.")
    path = tmp_path / "doc.pdf"
    fig.savefig(path)
    plt.close(fig)
    doc = read_document(path)
    assert doc.kind == "pdf"
    assert "air defence systems to Ukraine" in " ".join(doc.text.split())


def test_plain_text_offsets_are_file_offsets(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    raw = f"Title line\n\nNo time to read?\nGet a summary\n\n{ARTICLE}\n"
    path.write_text(raw, encoding="utf-8")
    doc = read_document(path)
    from pactlab.digest import find_actors

    for mention in find_actors(doc.text):
        assert raw[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Gen. Jones on Monday. They talked.",
            ["Mr. Smith met Gen. Jones on Monday.", "They talked."],
        ),
        (
            "The U.S. has sent Javelins. The U.K. followed.",
            ["The U.S. has sent Javelins.", "The U.K. followed."],
        ),
        (
            'He said: "We will not send tanks." Then he left.',
            ['He said: "We will not send tanks."', "Then he left."],
        ),
        (
            '"Stop the war," said the minister. "Now?" he asked.',
            ['"Stop the war," said the minister.', '"Now?" he asked.'],
        ),
        (
            "B. Vijayakumari of the college, e.g. here, wrote it. See Art. 5 of the treaty.",
            ["B. Vijayakumari of the college, e.g. here, wrote it.", "See Art. 5 of the treaty."],
        ),
        ("It costs $1.7 billion. That is a lot!", ["It costs $1.7 billion.", "That is a lot!"]),
    ],
)
def test_sentence_splitter(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected

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
    assert "--sentences" in err  # the library names the parameter; the command line maps it to the flag


def test_stdin_through_the_console_script(tmp_path: Path) -> None:
    """``pactlab digest -`` reads standard input; a binary stdin is a clear error, exit 2."""
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "President Volodymyr Zelensky and U.S. President Joe Biden signed it. It runs ten years.",
            ["President Volodymyr Zelensky and U.S. President Joe Biden signed it.", "It runs ten years."],
        ),
        ("Tanks, missiles, etc. The leaders met.", ["Tanks, missiles, etc.", "The leaders met."]),
        ("It was the U.S. The next day it rained.", ["It was the U.S.", "The next day it rained."]),
    ],
)
def test_sentence_splitter_after_acronyms(text: str, expected: list[str]) -> None:
    """Issue 15: no boundary after "U.S." before a title; a boundary after "etc." before an opener."""
    assert [s.text for s in split_sentences(text)] == expected


def test_language_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 15: a non-English text gets a located message naming the language detected, exit 2."""
    path = tmp_path / "de.txt"
    path.write_text(
        "Die Bundesregierung wird der Ukraine weitere Luftverteidigungssysteme liefern, sagte der Kanzler "
        "am Montag in Berlin. Die Lieferung soll noch in diesem Jahr erfolgen und ist mit den Verbündeten "
        "abgestimmt, hieß es aus dem Ministerium.",
        encoding="utf-8",
    )
    code, out, err = _run_cli(["digest", str(path)], capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"{path}: ")
    assert "German" in err
    assert "'de'" in err


def _flate_bomb_pdf(size: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``size`` bytes of blanks (a decompression bomb)."""
    import zlib

    packer = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    stream = b"".join(packer.compress(chunk) for _ in range(size // len(chunk))) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_decompression_bomb_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 15: a ~0.9 MB PDF that inflates to ~900 MB is refused before it is inflated, exit 2."""
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_flate_bomb_pdf(900 * 1024 * 1024))
    assert path.stat().st_size < 2 * 1024 * 1024
    code, out, err = _run_cli(["digest", str(path)], capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"{path}: ")
    assert "decompresses beyond" in err
    assert "Traceback" not in err


def test_malformed_pdf_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << >>\n%%EOF")
    code, out, err = _run_cli(["digest", str(path)], capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"{path}: ")
    assert "PDF" in err


def test_html_date_and_title_from_page_metadata(tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    page.write_text(
        '<html><head><title>Allies pledge air defence</title><meta property="article:published_time" '
        'content="2023-07-12T10:00:00Z"></head><body><article><h1>Allies pledge air defence</h1>'
        f"<p>{ARTICLE}</p><p>The war goes on, officials said in a long statement on the new pledges.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    doc = read_document(page)
    assert doc.title == "Allies pledge air defence"
    assert doc.date == "2023-07-12"


def test_terminal_output_escapes_markup_and_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Text from the input reaches the terminal with its rich markup and escape sequences neutralised."""
    path = tmp_path / "evil.txt"
    path.write_text(
        "[bold red]Injected[/bold red] \x1b[2J\x1b]0;title\x07 NATO allies agreed to send more air defence "
        "systems to Ukraine during the war. [link=http://x]click[/link] Germany backs the plan. "
        + "The allies met again and agreed to keep helping Ukraine for as long as the war lasts. "
        * 5,
        encoding="utf-8",
    )
    code, out, _ = _run_cli(["digest", str(path), "--sentences", "20"], capsys)
    assert code == 0
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "[bold red]Injected[/bold red]" in out  # printed literally, not as markup

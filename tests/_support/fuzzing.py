"""The pieces of the command-line fuzz harness: hostile values, the commands' surfaces, one guarded run.

Each example is one ``pactlab ...`` command line run in-process through :func:`pactlab.cli.main` with a
time bound (SIGALRM) and an address-space bound (RLIMIT_AS, the current size plus :data:`MEMORY_MARGIN`),
so a hang or an unbounded read fails the example instead of the machine. Work-scaling options (draws,
rounds, sentences, time limits, Pareto points, horizons) only ever get small or malformed values, so
every example stays cheap.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from pactlab.cli import main
from pactlab.scenario import load_scenario

TIME_LIMIT_S = 60  # per example; the slowest valid example (negotiate vilnius-2023, all models) takes ~2 s
MEMORY_MARGIN = 2 << 30  # bytes of address space an example may add (CP-SAT threads reserve arenas)

# Malformed and extreme words, from issue 18's list: negative, huge, NaN, inf, empty, locale formats,
# non-ASCII digits, unicode, rich markup, control characters (never NUL: argv cannot carry it).
HOSTILE = (
    "",
    " ",
    "-",
    "--",
    "-1",
    "0",
    "-0",
    "1",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "1,5",
    "1.234,56",
    "99999999999999999999999",
    "-99999999999999999999999",
    "0x10",
    "١٢",
    "Ω",
    "Привет",
    "[/]",
    "[sic]",
    "\x1b[2J",
    "\x1b]0;pwned\x07",
    "a\nb",
    "\t",
    "\u202e",
    "%s%n",
    "../../etc/passwd",
    "null",
    "true",
)
SMALL = ("-1", "0", "1", "2", "3", "10", "abc", "nan", "inf", "-inf", "", "1.5", "1,5", "١", " 2", "1e1")
FLOATS = ("nan", "inf", "-inf", "1e308", "-1", "0", "0.001", "0.5", "1", "1,5", "1.234,56", "abc", "")
TIME_LIMITS = ("nan", "-1", "0", "0.05", "0.2", "abc", "", "1e-300")
SEEDS = ("0", "1", "7", "-1", "18446744073709551616", "99999999999999999999999", "abc", "1.5", "", "nan")
MARKUP_AND_ESCAPES = "Emissions [sic] [/] \x1b[2J\x1b]0;pwned\x07 \x1b[31mred"
CATALOG = ("vilnius-2023", "bucharest-2008", "bdm1994-emissions")


@dataclass
class Files:
    """Hostile paths made once per test module inside ``root``."""

    root: Path
    paths: dict[str, str] = field(default_factory=dict)

    @classmethod
    def make(cls, root: Path) -> Files:
        made = cls(root)
        (root / "folder").mkdir()
        (root / "empty.csv").write_bytes(b"")
        (root / "garbage.yaml").write_bytes(bytes(range(256)) * 4)
        (root / "not-yaml.yaml").write_text("metadata: [unclosed\n  - {\n")
        (root / "alias.yaml").write_text("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\nmetadata: {id: t}\n")
        (root / "deep.json").write_text("[" * 200 + "]" * 200)
        (root / "bom.csv").write_bytes(b"\xef\xbb\xbfrecord,guarantor\n")
        (root / "line\nbreak.yaml").write_text("metadata: {id: x}\n")
        (root / "esc\x1b[2J.yaml").write_text("metadata: {id: x}\n")
        article = (
            "NATO allies agreed at the Vilnius summit to provide long-term security assistance to Ukraine. "
            "Germany and the United States pledged air defence systems. France said no. "
        )
        (root / "article.txt").write_text(article * 3)
        markup = article.replace("France said", "France [sic] said [/] [/bold]")
        (root / "article-markup.md").write_text("# Title [/] [sic]\n\n" + markup * 3)
        escapes = article.replace("pledged", "pledged \x1b[2J\x1b]0;pwned\x07")
        # a few escape sequences in a page of text (a text made mostly of control characters is refused
        # as binary by the digest, which is tested in tests/digest)
        (root / "article-esc.txt").write_text(escapes + article * 8)
        hostile = load_scenario("bdm1994-emissions").model_dump(mode="json", exclude_none=True)
        hostile["metadata"]["title"] = MARKUP_AND_ESCAPES
        hostile["actors"][0]["name"] = "Nether\x1b[2Jlands [/]"
        hostile["issues"][0]["title"] = "Years [/b] \x1b[31m"
        actors = [a["id"] for a in hostile["actors"]]
        hostile["deterrence"] = {"challenger": actors[0], "target": actors[1]}  # deter needs both
        (root / "hostile.json").write_text(json.dumps(hostile))
        made.paths = {
            "folder": str(root / "folder"),
            "folder-slash": str(root / "folder") + "/",
            "missing": str(root / "missing.csv"),
            "missing-dir": str(root / "no" / "such" / "dir" / "f.csv"),
            "empty": str(root / "empty.csv"),
            "garbage": str(root / "garbage.yaml"),
            "not-yaml": str(root / "not-yaml.yaml"),
            "alias": str(root / "alias.yaml"),
            "deep": str(root / "deep.json"),
            "bom": str(root / "bom.csv"),
            "newline-name": str(root / "line\nbreak.yaml"),
            "escape-name": str(root / "esc\x1b[2J.yaml"),
            "dev-null": "/dev/null",
            "hostile-title": str(root / "hostile.json"),
            "article": str(root / "article.txt"),
            "article-markup": str(root / "article-markup.md"),
            "article-esc": str(root / "article-esc.txt"),
        }
        return made

    def strategy(self, *, exclude: tuple[str, ...] = ()) -> st.SearchStrategy[str]:
        return st.sampled_from([p for name, p in self.paths.items() if name not in exclude])


def words(pool: tuple[str, ...]) -> st.SearchStrategy[str]:
    """One of ``pool``, or a short random string (no NUL)."""
    return st.one_of(
        st.sampled_from(pool),
        st.text(st.characters(exclude_characters="\x00", codec="utf-8"), max_size=8),
    )


@dataclass
class Surface:
    """One command's command line: its words, a strategy per positional argument, and per option."""

    words: tuple[str, ...]
    positionals: tuple[st.SearchStrategy[str], ...] = ()
    options: dict[str, st.SearchStrategy[str] | None] = field(default_factory=dict)  # None: a flag
    always: tuple[str, ...] = ()  # appended to every example (e.g. a test database)
    min_positionals: int = 0


@st.composite
def command_lines(draw: st.DrawFn, surface: Surface) -> list[str]:
    """A command line for ``surface``: its words, some positionals, a random subset of its options."""
    argv = list(surface.words)
    n_positional = draw(st.integers(surface.min_positionals, len(surface.positionals)))
    argv += [draw(s) for s in surface.positionals[:n_positional]]
    flags = draw(st.lists(st.sampled_from(sorted(surface.options) or [""]), max_size=4, unique=True))
    for flag in flags:
        if not flag:
            continue
        value = surface.options[flag]
        argv += [flag] if value is None else [flag, draw(value)]
    if draw(st.booleans()):  # options before positionals, or a stray extra word
        argv.append(draw(words(("extra", "--", "--help"))))
    return argv + list(surface.always)


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float


class Hang(BaseException):
    """Raised by the alarm: a BaseException, so the CLI's boundary does not swallow it."""


def _vm_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


@contextlib.contextmanager
def _bounded(seconds: int, margin: int) -> Iterator[None]:
    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"no answer within {seconds} s")

    old_handler = signal.signal(signal.SIGALRM, alarm)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _vm_bytes() + margin
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        signal.signal(signal.SIGALRM, old_handler)


def run_bounded(argv: list[str], *, seconds: int = TIME_LIMIT_S, margin: int = MEMORY_MARGIN) -> Outcome:
    """Run ``pactlab ARGV`` in-process within the time and memory bounds."""
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with _bounded(seconds, margin), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return Outcome(code, out.getvalue(), err.getvalue(), time.perf_counter() - start)


def check(argv: list[str], outcome: Outcome, extra: Callable[[Outcome], None] | None = None) -> None:
    """The harness's invariants for one command line."""
    shown = f"pactlab {argv!r}: exit {outcome.code}\nstderr: {outcome.stderr[-2000:]}"
    assert outcome.code in (0, 2), shown
    assert "Traceback" not in outcome.stderr + outcome.stdout, shown
    assert "\x1b" not in outcome.stderr + outcome.stdout, shown  # control characters reach it escaped
    if outcome.code == 2:
        assert outcome.stderr.strip(), f"exit 2 without a word: {shown}"
    if outcome.code == 0 and "--json" in argv and "--help" not in argv and outcome.stdout.strip():
        json.loads(outcome.stdout)  # --json prints JSON and nothing else
    if extra is not None:
        extra(outcome)


def env_for(root: Path) -> dict[str, str]:
    """Environment for the harness: a throwaway ledger, never the user's."""
    return {"PACTLAB_DB": f"sqlite:///{root / 'fuzz-ledger.db'}", "SOURCE_DATE_EPOCH": "1700000000"}


def apply_env(values: dict[str, str]) -> Callable[[], None]:
    """Set ``values`` in os.environ; return the function that restores it."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)

    def restore() -> None:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old

    return restore

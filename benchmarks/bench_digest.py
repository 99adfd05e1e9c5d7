"""Benchmark the digest: per-text time after start-up, whole-process start-up, and boilerplate removal.

Run by hand, with nice, on a quiet machine (report ``cat /proc/loadavg`` next to the figures):
  nice python benchmarks/bench_digest.py                  per-text time and start-up
  nice python benchmarks/bench_digest.py --boilerplate    HTML/pasted-page extraction, libraries compared

Per text: every labelled text (tests/digest/data/dev and the source article) digested in one process
after a warm-up digest (imports and the gazetteer built once), timed with perf_counter; target (issue
15) under 0.3 s each. Start-up: ``pactlab --help`` and ``pactlab digest FILE --json`` in fresh processes,
wall time and CPU time (user + system of the child, from ``resource.getrusage``), median of ``--repeat``.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "digest" / "data"
ARTICLE = ROOT.parent / "shared" / "docs" / "source-article.txt"


def _texts() -> list[tuple[str, str]]:
    import yaml

    out = [
        (p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))["text"])
        for p in sorted((DATA / "dev").glob("*.yaml"))
    ]
    if ARTICLE.is_file():
        out.append(("source-article", ARTICLE.read_text(encoding="utf-8")))
    return out


def per_text() -> None:
    from pactlab.digest import digest_text

    texts = _texts()
    digest_text(texts[0][1])  # warm-up: imports, gazetteer, compiled patterns
    times = []
    for name, text in texts:
        start = time.perf_counter()
        digest_text(text, name=name)
        times.append((time.perf_counter() - start, name, len(text.split())))
    seconds = sorted(t for t, _, _ in times)
    worst = max(times)
    print(
        f"per text after start-up ({len(times)} texts, "
        f"{min(w for _, _, w in times)}-{max(w for _, _, w in times)} "
        f"words): median {statistics.median(seconds) * 1000:.1f} ms, max {worst[0] * 1000:.1f} ms "
        f"({worst[1]}, {worst[2]} words)"
    )


def _run(cmd: list[str], repeat: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, env=dict(os.environ))
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def startup(repeat: int) -> None:
    exe = str(Path(sys.executable).with_name("pactlab"))
    target = str(ARTICLE if ARTICLE.is_file() else next((DATA / "dev").glob("*.yaml")))
    for label, cmd in (
        ("pactlab --help", [exe, "--help"]),
        ("pactlab digest FILE --json", [exe, "digest", target, "--json"]),
        ("python -c pass (floor)", [sys.executable, "-c", "pass"]),
    ):
        wall, cpu = _run(cmd, repeat)
        print(f"{label:32s} wall {wall:.2f} s, CPU {cpu:.2f} s (median of {repeat})")


_FURNITURE = [
    "Skip to main content", "Home | World | Europe | Politics | Business", "Subscribe to our newsletter",
    "We use cookies to improve your experience on our site. By continuing you accept our cookie policy.",
    "Share this article on Facebook, X and LinkedIn",
    "This project is supported by the European Endowment for Democracy and the Open Society Foundations.",
    "How to cite this article: Editorial team (2024). Title of the piece. News portal, 12 May.",
    "Database: Ukraine Support Tracker. Last updated: 2024-05-12. Source: Kiel Institute.",
    "Related articles", "Markets fall as oil prices rise", "© 2024 News portal. All rights reserved.",
]  # fmt: skip


def _page(title: str, text: str) -> str:
    f = [html.escape(x) for x in _FURNITURE]
    body = "".join(f"<p>{html.escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())
    return (
        f"<html><head><title>{html.escape(title)}</title></head><body><div>{f[0]}</div><nav>{f[1]}</nav>"
        f'<div class="cookie">{f[3]}</div><div class="promo">{f[2]}</div>'
        f"<article><h1>{html.escape(title)}</h1>"
        f'{body}<div class="share">{f[4]}</div><p>{f[5]}</p><p>{f[6]}</p><div>{f[7]}</div></article>'
        f"<aside><h3>{f[8]}</h3><ul><li><a href='/a'>{f[9]}</a></li></ul></aside>"
        f"<footer>{f[10]}</footer></body></html>"
    )


def boilerplate() -> None:
    """Article sentences kept and furniture lines leaked, per extractor, on dev texts wrapped in a page."""
    import justext
    import trafilatura

    from pactlab.digest import formats, intake

    texts = _texts()[:40]
    stop = justext.get_stoplist("English")
    extractors = {
        "lxml element-type heuristic": lambda h: formats._lxml_text("x", h)[1],
        "trafilatura": lambda h: trafilatura.extract(h) or "",
        "jusText": lambda h: "\n".join(p.text for p in justext.justext(h, stop) if not p.is_boilerplate),
        "trafilatura + line filter (shipped)": lambda h: intake.clean_text(formats.html_to_text("x", h)[1]),
    }
    for label, extract in extractors.items():
        kept = total = leaked = 0
        for name, text in texts:
            out = " ".join(extract(_page(name, text)).split())
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if len(s.split()) > 3]
            total += len(sentences)
            kept += sum(s[:60] in out for s in sentences)
            leaked += sum(line[:40] in out for line in _FURNITURE[2:])
        print(
            f"{label:38s} sentences kept {kept}/{total}; "
            f"furniture lines leaked {leaked / len(texts):.2f} per page"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--boilerplate", action="store_true")
    args = parser.parse_args()
    print(f"load average: {Path('/proc/loadavg').read_text().split()[:3]}")
    if args.boilerplate:
        boilerplate()
        return
    per_text()
    startup(args.repeat)
    print(f"load average: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()

"""Benchmark: digest a 2,000-word article, without and with the semantic extra (model load included).

Run by hand, once, with nice:  nice python benchmarks/bench_digest.py [--repeat 3]
The article is built from real text: the source article (../shared/docs/source-article.txt) followed by
the evaluation corpus's excerpts, cut at 2,000 words. Each measurement runs in a fresh Python process
(so imports and, for the semantic matcher, loading the packaged model are included) and times
(a) the whole command ``python -m pactlab digest FILE --json`` and (b) the in-process digest call
after imports. Targets (issue 8): under 2 s without the semantic extra, under 5 s with it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT.parent / "shared" / "docs" / "source-article.txt"
CORPUS = ROOT / "tests" / "digest" / "corpus"

_INNER = """
import sys, time
t0 = time.perf_counter()
from pactlab.digest import digest_file
t1 = time.perf_counter()
d = digest_file(sys.argv[1])
t2 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {int(d.semantic)} {len(d.sentences)}")
"""


def build_article(words: int = 2000) -> str:
    parts = [ARTICLE.read_text(encoding="utf-8")] if ARTICLE.is_file() else []
    parts += [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("0*.txt"))]
    tokens = "\n\n".join(parts).split(" ")
    return " ".join(tokens[:words])


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = build_article()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "article.txt"
        path.write_text(text, encoding="utf-8")
        print(f"article: {len(text.split())} words, {len(text)} characters")
        for label, flag in (("lexical only", "0"), ("with semantic extra", "1")):
            env = dict(
                os.environ, PYTHONPATH=str(ROOT / "src"), PACTLAB_DIGEST_SEMANTIC=flag, HF_HUB_OFFLINE="1"
            )
            if flag == "1":
                env.pop("PACTLAB_DIGEST_SEMANTIC")
            cli, inner = [], []
            for _ in range(args.repeat):
                seconds, out = _run([sys.executable, "-m", "pactlab", "digest", str(path), "--json"], env)
                json.loads(out)
                cli.append(seconds)
                _, out = _run([sys.executable, "-c", _INNER, str(path)], env)
                imports, call, semantic, n = out.split()
                inner.append((float(imports), float(call), semantic))
            print(
                f"{label}: CLI wall {statistics.median(cli):.2f} s (median of {args.repeat}; "
                f"min {min(cli):.2f}, max {max(cli):.2f}); in-process imports "
                f"{statistics.median(i[0] for i in inner):.2f} s + digest "
                f"{statistics.median(i[1] for i in inner):.2f} s; semantic used: {inner[0][2]}; "
                f"{n} sentences"
            )


if __name__ == "__main__":
    main()

"""Precision and recall of ``pactlab digest`` on the hand-labelled evaluation corpus.

Run by hand:  python benchmarks/eval_digest.py [--semantic] [--corpus tests/digest/corpus]
Prints per-instrument precision/recall, overall instrument and actor figures, and each text's errors.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pactlab.digest.evaluation import evaluate_corpus

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "digest" / "corpus")
    parser.add_argument("--semantic", action="store_true", help="also use the semantic matcher")
    args = parser.parse_args()
    ev = evaluate_corpus(args.corpus, semantic=args.semantic)
    print(f"matcher: {'lexical + semantic' if args.semantic else 'lexical'}")
    print(f"{'instrument':32s} {'tp':>3s} {'fp':>3s} {'fn':>3s} {'precision':>9s} {'recall':>7s}")
    for kind, c in ev.instruments.items():
        print(f"{kind:32s} {c.tp:3d} {c.fp:3d} {c.fn:3d} {c.precision:9.2f} {c.recall:7.2f}")
    a, i = ev.actors, ev.instruments_all
    print(f"{'ALL INSTRUMENTS (micro)':32s} {i.tp:3d} {i.fp:3d} {i.fn:3d} {i.precision:9.2f} {i.recall:7.2f}")
    print(f"{'ACTORS (micro)':32s} {a.tp:3d} {a.fp:3d} {a.fn:3d} {a.precision:9.2f} {a.recall:7.2f}")
    print("\nerrors per text:")
    for name, errs in ev.errors.items():
        shown = {k: v for k, v in errs.items() if v}
        print(f"  {name}: {shown or 'none'}")


if __name__ == "__main__":
    main()

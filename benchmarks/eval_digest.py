"""Precision and recall of ``pactlab digest`` on the labelled texts, by k-fold cross-validation.

Run by hand:
  python benchmarks/eval_digest.py                      5-fold CV on tests/digest/data/dev
  python benchmarks/eval_digest.py --fit                refit the shipped cue fit on the whole dev set
  python benchmarks/eval_digest.py --heldout            score the held-out set ONCE with the shipped fit
  python benchmarks/eval_digest.py --shipped            score the dev set with the shipped fit (optimistic)
Prints per-instrument precision/recall, overall instrument and actor figures, status accuracy, the
instrument tags of every hard negative, and each text's errors.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pactlab.digest.evaluation import Evaluation, cross_validate, evaluate, load_labelled
from pactlab.digest.model import fit_cues

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "digest" / "data"
FIT = ROOT / "src" / "pactlab" / "digest" / "cue_fit.json"


def report(ev: Evaluation, label: str) -> None:
    print(label)
    print(f"{'instrument':32s} {'tp':>3s} {'fp':>3s} {'fn':>3s} {'precision':>9s} {'recall':>7s}")
    for kind, c in ev.instruments.items():
        print(f"{kind:32s} {c.tp:3d} {c.fp:3d} {c.fn:3d} {c.precision:9.3f} {c.recall:7.3f}")
    a, i = ev.actors, ev.instruments_all
    print(f"{'ALL INSTRUMENTS (micro)':32s} {i.tp:3d} {i.fp:3d} {i.fn:3d} {i.precision:9.3f} {i.recall:7.3f}")
    print(f"{'ACTORS (micro)':32s} {a.tp:3d} {a.fp:3d} {a.fn:3d} {a.precision:9.3f} {a.recall:7.3f}")
    print(
        f"status accuracy on true-positive instruments: {ev.status_right}/{ev.status_total} "
        f"= {ev.status_accuracy:.3f}"
    )
    tagged = {k: v for k, v in ev.negative_tags.items() if v}
    print(f"hard negatives: {len(ev.negative_tags)}, with instrument tags: {len(tagged)} {tagged or ''}")
    print("\nerrors per text:")
    for name, errs in ev.errors.items():
        shown = {k: v for k, v in errs.items() if v}
        if shown:
            print(f"  {name}: {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fit", action="store_true", help="refit the shipped cue fit on the dev set")
    parser.add_argument("--heldout", action="store_true", help="score the held-out set with the shipped fit")
    parser.add_argument("--shipped", action="store_true", help="score the dev set with the shipped fit")
    args = parser.parse_args()
    dev = load_labelled(DATA / "dev")
    if args.fit:
        fit = fit_cues(
            ((t.text, t.instruments) for t in dev), trained_on=f"tests/digest/data/dev ({len(dev)} texts)"
        )
        FIT.write_text(json.dumps(fit.to_dict(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {FIT}: {len(fit.disabled)} cues disabled: {sorted(fit.disabled)}")
        return
    if args.heldout:
        report(evaluate(load_labelled(DATA / "heldout")), "HELD-OUT set, shipped fit (score once)")
        return
    if args.shipped:
        report(evaluate(dev), "dev set, shipped fit (fitted on these texts: optimistic)")
        return
    report(
        cross_validate(dev, args.folds, rng=args.seed),
        f"dev set, {args.folds}-fold cross-validation (seed {args.seed})",
    )


if __name__ == "__main__":
    main()

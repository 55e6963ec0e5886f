#!/usr/bin/env python3
"""Aligns every bundled corpus pair (corpora/en-LANG/en.txt with LANG.txt, split by talign) and
scores the result against its gold beads with `talign eval`. The strict F1 must reach the floor
below: measured values minus a small margin, so that a regression of the aligner fails.

Usage: corpora_align_test.py PATH_TO_TALIGN
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Strict F1 floors per pair (measured on the raw texts: en-fr 0.938, en-de 1.000, en-ar 0.967,
# en-zh 0.978, en-ru 0.968 since the lexicon scores both directions). en-fr was 0.95 before the
# model fitted per document; en-zh 0.909 before the two-way lexicon (a correct key, 白沙 =
# Baisha, in two adjacent sentences turned the gold 2-2 bead into 2-1 + 1-2).
FLOORS = {
    "en-fr": 0.92,
    "en-de": 0.93,
    "en-ar": 0.93,
    "en-zh": 0.95,
    "en-ru": 0.93,
}


def main():
    talign = sys.argv[1]
    passed = failed = 0
    for pair, floor in FLOORS.items():
        directory = os.path.join(ROOT, "corpora", pair)
        lang = pair.split("-", 1)[1]
        src = os.path.join(directory, "en.txt")
        tgt = os.path.join(directory, f"{lang}.txt")
        gold = os.path.join(directory, "gold.beads")
        if not all(os.path.exists(p) for p in (src, tgt, gold)):
            print(f"FAIL {pair}: missing files in {directory}")
            failed += 1
            continue
        aligned = subprocess.run([talign, "align", "-s", "en", "-t", lang, src, tgt],
                                 capture_output=True)
        if aligned.returncode != 0:
            print(f"FAIL {pair}: talign align exit {aligned.returncode}: "
                  f"{aligned.stderr.decode('utf-8', 'replace').strip()}")
            failed += 1
            continue
        scored = subprocess.run([talign, "eval", "-g", gold, "-t", "-"], input=aligned.stdout,
                                capture_output=True)
        last = scored.stdout.decode().strip().split("\n")[-1]
        match = re.fullmatch(r"strict_f1=(\d\.\d+) lax_f1=(\d\.\d+)", last)
        if scored.returncode != 0 or not match:
            print(f"FAIL {pair}: talign eval exit {scored.returncode}: {last!r} "
                  f"{scored.stderr.decode('utf-8', 'replace').strip()}")
            failed += 1
            continue
        strict, lax = float(match.group(1)), float(match.group(2))
        # A warning from eval means the alignment does not cover the gold's sentences.
        warning = scored.stderr.decode("utf-8", "replace").strip()
        ok = strict >= floor and not warning
        status = "ok  " if ok else "FAIL"
        print(f"{status} {pair}: strict F1 {strict:.3f} lax F1 {lax:.3f} (floor {floor:.2f})"
              + (f" {warning}" if warning else ""))
        if ok:
            passed += 1
        else:
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main())

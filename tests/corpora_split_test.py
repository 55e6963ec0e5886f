#!/usr/bin/env python3
"""Splits every bundled corpus document (corpora/*/LANG.txt) and compares the result with its gold
segmentation (LANG.sent): sentences and paragraph breaks must match exactly.

Usage: corpora_split_test.py PATH_TO_TALIGN
"""
import glob
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    talign = sys.argv[1]
    texts = sorted(glob.glob(os.path.join(ROOT, "corpora", "*", "*.txt")))
    if not texts:
        print("no corpora found")
        return 1
    passed = failed = 0
    for txt in texts:
        lang = os.path.splitext(os.path.basename(txt))[0]
        name = os.path.relpath(txt, ROOT)
        result = subprocess.run([talign, "split", "--lang", lang, txt], capture_output=True)
        with open(txt[:-4] + ".sent", "rb") as f:
            gold = f.read()
        if result.returncode == 0 and result.stdout == gold:
            passed += 1
            sentences = sum(1 for line in gold.decode("utf-8").split("\n") if line)
            print(f"ok   {name}: {sentences} sentences")
            continue
        failed += 1
        got = result.stdout.decode("utf-8", "replace").split("\n")
        want = gold.decode("utf-8").split("\n")
        print(f"FAIL {name} (exit {result.returncode}) {result.stderr.decode().strip()}")
        for i, (g, w) in enumerate(zip(got, want)):
            if g != w:
                print(f"  line {i + 1}:\n    got:  {g}\n    gold: {w}")
                break
        else:
            print(f"  got {len(got)} lines, gold {len(want)}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Property tests of the command line on random document pairs and random options.

Documents are drawn from the gold translation units of the bundled corpora (en-fr, en-de,
en-ru, en-ar, en-zh), with random drops (a sentence without translation), insertions, merges,
swapped units and paragraph breaks, written as raw text or one sentence per line. Options are
random too: --presplit/--paragraphs, the model switches, --max-memory (sometimes low enough
for the reduced search), the output format. For every case:

- every input sentence appears exactly once in the beads, in order (beads are monotone), and
  every score is in [0, 1] (beads and jsonl);
- two runs write the same bytes (every format);
- `talign batch` writes the same bytes with -j1 and -j2, and the same as `talign align`.

The seeds are fixed (base TALIGN_PROPERTY_SEED, default 7001): a failure names its case's seed,
and TALIGN_PROPERTY_SEED=that-seed TALIGN_PROPERTY_CASES=1 reruns just that case. Without
TALIGN_PROPERTY_CASES there are 12 cases, scaled by TALIGN_TEST_ROUNDS (scripts/test lowers it
for the sanitizer run: the first cases of the 12).

Usage: property_cli_test.py PATH_TO_TALIGN
"""
import json
import os
import random
import re
import subprocess

import talign_testing
from talign_testing import CliTestCase

HERE = os.path.dirname(os.path.abspath(__file__))
CORPORA = os.path.join(os.path.dirname(HERE), "corpora")
LANGS = ["fr", "de", "ru", "ar", "zh"]
BASE_SEED = int(os.environ.get("TALIGN_PROPERTY_SEED", "7001"))
CASES = int(os.environ.get("TALIGN_PROPERTY_CASES", talign_testing.scaled_rounds(12)))
DATE = "2024-05-06"
BEAD = re.compile(r"^\[([\d, ]*)\]:\[([\d, ]*)\]:(\d\.\d{3})$")
FORMATS = ["beads", "text", "tmx", "tsv", "jsonl", "ladder", "xces", "moses"]
EXTENSION = {"beads": "beads", "text": "txt", "tmx": "tmx", "tsv": "tsv", "jsonl": "jsonl",
             "ladder": "ladder", "xces": "xces"}


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def gold_units(lang):
    """The corpus's gold beads as (source sentences, target sentences) units."""
    d = os.path.join(CORPORA, "en-" + lang)
    src = [s for s in read_text(os.path.join(d, "en.sent")).splitlines() if s.strip()]
    tgt = [s for s in read_text(os.path.join(d, lang + ".sent")).splitlines() if s.strip()]
    units = []
    for line in read_text(os.path.join(d, "gold.beads")).splitlines():
        m = re.fullmatch(r"\[([\d, ]*)\]:\[([\d, ]*)\]", line.strip())
        if m:
            ids = [[int(x) for x in g.split(",") if x.strip()] for g in m.groups()]
            units.append(([src[i] for i in ids[0]], [tgt[j] for j in ids[1]]))
    return units


UNITS = {lang: gold_units(lang) for lang in LANGS}


def random_pair(rng, lang):
    """(source paragraphs, target paragraphs): lists of lists of sentences."""
    units = UNITS[lang]
    start = rng.randrange(len(units))
    chosen = [units[(start + k) % len(units)] for k in range(rng.randint(1, 2 * len(units)))]
    src, tgt = [[]], [[]]
    k = 0
    while k < len(chosen):
        s, t = list(chosen[k][0]), list(chosen[k][1])
        r = rng.random()
        if r < 0.08:
            t = []  # the translation left it out
        elif r < 0.16:
            s = []  # only the translation has it
        elif r < 0.24 and len(t) > 1:
            t = [" ".join(t)]  # merged
        elif r < 0.32 and k + 1 < len(chosen):
            # Two units swapped on the target side: no monotone alignment gets both right.
            s += chosen[k + 1][0]
            t = list(chosen[k + 1][1]) + t
            k += 1
        src[-1] += s
        tgt[-1] += t
        for side in (src, tgt):
            if side[-1] and rng.random() < 0.1:
                side.append([])
        k += 1
    return [p for p in src if p], [p for p in tgt if p]


def write_document(path, paragraphs, presplit, lang):
    joiner = "" if lang == "zh" else " "
    with open(path, "w", encoding="utf-8") as f:
        if presplit:
            f.write("\n\n".join("\n".join(p) for p in paragraphs) + "\n")
        else:
            f.write("\n\n".join(joiner.join(p) for p in paragraphs) + "\n")


def random_options(rng):
    options = []
    presplit = rng.random() < 0.5
    if presplit:
        options.append("--presplit")
        if rng.random() < 0.5:
            options.append("--paragraphs")
    for switch in ("--no-length", "--no-anchors", "--no-lexicon", "--no-paragraph-first"):
        if rng.random() < 0.2:
            options.append(switch)
    # Over the estimate for the whole-matrix search of these documents sometimes: the reduced
    # search must keep every property.
    options += ["--max-memory", rng.choice(["0", "4G", "64M", "24M", "18M"])]
    return presplit, options


def parse_beads(data):
    beads = []
    for line in data.decode("utf-8").splitlines():
        m = BEAD.match(line)
        assert m, f"not a bead line: {line!r}"
        ids = [[int(x) for x in g.split(",") if x.strip()] for g in m.groups()[:2]]
        beads.append((ids[0], ids[1], float(m.group(3))))
    return beads


class PropertyTest(CliTestCase):
    def talign(self, *args):
        r = subprocess.run([talign_testing.TALIGN, *args], capture_output=True)
        self.assertEqual(r.returncode, 0, f"talign {' '.join(args)}: {r.stderr.decode()}")
        return r

    def count(self, path, lang, presplit):
        if presplit:
            return sum(1 for line in read_text(path).splitlines() if line.strip())
        return len(self.talign("split", "-q", "--no-paragraphs", "--lang", lang, path)
                   .stdout.splitlines())

    def assert_covers(self, beads, n, m):
        """Each sentence once, in order (so the beads are monotone); no empty bead; scores in
        [0, 1]."""
        self.assertEqual([i for s, _, _ in beads for i in s], list(range(n)))
        self.assertEqual([j for _, t, _ in beads for j in t], list(range(m)))
        for s, t, score in beads:
            self.assertTrue(s or t, "empty bead")
            self.assertTrue(0.0 <= score <= 1.0, score)

    def outputs(self, prefix, fmt, lang):
        paths = [f"{prefix}.en", f"{prefix}.{lang}"] if fmt == "moses" else [prefix]
        contents = []
        for path in paths:
            with open(path, "rb") as f:
                contents.append(f.read())
        return contents

    def make_case(self, seed):
        rng = random.Random(seed)
        lang = rng.choice(LANGS)
        presplit, options = random_options(rng)
        src_paragraphs, tgt_paragraphs = random_pair(rng, lang)
        case = os.path.join(self.dir, f"case{seed}")
        src, tgt = case + ".en", case + "." + lang
        write_document(src, src_paragraphs, presplit, "en")
        write_document(tgt, tgt_paragraphs, presplit, lang)
        fmt = rng.choice(FORMATS)
        return lang, presplit, options, src, tgt, fmt

    def test_random_documents_and_options(self):
        cases = []
        for k in range(CASES):
            seed = BASE_SEED + k
            with self.subTest(seed=seed):
                lang, presplit, options, src, tgt, fmt = self.make_case(seed)
                cases.append((seed, lang, presplit, options, src, tgt, fmt))
                common = ["align", "-s", "en", "-t", lang, "--date", DATE, "-q", *options, src, tgt]
                n, m = self.count(src, "en", presplit), self.count(tgt, lang, presplit)
                beads = parse_beads(self.talign(*common).stdout)
                self.assert_covers(beads, n, m)
                # The case's format, twice: the same bytes.
                runs = []
                for run in range(2):
                    prefix = os.path.join(self.dir, f"out{seed}-{run}")
                    self.talign(*common, "--format", fmt, "-o", prefix)
                    runs.append(self.outputs(prefix, fmt, lang))
                self.assertEqual(runs[0], runs[1], f"seed {seed}: two runs differ ({fmt})")
                if fmt == "jsonl":
                    records = [json.loads(line) for line in runs[0][0].splitlines()]
                    self.assert_covers([(r["src_ids"], r["tgt_ids"], r["score"])
                                        for r in records], n, m)
        self.check_batch(cases)

    def check_batch(self, cases):
        """Per option set: batch -j1, batch -j2 and align write the same bytes."""
        rng = random.Random(BASE_SEED)
        for group in range(2):
            _, options = random_options(rng)
            options = [o for o in options if o not in ("--presplit", "--paragraphs")]
            fmt = rng.choice(FORMATS)
            with self.subTest(batch=group, options=options, format=fmt):
                lines, outputs = [], []
                for seed, lang, presplit, _, src, tgt, _ in cases:
                    if presplit:
                        continue  # batch options are global: raw text only here
                    name = f"b{group}-{seed}" + ("" if fmt == "moses" else "." + EXTENSION[fmt])
                    lines.append((src, tgt, name, lang))
                manifests = {}
                for jobs in ("1", "2"):
                    out_dir = os.path.join(self.dir, f"batch{group}-j{jobs}")
                    os.mkdir(out_dir)
                    manifest = os.path.join(out_dir, "manifest.tsv")
                    with open(manifest, "w", encoding="utf-8") as f:
                        for src, tgt, name, lang in lines:
                            f.write(f"{src}\t{tgt}\t{os.path.join(out_dir, name)}\ten\t{lang}\n")
                    r = subprocess.run([talign_testing.TALIGN, "batch", "-j", jobs, "-q", "--date",
                                        DATE, "--format", fmt, *options, manifest],
                                       capture_output=True)
                    self.assertEqual(r.returncode, 0, r.stderr.decode())
                    manifests[jobs] = out_dir
                for src, tgt, name, lang in lines:
                    j1 = self.outputs(os.path.join(manifests["1"], name), fmt, lang)
                    j2 = self.outputs(os.path.join(manifests["2"], name), fmt, lang)
                    self.assertEqual(j1, j2, f"{name}: -j1 and -j2 differ")
                    prefix = os.path.join(self.dir, "align-" + name)
                    self.talign("align", "-s", "en", "-t", lang, "--date", DATE, "-q", *options,
                                "--format", fmt, src, tgt, "-o", prefix)
                    self.assertEqual(self.outputs(prefix, fmt, lang), j1,
                                     f"{name}: batch and align differ")
                    outputs.append(name)
                self.assertTrue(outputs or not lines)


if __name__ == "__main__":
    talign_testing.main(__doc__)

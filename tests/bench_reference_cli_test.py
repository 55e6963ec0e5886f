#!/usr/bin/env python3
"""The benchmarks' own pieces are right (no timing here; the scripts print figures):
talign-dp-ref (tools/bench_dp_reference.cc) finds the best path a plain Python DP over the whole
matrix finds, covers every sentence once in order, places its band as documented and counts
graphemes; scripts/bench_common.py's concatenation keeps every gold bead on the sentences it
paired and cuts at a bead boundary.

Usage: bench_reference_cli_test.py PATH_TO_TALIGN_DP_REF
"""
import math
import os
import random
import sys

import talign_testing
from talign_testing import CliTestCase

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import bench_common  # noqa: E402

SHAPES = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3), (3, 2), (2, 3),
          (4, 1), (1, 4)]
PRIORS = [0.75, 0.02, 0.02, 0.06, 0.06, 0.02, 0.015, 0.015, 0.006, 0.006, 0.004, 0.004]


def best_score(src, tgt, variance=6.8):
    """The best path's score over the whole matrix, as documented in bench_dp_reference.cc."""
    c = sum(tgt) / sum(src)
    ps, pt = [0], [0]
    for x in src:
        ps.append(ps[-1] + x)
    for x in tgt:
        pt.append(pt[-1] + x)
    n, m = len(src), len(tgt)
    score = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    score[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for (a, b), prior in zip(SHAPES, PRIORS):
                if a <= i and b <= j and score[i - a][j - b] > -math.inf:
                    ls, lt = ps[i] - ps[i - a], pt[j] - pt[j - b]
                    r = lt - c * ls
                    value = score[i - a][j - b] + math.log(prior) - 0.5 * r * r / variance / (
                        ls + lt / c)
                    score[i][j] = max(score[i][j], value)
    return score[n][m]


class DpReferenceTest(CliTestCase):
    def reference(self, src, tgt, *options, lengths=True):
        """Runs talign-dp-ref on two sides (numbers with --lengths, else sentences); returns its
        figures and beads."""
        a = self.write("a", "\n".join(map(str, src)) + "\n")
        b = self.write("b", "\n".join(map(str, tgt)) + "\n")
        out = os.path.join(self.dir, "out.beads")
        result = talign_testing.run(*(["--lengths"] if lengths else []), *options, "-o", out, a, b)
        self.assertEqual(result.returncode, 0, result.stderr)
        figures = dict(item.split("=") for item in result.stdout.decode().split())
        return figures, bench_common.parse_beads(out)

    def assert_covers(self, beads, n, m):
        self.assertEqual([i for s, _ in beads for i in s], list(range(n)))
        self.assertEqual([k for _, t in beads for k in t], list(range(m)))
        for s, t in beads:
            self.assertIn((len(s), len(t)), SHAPES)

    def test_best_path_of_the_whole_matrix(self):
        for seed in range(4):
            rng = random.Random(seed)
            src = [rng.randint(5, 120) for _ in range(rng.randint(20, 60))]
            tgt = [rng.randint(5, 120) for _ in range(rng.randint(20, 60))]
            figures, beads = self.reference(src, tgt)
            self.assertEqual(figures["whole"], "1")
            self.assertAlmostEqual(float(figures["score"]), best_score(src, tgt), delta=0.01)
            self.assert_covers(beads, len(src), len(tgt))
            self.assertEqual(int(figures["beads"]), len(beads))
            self.assertEqual(int(figures["cells"]), (len(src) + 1) * (len(tgt) + 1))
            self.assertEqual(float(figures["dp_cells"]), 12 * int(figures["cells"]))

    def test_band_around_the_diagonal(self):
        rng = random.Random(7)
        src = [rng.randint(5, 120) for _ in range(300)]
        tgt = [rng.randint(5, 120) for _ in range(330)]
        figures, beads = self.reference(src, tgt, "--full-matrix-cells", "0")
        self.assertEqual((figures["whole"], figures["half_width"]), ("0", "24"))
        self.assertLess(int(figures["cells"]), 301 * 49 + 2 * 330)
        self.assertGreater(int(figures["cells"]), 301 * 49 - 2 * 330)
        self.assert_covers(beads, 300, 330)
        # At least 3 x the columns per row, as talign's search widens it.
        figures, beads = self.reference(src[:30], tgt, "--full-matrix-cells", "0")
        self.assertEqual(figures["half_width"], str(3 * math.ceil(331 / 31)))
        self.assert_covers(beads, 30, 330)

    def test_graphemes_of_sentences(self):
        # "a" + combining acute is one grapheme; spaces do not count; a Han character is one.
        sentences = ["Abc de.", "a\u0301b", "日本 語", "x"]
        lengths = [6, 2, 3, 1]
        as_text, _ = self.reference(sentences, sentences[::-1], lengths=False)
        as_numbers, _ = self.reference(lengths, lengths[::-1])
        self.assertEqual(as_text["score"], as_numbers["score"])


class ConcatenateTest(CliTestCase):
    def test_gold_follows_its_sentences(self):
        corpus = bench_common.real_corpus()
        for size in (150, 1000):
            src, tgt, gold = bench_common.concatenate(corpus, size, random.Random(size))
            self.assertLessEqual(len(src), size)
            self.assertGreater(len(src), size - 5)
            texts = {(tuple(d.src[i] for i in s), tuple(d.tgt[k] for k in t))
                     for d in corpus.documents for s, t in d.beads}
            path = self.write("gold", "\n".join(gold) + "\n")
            for s, t in bench_common.parse_beads(path):
                self.assertIn((tuple(src[i] for i in s), tuple(tgt[k] for k in t)), texts)


if __name__ == "__main__":
    talign_testing.main(__doc__)

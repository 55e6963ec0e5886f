#!/usr/bin/env python3
"""End-to-end tests of hunalign's paragraph markers (issue 15, point 14): in `--presplit` input
a line that is exactly `<p>` is a paragraph marker. Markers pair with markers and never with
text, keep their line numbers in beads and ladders, never reach TMX, Moses, TSV, JSON Lines or
text output, and `talign eval` scores marker beads like any other; `--no-p-markers` reads such
lines as text. The documents and the expected beads are written here by hand.

Usage: p_markers_cli_test.py PATH_TO_TALIGN
"""
import json
import os
import re

import talign_testing
from talign_testing import CliTestCase, run

# A source with four markers; the target lacks the last one (its translator joined the last two
# paragraphs). Line numbers are the sentence ids.
EN = """<p>
The village lies at the foot of the mountain.
About 400 people live there all year.
<p>
In winter the road is often closed by snow.
The bus then stops in the next valley.
Children walk two kilometres to school.
<p>
The church was built in 1782.
Its tower can be seen from far away.
<p>
Visitors come mostly in summer.
"""
FR = """<p>
Le village se trouve au pied de la montagne.
Environ 400 personnes y vivent toute l'année.
<p>
En hiver, la route est souvent fermée par la neige.
Le bus s'arrête alors dans la vallée voisine.
Les enfants marchent deux kilomètres jusqu'à l'école.
<p>
L'église a été construite en 1782.
Son clocher se voit de très loin.
Les visiteurs viennent surtout en été.
"""
EN_MARKERS = {0, 3, 7, 10}
FR_MARKERS = {0, 3, 7}
# The alignment by construction: markers 0, 3, 7 pair, source marker 10 has no partner.
EXPECTED = [([0], [0]), ([1], [1]), ([2], [2]), ([3], [3]), ([4], [4]), ([5], [5]), ([6], [6]),
            ([7], [7]), ([8], [8]), ([9], [9]), ([10], []), ([11], [10])]


def parse_beads(text):
    """[(src ids, tgt ids)] of a beads file (scores dropped)."""
    beads = []
    for line in text.splitlines():
        m = re.fullmatch(r"\[([0-9, ]*)\]:\[([0-9, ]*)\](?::[0-9.]+)?", line)
        assert m, line
        ids = lambda s: [int(x) for x in s.split(",") if x.strip()]
        beads.append((ids(m.group(1)), ids(m.group(2))))
    return beads


def text_lines(document):
    return [line for line in document.splitlines() if line != "<p>"]


class PMarkersTest(CliTestCase):
    def setUp(self):
        super().setUp()
        self.en = self.write("doc.en", EN)
        self.fr = self.write("doc.fr", FR)

    def align(self, *options):
        r = run("align", "-q", "--presplit", "-s", "en", "-t", "fr", "--date", "2024-01-01",
                self.en, self.fr, *options)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.decode("utf-8")

    def test_beads_keep_line_numbers_and_markers_pair_with_markers(self):
        beads = parse_beads(self.align())
        self.assertEqual(beads, EXPECTED)
        # Every line once, markers only with markers.
        self.assertEqual([i for s, _ in beads for i in s], list(range(len(EN.splitlines()))))
        self.assertEqual([j for _, t in beads for j in t], list(range(len(FR.splitlines()))))
        for s, t in beads:
            markers = len(set(s) & EN_MARKERS) + len(set(t) & FR_MARKERS)
            if markers:
                self.assertEqual(markers, len(s) + len(t), (s, t))
                self.assertLessEqual(len(s), 1)
                self.assertLessEqual(len(t), 1)

    def test_ladder_and_xces_keep_line_numbers(self):
        rungs = [tuple(int(x) for x in line.split("\t")[:2])
                 for line in self.align("-f", "ladder").splitlines()]
        # A rung where each bead starts (a lone marker's empty side at its position), then
        # the end rung: the line counts.
        self.assertEqual(rungs, [(i, i) for i in range(10)] + [(10, 10), (11, 10), (12, 11)])
        xces = self.align("-f", "xces")
        self.assertIn('xtargets="1;1"', xces)     # the first marker pair, 1-based
        self.assertIn('xtargets="11;"', xces)     # the lone source marker
        self.assertEqual(xces.count("<link "), len(EXPECTED))

    def test_text_formats_never_carry_markers(self):
        for fmt, options in [("tsv", []), ("tsv", ["--keep-unmatched"]), ("text", []),
                             ("tmx", []), ("tmx", ["--keep-unmatched"]), ("jsonl", [])]:
            with self.subTest(fmt=fmt, options=options):
                out = self.align("-f", fmt, *options)
                self.assertNotIn("<p>", out)
                self.assertNotIn("&lt;p&gt;", out)
                for line in text_lines(EN) + text_lines(FR):
                    self.assertIn(line, out)
        tsv = self.align("-f", "tsv").splitlines()
        self.assertEqual(len(tsv), 8)  # the eight sentence pairs; no marker row
        self.assertEqual(tsv[0].split("\t")[:2], ["The village lies at the foot of the mountain.",
                                                  "Le village se trouve au pied de la montagne."])
        records = [json.loads(line) for line in self.align("-f", "jsonl").splitlines()]
        self.assertEqual([(r["src_ids"], r["tgt_ids"]) for r in records],
                         [b for b in EXPECTED if not (set(b[0]) & EN_MARKERS)])
        tmx = self.align("-f", "tmx")
        self.assertEqual(tmx.count("<tu "), 8)
        prefix = os.path.join(self.dir, "moses")
        self.align("-f", "moses", "-o", prefix)
        for lang, document in (("en", EN), ("fr", FR)):
            with open(f"{prefix}.{lang}", encoding="utf-8") as f:
                lines = f.read().splitlines()
            self.assertEqual(lines, text_lines(document))

    def test_no_p_markers_reads_them_as_text(self):
        beads = parse_beads(self.align("--no-p-markers"))
        self.assertEqual([i for s, _ in beads for i in s], list(range(12)))
        self.assertEqual([j for _, t in beads for j in t], list(range(11)))
        text = self.align("--no-p-markers", "-f", "text")
        self.assertIn("<p>", text)
        # Without --presplit there are no <p> lines to read: a usage error.
        r = run("align", "-s", "en", "-t", "fr", "--no-p-markers", self.en, self.fr)
        self.assert_one_line_error(r, 2, "--no-p-markers")

    def test_eval_counts_marker_beads(self):
        test = self.write("test.beads", self.align())
        gold_lines = [f"[{', '.join(map(str, s))}]:[{', '.join(map(str, t))}]"
                      for s, t in EXPECTED]
        gold = self.write("gold.beads", "\n".join(gold_lines) + "\n")
        r = run("eval", "-g", gold, "-t", test)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.decode().endswith("strict_f1=1.000 lax_f1=1.000\n"),
                        r.stdout)
        # Gold that leaves the first two markers unpaired: the test's marker pair counts as a
        # wrong bead (precision 11/12), as it would in hunalign-style scoring.
        other = ["[0]:[]", "[]:[0]"] + gold_lines[1:]
        gold2 = self.write("gold2.beads", "\n".join(other) + "\n")
        r = run("eval", "-g", gold2, "-t", test)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("strict P/R/F1 0.917/1.000/0.957", r.stdout.decode())

    def test_stream_and_batch(self):
        record = json.dumps({"id": 7, "src": EN, "tgt": FR, "src_lang": "en", "tgt_lang": "fr"})
        r = run("stream", "-q", "--presplit", stdin=(record + "\n").encode())
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        self.assertNotIn("<p>", json.dumps(out, ensure_ascii=False))
        self.assertEqual([(b["src_ids"], b["tgt_ids"]) for b in out["beads"]],
                         [b for b in EXPECTED if not (set(b[0]) & EN_MARKERS)])
        r = run("stream", "-q", "--presplit", "--no-p-markers", stdin=(record + "\n").encode())
        self.assertIn("<p>", r.stdout.decode("utf-8"))
        out_beads = os.path.join(self.dir, "out.beads")
        manifest = self.write("manifest.tsv", f"{self.en}\t{self.fr}\t{out_beads}\ten\tfr\n")
        r = run("batch", "-q", "-j1", "--presplit", manifest)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out_beads, encoding="utf-8") as f:
            self.assertEqual(parse_beads(f.read()), EXPECTED)

    def test_report_shows_markers_as_markers(self):
        page = os.path.join(self.dir, "page.html")
        self.align("-f", "html", "-o", page)
        with open(page, encoding="utf-8") as f:
            html = f.read()
        data = json.loads(re.search(r'id="talign-data">(.*?)</script>', html, re.S).group(1))
        self.assertEqual(data["src_markers"], sorted(EN_MARKERS))
        self.assertEqual(data["tgt_markers"], sorted(FR_MARKERS))
        # talign report on the beads reads the documents the same way.
        beads = self.write("a.beads", self.align())
        r = run("report", "-q", "--presplit", "-s", "en", "-t", "fr", self.en, self.fr, beads,
                "-o", os.path.join(self.dir, "report.html"))
        self.assertEqual(r.returncode, 0, r.stderr)


if __name__ == "__main__":
    talign_testing.main(__doc__)

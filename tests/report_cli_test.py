#!/usr/bin/env python3
"""End-to-end tests of the review report without a browser: `talign align --report`,
`--format html`, `talign report SRC TGT BEADS` and batch's .html outputs carry the alignment
they were made from; bad beads files and option mistakes are one-line errors with nothing
written; the page is byte-identical across runs under SOURCE_DATE_EPOCH.

The page's data is the JSON in its <script id="talign-data">; the expected beads come from
talign's own --format beads output of the same run or from the corpora's gold files.
(tests/report_browser_test.py drives the page itself in Chromium.)

Usage: report_cli_test.py PATH_TO_TALIGN
"""
import json
import os
import re

import talign_testing
from talign_testing import CliTestCase, run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPORA = os.path.join(ROOT, "corpora")
DATA_RE = re.compile(rb'<script type="application/json" id="talign-data">(.*?)</script>', re.S)


def page_data(path):
    with open(path, "rb") as f:
        match = DATA_RE.search(f.read())
    assert match, f"no data script in {path}"
    return json.loads(match.group(1))


def parse_beads(text):
    """[(src ids, tgt ids, score or None)] from a beads file's text."""
    beads = []
    for line in text.splitlines():
        m = re.fullmatch(r"\[([\d, ]*)\]:\[([\d, ]*)\](?::(\d\.\d+))?", line.strip())
        assert m, line
        ids = lambda s: [int(x) for x in s.split(",") if x.strip()]
        beads.append((ids(m.group(1)), ids(m.group(2)), m.group(3)))
    return beads


def beads_of_page(data):
    return [(list(range(sb, sb + sc)), list(range(tb, tb + tc)), score)
            for sb, sc, tb, tc, score in data["beads"]]


def corpus(pair, name):
    return os.path.join(CORPORA, pair, name)


class ReportTest(CliTestCase):
    def test_align_report_matches_the_beads_of_the_same_run(self):
        for pair, tgt in [("en-ar", "ar"), ("en-zh", "zh"), ("en-fr", "fr")]:
            with self.subTest(pair=pair):
                beads, html = (os.path.join(self.dir, pair + ext) for ext in (".beads", ".html"))
                r = run("align", "-s", "en", "-t", tgt, corpus(pair, "en.txt"),
                        corpus(pair, tgt + ".txt"), "-o", beads, "--report", html)
                self.assertEqual(r.returncode, 0, r.stderr)
                data = page_data(html)
                with open(beads, encoding="utf-8") as f:
                    expected = parse_beads(f.read())
                self.assertEqual(beads_of_page(data), expected)
                self.assertEqual(data["src_lang"], "en")
                self.assertEqual(data["tgt_lang"], tgt)
                self.assertEqual(data["stem"], pair)
                with open(corpus(pair, "en.sent"), encoding="utf-8") as f:
                    gold_src = [l.strip() for l in f if l.strip()]
                self.assertEqual(data["src"], gold_src)  # the splitting matches the gold
                self.assertGreater(len(data["anchors"]), 3)
                self.assertGreater(len(data["band"]), 0)
                self.assertIsInstance(data["stats"]["seconds"], float)
                self.assertEqual(len(data["src_glue"]), len(data["src"]))

    def test_report_command_reads_gold_beads(self):
        # Gold beads go with the .sent files, one sentence per line: --presplit --paragraphs.
        out = os.path.join(self.dir, "gold.html")
        r = run("report", "-s", "en", "-t", "de", "--presplit", "--paragraphs",
                corpus("en-de", "en.sent"), corpus("en-de", "de.sent"),
                corpus("en-de", "gold.beads"), "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        data = page_data(out)
        with open(corpus("en-de", "gold.beads"), encoding="utf-8") as f:
            gold = parse_beads(f.read())
        self.assertEqual(beads_of_page(data), gold)
        self.assertIsNone(data["stats"]["seconds"])  # not aligned here: no time
        self.assertEqual(data["band"], [])
        self.assertGreater(len(data["src_paragraphs"]), 0)

    def test_report_command_equals_align_report_but_for_the_run_facts(self):
        beads, from_align, from_report = (os.path.join(self.dir, n)
                                          for n in ("a.beads", "a.html", "b.html"))
        src, tgt = corpus("en-ru", "en.txt"), corpus("en-ru", "ru.txt")
        r = run("align", "-s", "en", "-t", "ru", src, tgt, "-o", beads, "--report", from_align)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run("report", "-s", "en", "-t", "ru", src, tgt, beads, "-o", from_report)
        self.assertEqual(r.returncode, 0, r.stderr)
        a, b = page_data(from_align), page_data(from_report)
        for key in ("src", "tgt", "beads", "anchors", "src_glue", "tgt_glue", "src_paragraphs",
                    "tgt_paragraphs"):
            self.assertEqual(a[key], b[key], key)

    def test_format_html_to_stdout_and_batch(self):
        src, tgt = corpus("en-fr", "en.txt"), corpus("en-fr", "fr.txt")
        r = run("align", "-s", "en", "-t", "fr", "-f", "html", src, tgt)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith(b"<!DOCTYPE html>"))
        self.assertIn(b'"stem":"alignment"', r.stdout)
        out = os.path.join(self.dir, "fr-report.html")
        manifest = self.write("m.tsv", f"{src}\t{tgt}\t{out}\ten\tfr\n")
        r = run("batch", manifest, "-q")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertGreater(len(page_data(out)["band"]), 0)

    def test_deterministic_under_source_date_epoch(self):
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        import subprocess
        pages = []
        for k in range(2):
            os.mkdir(os.path.join(self.dir, str(k)))
            out = os.path.join(self.dir, str(k), "report.html")
            subprocess.run([talign_testing.TALIGN, "align", "-s", "en", "-t", "zh",
                            corpus("en-zh", "en.txt"), corpus("en-zh", "zh.txt"), "-o",
                            os.devnull, "--report", out], env=env, check=True)
            with open(out, "rb") as f:
                pages.append(f.read())
        self.assertEqual(pages[0], pages[1])
        self.assertIn(b'"seconds":null', pages[0])
        self.assertIn(b'"creation_date":"20231114T221320Z"', pages[0])

    def test_beads_for_other_documents_are_refused(self):
        # The gold beads of en-de cover its .sent files; the .txt files split the same way, but
        # a beads file that stops one bead short does not cover them.
        out = os.path.join(self.dir, "x.html")
        with open(corpus("en-de", "gold.beads"), encoding="utf-8") as f:
            short = self.write("short.beads", "".join(f.readlines()[:-1]))
        r = run("report", "-s", "en", "-t", "de", corpus("en-de", "en.txt"),
                corpus("en-de", "de.txt"), short, "-o", out)
        self.assert_one_line_error(r, 1, "short.beads", "split with other options?")
        self.assertFalse(os.path.exists(out))

    def test_malformed_and_incomplete_beads_name_the_line(self):
        src, tgt = self.write("s.txt", "One. Two.\n"), self.write("t.txt", "Un. Deux.\n")
        out = os.path.join(self.dir, "x.html")
        bad = self.write("bad.beads", "[0]:[0]\n[1]:[x]\n")
        r = run("report", "-s", "en", "-t", "fr", src, tgt, bad, "-o", out)
        self.assert_one_line_error(r, 1, "bad.beads", "line 2")
        gap = self.write("gap.beads", "[0]:[0]\n[2]:[1]\n")
        r = run("report", "-s", "en", "-t", "fr", src, tgt, gap, "-o", out)
        self.assert_one_line_error(r, 1, "gap.beads", "line 2")
        r = run("report", "-s", "en", "-t", "fr", src, tgt, self.write("ok", "[0]:[0]\n"), "-o", out)
        self.assert_one_line_error(r, 1, "ok", "cover 1 source")
        self.assertFalse(os.path.exists(out))

    def test_missing_files_and_usage_errors(self):
        src, tgt = self.write("s.txt", "One.\n"), self.write("t.txt", "Un.\n")
        beads = self.write("a.beads", "[0]:[0]\n")
        out = os.path.join(self.dir, "x.html")
        r = run("report", "-s", "en", "-t", "fr", src, tgt, os.path.join(self.dir, "none"), "-o", out)
        self.assert_one_line_error(r, 1, "none")
        r = run("report", "-s", "en", "-t", "fr", src, tgt)
        self.assert_one_line_error(r, 2, "missing BEADS")
        r = run("report", "-s", "en", "-t", "fr", src, tgt, beads, "-o", src)
        self.assertEqual(r.returncode, 2, r.stderr)
        r = run("align", "-s", "en", "-t", "fr", src, tgt, "-o", out, "--report", out)
        self.assert_one_line_error(r, 2, "--report")
        r = run("align", "-s", "en", "-t", "fr", src, tgt, "--report", "")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertFalse(os.path.exists(out))
        r = run("report", "-s", "en", "-t", "fr", src, tgt, beads, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(page_data(out)["beads"], [[0, 1, 0, 1, None]])

    def test_unwritable_report_leaves_no_alignment_either(self):
        src, tgt = self.write("s.txt", "One.\n"), self.write("t.txt", "Un.\n")
        out = os.path.join(self.dir, "a.beads")
        r = run("align", "-s", "en", "-t", "fr", src, tgt, "-o", out, "--report",
                os.path.join(self.dir, "no-such-dir", "r.html"))
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(b"no-such-dir", r.stderr)
        self.assertFalse(os.path.exists(out))


if __name__ == "__main__":
    talign_testing.main(__doc__)

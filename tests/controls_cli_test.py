#!/usr/bin/env python3
"""End-to-end test of the one rule for control characters (issue 15, point 3): in every output
that carries text -- split, align's text/tsv/jsonl/moses/tmx, stream, the review report -- a C0
control other than tab, LF and CR comes out as U+FFFD (never raw, never dropped), and the count
is reported once on stderr.

Usage: controls_cli_test.py PATH_TO_TALIGN
"""
import json
import os
import re

import talign_testing
from talign_testing import CliTestCase, run

FFFD = "\ufffd".encode("utf-8")
RAW = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class ControlsTest(CliTestCase):
    def setUp(self):
        super().setUp()
        # A vertical tab, an escape and a SOH: three controls on the source side, one (VT) on
        # the target side. (A form feed is a line break to the input reader.)
        self.src = self.write("en.txt", b"Good\x0bmorning to you. It is a\x1bfine\x01 day.\n")
        self.tgt = self.write("fr.txt", b"Bonjour\x0b a vous. Il fait beau.\n")

    def check_output(self, data, expected_replacements):
        self.assertIsNone(RAW.search(data), data)
        self.assertEqual(data.count(FFFD), expected_replacements, data)

    def test_split(self):
        result = run("split", "-l", "en", self.src)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.check_output(result.stdout, 3)
        self.assertEqual(result.stderr, b"talign: 3 control character(s) written as U+FFFD\n")
        self.assertEqual(run("split", "-q", "-l", "en", self.src).stderr, b"")

    def test_align_formats(self):
        for fmt in ("text", "tsv", "jsonl", "tmx"):
            with self.subTest(format=fmt):
                result = run("align", "-s", "en", "-t", "fr", self.src, self.tgt, "-f", fmt,
                             "--keep-unmatched" if fmt in ("tsv", "tmx") else "-v",
                             "-o", "-")
                self.assertEqual(result.returncode, 0, result.stderr)
                self.check_output(result.stdout, 4)
                self.assertEqual(result.stderr.count(b"control character(s) written as U+FFFD"), 1,
                                 result.stderr)
                self.assertIn(b"talign: 4 control character(s)", result.stderr)
        prefix = os.path.join(self.dir, "m")
        result = run("align", "-s", "en", "-t", "fr", self.src, self.tgt, "-f", "moses",
                     "--keep-unmatched", "-o", prefix)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(prefix + ".en", "rb") as a, open(prefix + ".fr", "rb") as b:
            self.check_output(a.read() + b.read(), 4)

    def test_report(self):
        page = os.path.join(self.dir, "r.html")
        result = run("align", "-q", "-s", "en", "-t", "fr", self.src, self.tgt,
                     "-o", os.path.join(self.dir, "b.beads"), "--report", page)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(page, "rb") as f:
            page_data = f.read()
        data = re.search(rb'<script type="application/json" id="talign-data">(.*?)</script>',
                         page_data, re.S).group(1)
        self.assertIsNone(RAW.search(page_data))
        texts = json.loads(data)
        joined = "".join(texts["src"] + texts["tgt"])
        self.assertEqual(joined.count("\ufffd"), 4, joined)
        self.assertIsNone(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", joined))

    def test_stream(self):
        record = {"id": "r1", "src": "Good\x0bmorning. Fine day.", "tgt": "Bonjour. Beau jour.",
                  "src_lang": "en", "tgt_lang": "fr"}
        result = run("stream", stdin=(json.dumps(record) + "\n").encode())
        self.assertEqual(result.returncode, 0, result.stderr)
        out = json.loads(result.stdout)
        text = "".join(b["src"] + b["tgt"] for b in out["beads"])
        self.assertEqual(text.count("\ufffd"), 1, text)
        self.assertNotIn("\x0b", text)
        self.assertEqual(result.stderr, b'talign: record "r1": 1 control character(s) written as '
                                        b"U+FFFD\n")


if __name__ == "__main__":
    talign_testing.main(__doc__)

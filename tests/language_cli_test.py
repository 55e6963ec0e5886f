#!/usr/bin/env python3
"""End-to-end tests of language options (issue 15, point 1): every command writes the canonical
BCP-47 form of the language the user typed ("eng" -> "en", "en_US" -> "en-US", "iw" -> "he"),
in TMX (srclang, xml:lang), the review report and the Moses file names, and refuses a tag whose language
is not an ISO 639 code with a one-line usage error (exit 2). `convert` writes the codes it reads
from a TMX canonical too.

Usage: language_cli_test.py PATH_TO_TALIGN
"""
import json
import os
import re
import xml.etree.ElementTree as ET

import talign_testing
from talign_testing import CliTestCase, run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EN = os.path.join(ROOT, "corpora", "en-fr", "en.txt")
FR = os.path.join(ROOT, "corpora", "en-fr", "fr.txt")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Typed -> canonical, written by hand from BCP-47 and ISO 639 (not from talign's output).
CANONICAL = [
    ("eng", "en"), ("fre", "fr"), ("fra", "fr"), ("en_US", "en-US"), ("EN-us", "en-US"),
    ("fr_FR", "fr-FR"), ("zh_Hans_CN", "zh-Hans-CN"), ("iw", "he"), ("de-CH", "de-CH"),
    ("ger", "de"), ("sr_Latn", "sr-Latn"),
]


def tmx_languages(data):
    root = ET.fromstring(data)
    header = root.find("header").get("srclang")
    tuv = {t.get(XML_LANG) for t in root.iter("tuv")}
    return header, tuv


class LanguageTest(CliTestCase):
    def align_tmx(self, src, tgt):
        out = os.path.join(self.dir, "out.tmx")
        result = run("align", "-q", "-s", src, "-t", tgt, EN, FR, "-f", "tmx", "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(out, "rb") as f:
            return tmx_languages(f.read())

    def test_tmx_languages_are_canonical(self):
        for typed, canonical in CANONICAL:
            with self.subTest(typed=typed):
                header, tuv = self.align_tmx(typed, "fra" if canonical != "fr" else "de")
                self.assertEqual(header, canonical)
                self.assertIn(canonical, tuv)
                self.assertTrue(tuv <= {canonical, "fr", "de"}, tuv)

    def test_not_a_language_is_a_usage_error(self):
        for bad in ["english", "xx", "und", "e", "en us", "123"]:
            with self.subTest(bad=bad):
                result = run("align", "-s", bad, "-t", "fr", EN, FR, "-o", os.path.join(self.dir, "x"))
                self.assert_one_line_error(result, 2, "--src-lang", bad)
                self.assertFalse(os.path.exists(os.path.join(self.dir, "x")))
        for command in (["split", "--lang", "english", EN],
                        ["report", "-s", "en", "-t", "xx", EN, FR, EN]):
            self.assert_one_line_error(run(*command), 2, "ISO 639")

    def test_moses_names_and_report(self):
        out = os.path.join(self.dir, "c")
        result = run("align", "-q", "-s", "en_US", "-t", "fre", EN, FR, "-f", "moses", "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.exists(out + ".en-US") and os.path.exists(out + ".fr"),
                        os.listdir(self.dir))
        report = os.path.join(self.dir, "r.html")
        result = run("align", "-q", "-s", "EN-us", "-t", "fre", EN, FR, "-o", out + ".beads",
                     "--report", report)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(report, encoding="utf-8") as f:
            page = f.read()
        self.assertIn('"src_lang":"en-US"', page)
        self.assertIn('"tgt_lang":"fr"', page)

    def test_stream_and_batch(self):
        record = {"id": 1, "src": "Hello there.", "tgt": "Bonjour.", "src_lang": "english",
                  "tgt_lang": "fre"}
        result = run("stream", stdin=(json.dumps(record) + "\n").encode())
        line = json.loads(result.stdout.decode("utf-8").splitlines()[0])
        self.assertIn("ISO 639", line.get("error", ""))
        record["src_lang"] = "en_US"
        result = run("stream", stdin=(json.dumps(record) + "\n").encode())
        self.assertNotIn("error", json.loads(result.stdout.decode("utf-8").splitlines()[0]))
        out = os.path.join(self.dir, "b.tmx")
        manifest = self.write("m.tsv", f"{EN}\t{FR}\t{out}\teng\tfr_FR\n")
        result = run("batch", "-q", manifest)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(out, "rb") as f:
            header, tuv = tmx_languages(f.read())
        self.assertEqual((header, tuv), ("en", {"en", "fr-FR"}))

    def test_convert_writes_read_codes_canonical(self):
        tmx = self.write("odd.tmx", """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" datatype="plaintext"
segtype="sentence" adminlang="en" srclang="EN_us" o-tmf="x"/><body>
<tu><tuv xml:lang="EN_us"><seg>Hello.</seg></tuv><tuv xml:lang="fre"><seg>Bonjour.</seg></tuv></tu>
</body></tmx>
""")
        result = run("convert", tmx, "--to", "tmx", "-o", "-")
        self.assertEqual(result.returncode, 0, result.stderr)
        header, tuv = tmx_languages(result.stdout)
        self.assertEqual((header, tuv), ("en-US", {"en-US", "fr"}))


if __name__ == "__main__":
    talign_testing.main(__doc__)

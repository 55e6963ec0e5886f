#!/usr/bin/env python3
"""TMX from talign is well-formed XML (always checked) and valid against the TMX 1.4b DTD
(checked when ../shared/formats/tmx14.dtd exists), for every bundled corpus pair and the seeds.

Usage: tmx_valid_test.py PATH_TO_TALIGN
"""
import glob
import os
import subprocess
import unittest

import talign_testing
from talign_testing import CliTestCase, run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
DTD = os.path.join(SHARED, "formats", "tmx14.dtd")
SEEDS = os.path.join(SHARED, "seeds")


def corpus_pairs():
    for d in sorted(glob.glob(os.path.join(ROOT, "corpora", "*-*"))):
        src_lang, tgt_lang = os.path.basename(d).split("-")
        yield (f"{src_lang}-{tgt_lang}", src_lang, tgt_lang, os.path.join(d, f"{src_lang}.txt"),
               os.path.join(d, f"{tgt_lang}.txt"))


class TmxValidTest(CliTestCase):
    def make_tmx(self, name, src_lang, tgt_lang, src, tgt, *extra):
        out = os.path.join(self.dir, f"{name}.tmx")
        r = run("align", "-q", "-s", src_lang, "-t", tgt_lang, src, tgt, "--format", "tmx",
                "--date", "2026-01-01", "-o", out, *extra)
        self.assertEqual(r.returncode, 0, r.stderr)
        return out

    def xmllint(self, *args):
        return subprocess.run(["xmllint", "--noout", *args], capture_output=True, text=True)

    def check(self, path):
        r = self.xmllint(path)
        self.assertEqual(r.returncode, 0, f"{path} is not well-formed: {r.stderr}")
        if os.path.exists(DTD):
            r = self.xmllint("--dtdvalid", DTD, path)
            self.assertEqual(r.returncode, 0, f"{path} is not valid TMX 1.4b: {r.stderr}")

    def test_corpora(self):
        for name, src_lang, tgt_lang, src, tgt in corpus_pairs():
            with self.subTest(pair=name):
                self.check(self.make_tmx(name, src_lang, tgt_lang, src, tgt))
                self.check(self.make_tmx(name + "-all", src_lang, tgt_lang, src, tgt,
                                         "--keep-unmatched"))

    @unittest.skipUnless(os.path.isdir(SEEDS), "../shared/seeds not present")
    def test_seeds(self):
        en = glob.glob(os.path.join(SEEDS, "000_*.txt"))[0]
        ar = glob.glob(os.path.join(SEEDS, "004_*.txt"))[0]
        self.check(self.make_tmx("seed-en-ar", "en", "ar", en, ar, "--keep-unmatched"))

    def test_hostile_text_stays_well_formed(self):
        # Markup characters, control characters XML forbids, a CR, a lone U+FFFF, emoji.
        src = self.write("src.txt", "Tom & Jerry <b>\"x\"</b>.\n\nBell \x07 rings \uffff here.\n")
        tgt = self.write("tgt.txt", "Tom & Jerry <b>'x'</b>.\n\nLa cloche \U0001F514 sonne.\n")
        r = run("align", "-s", "en", "-t", "fr", "--presplit", src, tgt, "--format", "tmx")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"control character(s) written as U+FFFD", r.stderr)
        path = self.write("hostile.tmx", r.stdout)
        self.check(path)
        self.assertIn(b"Tom &amp; Jerry &lt;b&gt;&quot;x&quot;&lt;/b&gt;.", r.stdout)


if __name__ == "__main__":
    talign_testing.main(__doc__)

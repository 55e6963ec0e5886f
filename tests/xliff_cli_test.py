#!/usr/bin/env python3
"""XLIFF: `talign convert x.xlf --to tsv|tmx` writes the translated units of XLIFF 1.2 and 2.x
files (segmented 1.2 units per segment, inline wrappers' text kept, native codes left out,
untranslated units counted and left out), and `talign align` takes an XLIFF's source side as a
document. The expected texts are written here by hand from tests/data/xliff/*.xlf.

Usage: xliff_cli_test.py PATH_TO_TALIGN
"""
import os
import subprocess

import talign_testing
from talign_testing import CliTestCase, run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "data", "xliff")
DTD = os.path.join(os.path.dirname(ROOT), "shared", "formats", "tmx14.dtd")


class XliffCliTest(CliTestCase):
    def test_xliff12_units(self):
        r = run("convert", os.path.join(DATA, "sample12.xlf"), "--to", "tsv")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.decode().splitlines(), [
            "Open the settings window.\tOuvrez la fenêtre des réglages.\t",
            "Click Save.\tCliquez sur Enregistrer.\t",
            "First part.\tPremière partie.\t",
            "Second part.\tSeconde partie.\t",
        ])
        self.assertIn(b"2 XLIFF segment(s) without a translation left out", r.stderr)

    def test_xliff20_units(self):
        r = run("convert", os.path.join(DATA, "sample20.xlf"), "--to", "tsv")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.decode().splitlines(), [
            "The red house.\tDas rote Haus.\t",
            "It has two doors.\tEs hat zwei Türen.\t",
            "A café.\tEin Café.\t",
        ])
        self.assertIn(b"1 XLIFF segment(s) without a translation left out", r.stderr)

    def test_xliff_to_tmx_takes_the_files_languages(self):
        out = os.path.join(self.dir, "out.tmx")
        r = run("convert", os.path.join(DATA, "sample12.xlf"), "--to", "tmx", "-o", out,
                "--date", "2026-01-01")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, encoding="utf-8") as f:
            tmx = f.read()
        self.assertEqual(tmx.count("<tu "), 4)
        self.assertIn('<tuv xml:lang="en-US"><seg>Click Save.</seg></tuv>', tmx)
        self.assertIn('<tuv xml:lang="fr-FR"><seg>Cliquez sur Enregistrer.</seg></tuv>', tmx)
        if os.path.exists(DTD):
            v = subprocess.run(["xmllint", "--noout", "--dtdvalid", DTD, out], capture_output=True,
                               text=True)
            self.assertEqual(v.returncode, 0, v.stderr)

    def test_source_side_as_a_document(self):
        r = run("split", "--lang", "en", os.path.join(DATA, "sample12.xlf"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.decode().split("\n\n")[0:2],
                         ["Open the settings window.", "Click Save."])
        fr = self.write("fr.txt", "Ouvrez la fenêtre des réglages.\n\nCliquez sur Enregistrer.\n\n"
                        "Pas encore traduit.\n\nAucune cible.\n\nPremière partie. Seconde partie.\n"
                        .encode())
        r = run("align", "-q", "-s", "en", "-t", "fr", os.path.join(DATA, "sample12.xlf"), fr,
                "--format", "text")
        self.assertEqual(r.returncode, 0, r.stderr)
        pairs = [line.split("\t")[:2] for line in r.stdout.decode().splitlines()]
        self.assertIn(["Click Save.", "Cliquez sur Enregistrer."], pairs)
        self.assertIn(["Second part.", "Seconde partie."], pairs)

    def test_malformed_xliff(self):
        bad = self.write("bad.xlf", b'<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n</xliff>\n')
        r = run("convert", bad, "--to", "tsv")
        self.assert_one_line_error(r, 1, "bad.xlf", "malformed XLIFF", "line")


if __name__ == "__main__":
    talign_testing.main(__doc__)

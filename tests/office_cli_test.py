#!/usr/bin/env python3
"""`talign align` on Word and OpenDocument files: a .docx pair gives TMX whose bold words sit in
<bpt>/<ept> pairs (well-formed always; valid against the TMX 1.4b DTD when
../shared/formats/tmx14.dtd exists), and damaged documents (a truncated .docx, a zip of a .txt,
a .docx or .odt whose XML is malformed) fail with one line naming the file and the problem,
exit 1, no output written. The text read from the documents is checked in tests/office_test.cc.

Usage: office_cli_test.py PATH_TO_TALIGN
"""
import os
import re
import subprocess
import zipfile

import talign_testing
from talign_testing import CliTestCase, run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "tests", "data", "office")
DTD = os.path.join(os.path.dirname(ROOT), "shared", "formats", "tmx14.dtd")
FR = os.path.join(ROOT, "corpora", "en-fr", "fr.txt")


def read(path):
    with open(path, "rb") as f:
        return f.read()


class OfficeCliTest(CliTestCase):
    def rewrite_entry(self, source, name, entry, change):
        """A copy of the archive `source` with `entry` passed through `change`."""
        path = os.path.join(self.dir, name)
        with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as out:
            for info in src.infolist():
                data = src.read(info.filename)
                out.writestr(info, change(data) if info.filename == entry else data)
        return path

    def assert_refused(self, path, *fragments):
        out = os.path.join(self.dir, "out.tmx")
        r = run("align", "-s", "en", "-t", "fr", path, FR, "--format", "tmx", "-o", out)
        self.assert_one_line_error(r, 1, os.path.basename(path), *fragments)
        self.assertFalse(os.path.exists(out), "an output was written")
        self.assertEqual([f for f in os.listdir(self.dir) if ".talign-" in f], [])

    def test_truncated_docx(self):
        data = read(os.path.join(DATA, "fixture.docx"))
        self.assert_refused(self.write("cut.docx", data[: len(data) // 2]),
                            "not a readable zip archive", "truncated")

    def test_zip_that_is_not_a_document(self):
        path = os.path.join(self.dir, "notes.docx")
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("notes.txt", "Just some notes.\n")
        self.assert_refused(path, "zip archive that is not a Word (.docx) or OpenDocument")

    def test_malformed_document_xml(self):
        # An end tag that closes nothing: libxml2's error, with the part and its line.
        path = self.rewrite_entry(os.path.join(DATA, "fixture.docx"), "broken.docx",
                                  "word/document.xml",
                                  lambda d: d.replace(b"</w:body>", b"</w:p></w:body>", 1))
        self.assert_refused(path, "malformed DOCX part word/document.xml", "tag mismatch")

    def test_malformed_odt_content(self):
        path = self.rewrite_entry(os.path.join(DATA, "fixture.odt"), "broken.odt", "content.xml",
                                  lambda d: d.replace(b"<text:p>Name</text:p>", b"<text:p>Name", 1))
        self.assert_refused(path, "malformed ODT part content.xml")

    def test_docx_pair_to_tmx(self):
        out = os.path.join(self.dir, "pair.tmx")
        r = run("align", "-s", "en", "-t", "fr", os.path.join(DATA, "pair_en.docx"),
                os.path.join(DATA, "pair_fr.docx"), "--format", "tmx", "--date", "2026-01-01",
                "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        tmx = read(out).decode("utf-8")
        bold = r'<bpt i="(\d+)" type="bold">&lt;b&gt;</bpt>{}<ept i="\1">&lt;/b&gt;</ept>'
        # "new" and " budget" are two bold runs in the English file: one pair.
        for words in ("new budget", "volunteers", "nouveau budget", "bénévoles"):
            self.assertRegex(tmx, bold.format(re.escape(words)))
        self.assertEqual(tmx.count("<bpt"), 4, tmx)
        self.assertEqual(tmx.count("<ept"), 4, tmx)
        self.assertIn("<seg>Schools will open earlier next year.</seg>", tmx)
        r = subprocess.run(["xmllint", "--noout", out], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        if os.path.exists(DTD):
            r = subprocess.run(["xmllint", "--noout", "--dtdvalid", DTD, out], capture_output=True,
                               text=True)
            self.assertEqual(r.returncode, 0, f"not valid TMX 1.4b: {r.stderr}")


if __name__ == "__main__":
    talign_testing.main(__doc__)

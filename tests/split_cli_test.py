#!/usr/bin/env python3
"""End-to-end tests of the splitting options every splitting command shares: --abbrev.

Usage: split_cli_test.py PATH_TO_TALIGN
"""
import talign_testing
from talign_testing import CliTestCase, run


class SplitCliTest(CliTestCase):
    TEXT = "Ông sống ở XYZ. Hà Nội từ lâu. Ông làm kỹ sư.\n"

    def test_split_abbrev_for_every_language_and_for_one(self):
        r = run("split", "--lang", "vi", "-q", stdin=self.TEXT.encode())
        self.assertEqual(r.stdout.decode(),
                         "Ông sống ở XYZ.\nHà Nội từ lâu.\nÔng làm kỹ sư.\n")
        plain = self.write("abbr.txt", "# my list\nXYZ.\nABC\n")
        for option in (plain, "vi=" + plain):
            r = run("split", "--lang", "vi", "-q", "--abbrev", option, stdin=self.TEXT.encode())
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout.decode(), "Ông sống ở XYZ. Hà Nội từ lâu.\nÔng làm kỹ sư.\n")
        # A list for another language leaves Vietnamese alone.
        r = run("split", "--lang", "vi", "-q", "--abbrev", "de=" + plain, stdin=self.TEXT.encode())
        self.assertEqual(r.stdout.decode(), "Ông sống ở XYZ.\nHà Nội từ lâu.\nÔng làm kỹ sư.\n")

    def test_abbrev_sections_like_the_built_in_data(self):
        data = self.write("data.txt", "[terminators]\n|\n")
        r = run("split", "--lang", "en", "-q", "--abbrev", data, stdin=b"One | Two |\n")
        self.assertEqual(r.stdout.decode(), "One |\nTwo |\n")

    def test_abbrev_errors(self):
        self.assert_one_line_error(
            run("split", "--lang", "vi", "--abbrev", "/nonexistent/list.txt", stdin=b"x."), 1,
            "/nonexistent/list.txt")
        self.assert_one_line_error(run("split", "--lang", "vi", "--abbrev", "", stdin=b"x."), 2,
                                   "--abbrev")

    def test_align_uses_abbrev(self):
        src = self.write("src.txt", self.TEXT)
        tgt = self.write("tgt.txt", "He lives in XYZ Hanoi for long. He is an engineer.\n")
        plain = self.write("abbr.txt", "XYZ.\n")
        # Beads show how many sentences the splitter made of the source.
        r = run("align", "-s", "vi", "-t", "en", "-q", src, tgt)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.decode().startswith("[0, 1]:[0]:"), r.stdout)
        r = run("align", "-s", "vi", "-t", "en", "-q", "--abbrev", plain, src, tgt)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([line.split(":")[:2] for line in r.stdout.decode().splitlines()],
                         [["[0]", "[0]"], ["[1]", "[1]"]])

if __name__ == "__main__":
    talign_testing.main(__doc__)

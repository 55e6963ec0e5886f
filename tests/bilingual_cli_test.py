#!/usr/bin/env python3
"""End-to-end tests of `talign align --bilingual FILE` (issue 16, "One file, two languages").

Each bundled corpus pair is turned into one file at test time: source then target, target then
source, and interleaved by paragraph, each with and without a navigation header and footer
written here. Every one must give the same beads as the two-file run. The seed article 003 in
../shared (a Vietnamese translation, the English original, then the site's own lines) is checked
for structure only, and skipped without ../shared. Usage errors are one line, exit 2.

Usage: bilingual_cli_test.py PATH_TO_TALIGN
"""
import glob
import os
import re

import talign_testing
from talign_testing import CliTestCase, run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPORA = os.path.join(ROOT, "corpora")
SHARED = os.environ.get("TALIGN_SHARED_DIR", os.path.join(ROOT, "..", "shared"))

# Page furniture in English, as news sites have it; none of it has a counterpart.
HEADER = ["Home | News | Sport | Weather | Culture", "Sign in", "Share on Facebook",
          "Share on X"]
FOOTER = ["Read more", "Share on Facebook", "Home | News | Sport | Weather | Culture",
          "\u00a9 2026 Example News. All rights reserved."]


def paragraphs(path):
    with open(path, encoding="utf-8") as f:
        return [p.strip("\n") for p in re.split(r"\n[ \t]*\n", f.read()) if p.strip()]


def interleave(a, b):
    out = []
    for i in range(max(len(a), len(b))):
        out += a[i:i + 1] + b[i:i + 1]
    return out


class BilingualTest(CliTestCase):
    def beads(self, *args):
        result = run("align", "-f", "beads", *args)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.decode("utf-8"), result.stderr.decode("utf-8")

    def test_corpora_give_the_two_file_beads(self):
        pairs = sorted(glob.glob(os.path.join(CORPORA, "en-*")))
        self.assertEqual(len(pairs), 5)
        for pair in pairs:
            lang = os.path.basename(pair)[3:]
            en_path, tgt_path = os.path.join(pair, "en.txt"), os.path.join(pair, lang + ".txt")
            expected, _ = self.beads("-s", "en", "-t", lang, en_path, tgt_path)
            en, tgt = paragraphs(en_path), paragraphs(tgt_path)
            layouts = {"source then target": en + tgt, "target then source": tgt + en,
                       "interleaved": interleave(en, tgt), "interleaved target first":
                       interleave(tgt, en)}
            for name, body in layouts.items():
                for furniture in (False, True):
                    with self.subTest(pair=lang, layout=name, furniture=furniture):
                        paras = HEADER + body + FOOTER if furniture else body
                        path = self.write(f"{lang}.txt", "\n\n".join(paras) + "\n")
                        got, err = self.beads("-s", "en", "-t", lang, "--bilingual", path)
                        self.assertEqual(got, expected)
                        if furniture:
                            dropped = re.search(r"dropped (\d+) paragraphs", err)
                            self.assertTrue(dropped, err)
                            self.assertEqual(int(dropped.group(1)), len(HEADER) + len(FOOTER), err)
                        else:
                            self.assertNotIn("dropped", err)

    def test_auto_takes_the_first_language_as_source(self):
        en_path = os.path.join(CORPORA, "en-de", "en.txt")
        de_path = os.path.join(CORPORA, "en-de", "de.txt")
        expected, _ = self.beads("-s", "de", "-t", "en", de_path, en_path)
        path = self.write("de-en.txt", "\n\n".join(paragraphs(de_path) + paragraphs(en_path)))
        got, _ = self.beads("-s", "auto", "-t", "auto", "--bilingual", path)
        self.assertEqual(got, expected)

    def test_dropped_lines_listed_with_verbose(self):
        en = paragraphs(os.path.join(CORPORA, "en-fr", "en.txt"))
        fr = paragraphs(os.path.join(CORPORA, "en-fr", "fr.txt"))
        path = self.write("page.txt", "\n\n".join(HEADER + en + fr + FOOTER))
        _, err = self.beads("-s", "en", "-t", "fr", "-v", "--bilingual", path)
        for line in HEADER + FOOTER:
            self.assertRegex(err, r"dropped paragraph \d+ \([a-z' ]+\): " + re.escape(line) + "\n")
        self.assertIn("menu", err)
        self.assertIn("repeated", err)

    def test_html_lang_and_links(self):
        en = paragraphs(os.path.join(CORPORA, "en-de", "en.txt"))
        de = paragraphs(os.path.join(CORPORA, "en-de", "de.txt"))
        nav = '<p><a href="/a">Newsletter</a> <a href="/b">Podcasts</a></p>'
        html = ("<html><body>" + nav + '<div lang="en">' +
                "".join(f"<p>{p}</p>" for p in en) + '</div><div lang="de">' +
                "".join(f"<p>{p}</p>" for p in de) + "</div>" + nav + "</body></html>")
        path = self.write("page.html", html)
        expected, _ = self.beads("-s", "en", "-t", "de", os.path.join(CORPORA, "en-de", "en.txt"),
                                 os.path.join(CORPORA, "en-de", "de.txt"))
        got, err = self.beads("-s", "en", "-t", "de", "--bilingual", path)
        self.assertEqual(got, expected)
        self.assertIn("link only", err)

    def test_seed_003(self):
        seeds = glob.glob(os.path.join(SHARED, "seeds", "003_*"))
        if not seeds:
            self.skipTest("../shared/seeds/003_* is missing")
        result = run("align", "-s", "vi", "-t", "en", "-v", "--bilingual", seeds[0])
        self.assertEqual(result.returncode, 0, result.stderr)
        err = result.stderr.decode("utf-8")
        beads = [l.split(":") for l in result.stdout.decode("utf-8").splitlines()]
        one_one = [b for b in beads if b[0].count(",") == 0 and b[0] != "[]"
                   and b[1].count(",") == 0 and b[1] != "[]"]
        self.assertGreater(len(one_one), 0.8 * len(beads))
        good = [b for b in one_one if float(b[2]) >= 0.9]
        self.assertGreater(len(good), 0.8 * len(one_one))
        # The site's lines after the English article are dropped, and listed: the file's last
        # paragraph among them.
        last = paragraphs(seeds[0])[-1].replace("\n", " ")
        self.assertIn(": " + last + "\n", err)
        dropped = re.search(r"dropped (\d+) paragraphs", err)
        self.assertTrue(dropped and int(dropped.group(1)) >= 5, err)

    def test_usage_errors(self):
        en = os.path.join(CORPORA, "en-fr", "en.txt")
        fr = os.path.join(CORPORA, "en-fr", "fr.txt")
        self.assert_one_line_error(
            run("align", "-s", "en", "-t", "fr", "--bilingual", en, en, fr), 2, "--bilingual")
        self.assert_one_line_error(
            run("align", "-s", "en", "-t", "fr", "--bilingual", en, en), 2, "--bilingual")
        self.assert_one_line_error(run("align", "-s", "en", "-t", "fr"), 2, "--bilingual")
        self.assert_one_line_error(run("align", "-s", "en", "-t", "fr", "--bilingual"), 2)


if __name__ == "__main__":
    talign_testing.main(__doc__)

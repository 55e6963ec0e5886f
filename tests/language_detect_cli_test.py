#!/usr/bin/env python3
"""End-to-end tests of the language checks (issue 15, point 2): a side that does not look like its
--src-lang/--tgt-lang is a warning naming the file; swapped files and the same file twice are
warnings; --strict-langs makes them errors (exit 1); `auto` takes the guessed language. In align,
batch (naming the manifest line), stream (naming the record) and report. No warning on short
texts, on related languages or scripts, or on any bundled corpus with its own languages.

The texts' languages are known from where they come from (corpora/<pair>/<lang>.txt and the
hand-written tests/data/detect/<lang>.txt), not from talign.

Usage: language_detect_cli_test.py PATH_TO_TALIGN
"""
import json
import os
import re
import xml.etree.ElementTree as ET

import talign_testing
from talign_testing import CliTestCase, run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPORA = os.path.join(ROOT, "corpora")
DETECT = os.path.join(ROOT, "tests", "data", "detect")
EN = os.path.join(CORPORA, "en-fr", "en.txt")
FR = os.path.join(CORPORA, "en-fr", "fr.txt")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# What any of the language findings says; none of the other warnings uses these words.
FINDING = re.compile(r"looks like|look swapped|same text|script, not in")


def findings(result):
    return [l for l in result.stderr.decode("utf-8").splitlines() if FINDING.search(l)]


class LanguageDetectTest(CliTestCase):
    def align(self, src_lang, tgt_lang, src, tgt, *extra):
        return run("align", "-s", src_lang, "-t", tgt_lang, src, tgt,
                   "-o", os.path.join(self.dir, "out"), *extra)

    def test_wrong_language_is_a_warning_naming_the_file(self):
        result = self.align("ar", "fr", EN, FR)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(findings(result),
                         [f"talign: {EN}: text looks like English (en), not Arabic (ar)"])
        result = self.align("en", "de", EN, FR)
        self.assertEqual(findings(result),
                         [f"talign: {FR}: text looks like French (fr), not German (de)"])
        result = self.align("en", "fr", EN, FR, "-q")
        self.assertEqual(result.stderr, b"")

    def test_script_alone(self):
        # Hebrew text declared Arabic: CLD2 knows both, and the scripts differ too.
        he = os.path.join(DETECT, "he.txt")
        result = self.align("ar", "en", he, EN)
        self.assertEqual(findings(result),
                         [f"talign: {he}: text looks like Hebrew (he), not Arabic (ar)"])

    def test_swapped_files(self):
        result = self.align("en", "fr", FR, EN)
        self.assertEqual(result.returncode, 0, result.stderr)
        found = findings(result)
        self.assertEqual(len(found), 1, found)  # one finding, not two wrong languages
        self.assertTrue(found[0].startswith(f"talign: {FR}: "), found)
        self.assertIn("swapped", found[0])
        self.assertIn(EN, found[0])

    def test_same_file_twice(self):
        result = self.align("en", "en", EN, EN)
        self.assertEqual(result.returncode, 0, result.stderr)
        found = findings(result)
        self.assertEqual(len(found), 1, found)
        self.assertIn("same text", found[0])
        self.assertTrue(found[0].startswith(f"talign: {EN}: "), found)

    def test_strict_langs_is_an_error(self):
        out = os.path.join(self.dir, "out")
        for langs, files, name in [(("ar", "fr"), (EN, FR), EN), (("en", "fr"), (FR, EN), FR),
                                   (("en", "en"), (EN, EN), EN)]:
            with self.subTest(langs=langs):
                result = run("align", "--strict-langs", "-s", langs[0], "-t", langs[1], *files,
                             "-o", out)
                self.assert_one_line_error(result, 1, name)
                self.assertFalse(os.path.exists(out))
        result = run("align", "--strict-langs", "-s", "en", "-t", "fr", EN, FR, "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_auto(self):
        out = os.path.join(self.dir, "out.tmx")
        for pair, lang in [("en-zh", "zh"), ("en-ar", "ar"), ("en-ru", "ru")]:
            with self.subTest(pair=pair):
                result = run("align", "-s", "auto", "-t", "AUTO", "-f", "tmx",
                             os.path.join(CORPORA, pair, "en.txt"),
                             os.path.join(CORPORA, pair, lang + ".txt"), "-o", out)
                self.assertEqual(result.returncode, 0, result.stderr)
                root = ET.parse(out).getroot()
                self.assertEqual(root.find("header").get("srclang"), "en")
                self.assertEqual({t.get(XML_LANG) for t in root.iter("tuv")}, {"en", lang})
        # The guess is canonical: CLD2's own code for Hebrew is "iw".
        result = run("align", "-s", "auto", "-t", "en", "-f", "tmx",
                     os.path.join(DETECT, "he.txt"), EN, "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(ET.parse(out).getroot().find("header").get("srclang"), "he")
        # Too little text to tell: an error naming the file, not a guess.
        short = self.write("short.txt", "Der Vorstand hat heute beschlossen.\n")
        result = run("align", "-s", "auto", "-t", "fr", short, FR, "-o", out + "2")
        self.assert_one_line_error(result, 1, short, "auto")

    def test_short_texts_never_warn(self):
        src = self.write("s.txt", "The board met today. John Smith and Mary Johnson came from Paris.\n")
        tgt = self.write("t.txt", "Le conseil s'est réuni aujourd'hui. John Smith et Mary Johnson "
                                  "sont venus de Paris.\n")
        for langs in [("de", "it"), ("ar", "zh"), ("fr", "en")]:
            with self.subTest(langs=langs):
                result = self.align(*langs, src, tgt)
                self.assertEqual(findings(result), [])

    def test_related_languages_and_scripts_never_warn(self):
        cases = [("hr", "sr"), ("hr", "bs"), ("sr-Latn", "hr"), ("sr-Latn", "sr"),
                 ("sr-Cyrl", "sr-Latn"), ("sr-Cyrl", "sr"), ("nb", "no"), ("nb", "nn"),
                 ("nb", "da"), ("id", "ms"), ("zh-Hant", "zh-Hans"), ("zh-Hant", "zh")]
        for text, declared in cases:
            with self.subTest(text=text, declared=declared):
                result = self.align(declared, "en", os.path.join(DETECT, text + ".txt"), EN)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(findings(result), [])
        result = self.align("en", "zh-Hant", os.path.join(CORPORA, "en-zh", "en.txt"),
                            os.path.join(CORPORA, "en-zh", "zh.txt"))
        self.assertEqual(findings(result), [])

    def test_bundled_corpora_never_warn(self):
        for pair in sorted(os.listdir(CORPORA)):
            if not os.path.isdir(os.path.join(CORPORA, pair)):
                continue
            src_lang, tgt_lang = pair.split("-")
            for ext, extra in [(".txt", ()), (".sent", ("--presplit", "--strict-langs"))]:
                with self.subTest(pair=pair, ext=ext):
                    result = self.align(src_lang, tgt_lang,
                                        os.path.join(CORPORA, pair, src_lang + ext),
                                        os.path.join(CORPORA, pair, tgt_lang + ext), *extra)
                    self.assertEqual(result.returncode, 0, result.stderr)
                    self.assertEqual(findings(result), [])

    def test_batch_names_the_manifest_line(self):
        out1, out2 = os.path.join(self.dir, "1.tsv"), os.path.join(self.dir, "2.tsv")
        manifest = self.write("m.tsv", f"# languages\n{EN}\t{FR}\t{out1}\ten\tfr\n"
                                       f"{EN}\t{FR}\t{out2}\tar\tfr\n")
        result = run("batch", manifest)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(findings(result), [
            f"talign: {manifest}:3: {EN}: text looks like English (en), not Arabic (ar)"])
        os.remove(out1)
        os.remove(out2)
        result = run("batch", "--strict-langs", manifest)
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertTrue(os.path.exists(out1))
        self.assertFalse(os.path.exists(out2))
        self.assertIn(f"{manifest}:3:", result.stderr.decode("utf-8"))
        # auto in the manifest: the guessed languages name the Moses files.
        prefix = os.path.join(self.dir, "m")
        manifest = self.write("auto.tsv", f"{EN}\t{FR}\t{prefix}\tauto\tauto\n")
        result = run("batch", "-f", "moses", manifest)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.exists(prefix + ".en") and os.path.exists(prefix + ".fr"))

    def test_stream_names_the_record(self):
        with open(EN, encoding="utf-8") as f:
            en = f.read()
        with open(FR, encoding="utf-8") as f:
            fr = f.read()
        records = [{"id": "ok", "src": en, "tgt": fr, "src_lang": "en", "tgt_lang": "fr"},
                   {"id": "wrong", "src": en, "tgt": fr, "src_lang": "ar", "tgt_lang": "fr"},
                   {"id": "auto", "src": en, "tgt": fr, "src_lang": "auto", "tgt_lang": "fr"}]
        stdin = "".join(json.dumps(r) + "\n" for r in records).encode()
        result = run("stream", stdin=stdin)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(findings(result), [
            'talign: record "wrong": src: text looks like English (en), not Arabic (ar)'])
        lines = [json.loads(l) for l in result.stdout.decode("utf-8").splitlines()]
        self.assertTrue(all("beads" in l for l in lines), lines)
        result = run("stream", "--strict-langs", stdin=stdin)
        lines = [json.loads(l) for l in result.stdout.decode("utf-8").splitlines()]
        self.assertNotIn("error", lines[0])
        self.assertIn("not Arabic (ar)", lines[1].get("error", ""))
        self.assertNotIn("error", lines[2])

    def test_report(self):
        # Presplit: splitting the French text by Arabic rules would not give the beads' sentences.
        en, fr = EN[:-4] + ".sent", FR[:-4] + ".sent"
        beads = os.path.join(self.dir, "b.beads")
        result = run("align", "--presplit", "-s", "en", "-t", "fr", en, fr, "-o", beads)
        self.assertEqual(result.returncode, 0, result.stderr)
        page = os.path.join(self.dir, "r.html")
        result = run("report", "--presplit", "-s", "en", "-t", "ar", en, fr, beads, "-o", page)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(findings(result),
                         [f"talign: {fr}: text looks like French (fr), not Arabic (ar)"])
        result = run("report", "--presplit", "--strict-langs", "-s", "en", "-t", "ar", en, fr,
                     beads, "-o", page + "2")
        self.assert_one_line_error(result, 1, fr)
        # A TMX whose target language is wrong: warned about by the TMX's name.
        tmx = os.path.join(self.dir, "x.tmx")
        result = run("align", "-q", "-s", "en", "-t", "de", EN, FR, "-f", "tmx", "-o", tmx)
        self.assertEqual(result.returncode, 0, result.stderr)
        result = run("report", "--tmx", tmx, "-o", page + "3")
        self.assertEqual(result.returncode, 0, result.stderr)
        found = findings(result)
        self.assertEqual(len(found), 1, found)
        self.assertIn(tmx, found[0])
        self.assertIn("not German (de)", found[0])


if __name__ == "__main__":
    talign_testing.main(__doc__)

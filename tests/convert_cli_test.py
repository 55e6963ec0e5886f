#!/usr/bin/env python3
"""End-to-end tests of `talign convert`: TMX, Moses and TSV in, every writer format out; exit
codes and one-line errors; the round trip TMX -> Moses -> TMX keeping every pair and character.

Tests of output formats that `talign align --help` does not list yet are skipped, so they run by
themselves once the writers exist.

Usage: convert_cli_test.py PATH_TO_TALIGN
"""
import json
import os
import re
import sys
import unittest
import xml.etree.ElementTree as ET

import talign_testing
from talign_testing import CliTestCase, run

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "convert")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_formats = None

# The skip decorators below ask the binary which formats it writes while this module loads,
# before talign_testing.main() has read the command line.
if len(sys.argv) > 1:
    talign_testing.TALIGN = os.path.abspath(sys.argv[1])


def format_available(name):
    """True if `talign align --help` names `name` in the description of --format."""
    global _formats
    if _formats is None:
        help_text = run("align", "--help").stdout.decode("utf-8")
        lines = help_text.splitlines()
        description = []
        for k, line in enumerate(lines):
            if "--format" in line:
                description.append(line.split("]", 1)[-1])
                for more in lines[k + 1:]:
                    if more.lstrip().startswith("-") or not more.strip():
                        break
                    description.append(more)
                break
        _formats = set(re.findall(r"[a-z]+", " ".join(description)))
    return name in _formats


# What tests/data/convert/other_tool.tmx holds, read with its header's srclang (en-US) as the
# source: (source, target, score), "" for a missing side.
# A unit without an x-talign-score prop has no score: "" in TSV, null in JSON Lines.
OTHER_TOOL_UNITS = [
    ("The cat sleeps.", "Le chat dort.", ""),
    ("Click Save now.", "Cliquez sur Enregistrer maintenant.", ""),
    ("Three languages.", "Trois langues.", ""),
    ("No translation yet.", "", ""),
    ('Use <tags> & "quotes" here.', "Utilisez <balises> & « guillemets » ici.", ""),
    ("Tom & Jerry <3 \U0001F600", "Tom & Jerry <3 \U0001F600", "0.750"),
    ("", "Seulement en français.", ""),
    ("A segment over two lines.", "Un segment sur deux lignes.", ""),
]

# Text that must survive every conversion unchanged.
HARD_PAIRS = [
    ("Tom & Jerry <3 > 2", "Tom & Jerry <3 > 2"),
    ('She said "yes" and \'no\'.', "Elle a dit « oui » et 'non'."),
    ("مرحبا بالعالم، كيف حالك؟", "你好，世界！「引号」"),
    ("Emoji \U0001F600 and flags \U0001F1EB\U0001F1F7.", "絵文字 \U0001F600。"),
    ("Only a source here.", ""),
    ("", "Seulement une cible."),
    ("&amp; stays &amp; and <b>not bold</b>", "&lt; stays &lt;"),
]


def tmx_of(pairs, src="en", tgt="fr"):
    """A TMX document (str) with one <tu> per pair, XML-escaped by hand."""
    def esc(text):
        return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace('"', "&quot;"))
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<tmx version="1.4">',
           f'<header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="t" '
           f'adminlang="en" srclang="{src}" datatype="plaintext"/>', "<body>"]
    for s, t in pairs:
        out.append("<tu>")
        if s:
            out.append(f'<tuv xml:lang="{src}"><seg>{esc(s)}</seg></tuv>')
        if t:
            out.append(f'<tuv xml:lang="{tgt}"><seg>{esc(t)}</seg></tuv>')
        out.append("</tu>")
    out += ["</body>", "</tmx>", ""]
    return "\n".join(out)


def read_tmx_pairs(path, src, tgt):
    """(source, target) per <tu> of a TMX file, parsed by Python's XML parser."""
    pairs = []
    for tu in ET.parse(path).getroot().iter("tu"):
        sides = {tuv.get(XML_LANG): "".join(tuv.find("seg").itertext()) for tuv in tu.iter("tuv")}
        pairs.append((sides.get(src, ""), sides.get(tgt, "")))
    return pairs


def read_lines(path):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    assert text.endswith("\n"), path
    return text[:-1].split("\n")


class ConvertNow(CliTestCase):
    """What works with the tsv writer alone."""

    def test_listed_in_main_help(self):
        self.assertIn(b"convert", run("--help").stdout)

    def test_tmx_to_tsv(self):
        result = run("convert", os.path.join(DATA, "other_tool.tmx"), "--to", "tsv")
        self.assertEqual(result.returncode, 0, result.stderr)
        # The unit with three languages loses its third variant, and units without text are
        # left out: both are said.
        self.assertEqual(result.stderr.decode().count("\n"), 2, result.stderr)
        self.assertIn(b"1 <tuv>(s) left out", result.stderr)
        self.assertIn(b"2 unit(s) without text left out", result.stderr)
        expected = "".join(f"{s}\t{t}\t{score}\n" for s, t, score in OTHER_TOOL_UNITS)
        self.assertEqual(result.stdout.decode("utf-8"), expected)

    def test_tmx_to_tsv_file_and_languages(self):
        out = os.path.join(self.dir, "out.tsv")
        result = run("convert", os.path.join(DATA, "other_tool.tmx"), "--to", "tsv", "-o", out,
                     "--src-lang", "fr", "--tgt-lang", "en")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, b"")
        lines = read_lines(out)
        self.assertEqual(len(lines), len(OTHER_TOOL_UNITS))
        self.assertEqual(lines[0], "Le chat dort.\tThe cat sleeps.\t")
        self.assertEqual(lines[3], "\tNo translation yet.\t")

    def test_tmx_without_srclang_and_cjk(self):
        result = run("convert", os.path.join(DATA, "arabic_cjk.tmx"), "--to", "tsv",
                     "-s", "zh", "-t", "ar")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode("utf-8"),
                         "你好，世界。\tمرحبا بالعالم.\t\n“引号”和&符号。\t«علامات» و&رموز.\t\n")

    def test_crlf_tsv_with_scores(self):
        # Spreadsheet exports end lines with CRLF; the CR must not stick to the score column.
        src = self.write("crlf.tsv", "a\tb\r\nd\te\t0.5\r\n")
        result = run("convert", src, "--to", "tsv", "-s", "en", "-t", "de")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode("utf-8"), "a\tb\t\nd\te\t0.500\n")

    def test_tsv_to_tsv_keeps_scores_and_one_sided_units(self):
        src = self.write("in.tsv", "a\tb\t0.123\nonly source\t\n\tonly target\t0.5\n")
        result = run("convert", src, "--to", "tsv")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode("utf-8"),
                         "a\tb\t0.123\nonly source\t\t\n\tonly target\t0.500\n")

    def test_moses_to_tsv(self):
        self.write("c.en", "One.\nTwo.\n")
        self.write("c.fr", "Un.\nDeux.\n")
        result = run("convert", os.path.join(self.dir, "c"), "--from", "moses", "-s", "en",
                     "-t", "fr", "--to", "tsv")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode("utf-8"), "One.\tUn.\t\nTwo.\tDeux.\t\n")

    def test_moses_keeps_a_zero_width_no_break_space_starting_a_later_line(self):
        # The file's BOM goes; a U+FEFF starting line 2 is text and stays (found by fuzzing the
        # same case in TMX segments).
        self.write("c.en", "\ufeffOne.\n\ufeffTwo.\n")
        self.write("c.fr", "Un.\nDeux.\n")
        result = run("convert", os.path.join(self.dir, "c"), "--from", "moses", "-s", "en",
                     "-t", "fr", "--to", "tsv")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.decode("utf-8"), "One.\tUn.\t\n\ufeffTwo.\tDeux.\t\n")

    def test_malformed_tmx(self):
        out = os.path.join(self.dir, "out.tsv")
        path = os.path.join(DATA, "malformed.tmx")
        result = run("convert", path, "--to", "tsv", "-o", out)
        self.assert_one_line_error(result, 1, path, "malformed TMX", "line 7, column 42")
        self.assertFalse(os.path.exists(out))

    def test_malformed_tmx_keeps_existing_output(self):
        out = self.write("out.tsv", "old\n")
        result = run("convert", os.path.join(DATA, "bare_ampersand.tmx"), "--to", "tsv", "-o", out)
        self.assert_one_line_error(result, 1, "line 5, column 36")
        with open(out, encoding="utf-8") as f:
            self.assertEqual(f.read(), "old\n")

    def test_data_errors(self):
        bad = self.write("bad.tsv", "a\tb\nno tab\n")
        self.assert_one_line_error(run("convert", bad, "--to", "tsv"), 1, bad, "at line 2")
        self.write("m.en", "a\nb\nc\n")
        self.write("m.fr", "x\n")
        prefix = os.path.join(self.dir, "m")
        self.assert_one_line_error(
            run("convert", prefix, "--from", "moses", "-s", "en", "-t", "fr", "--to", "tsv"), 1,
            prefix + ".en", prefix + ".fr", "3 lines", "has 1")
        missing = os.path.join(self.dir, "missing.tmx")
        self.assert_one_line_error(run("convert", missing, "--to", "tsv"), 1, missing,
                                   "cannot open")
        empty = self.write("empty.tsv", "\n\n")
        self.assert_one_line_error(run("convert", empty, "--to", "tsv"), 1, "no translation units")
        not_utf8 = self.write("latin1.tsv", b"caf\xe9\tcaf\xe9\n")
        self.assert_one_line_error(run("convert", not_utf8, "--to", "tsv"), 1,
                                   "invalid UTF-8 at byte 3 (line 1)")

    def test_usage_errors(self):
        tmx = os.path.join(DATA, "other_tool.tmx")
        self.assert_one_line_error(run("convert", tmx, "--to", "docx"), 2, "docx")
        self.assert_one_line_error(run("convert", tmx, "--to", "tsv", "--from", "pdf"), 2, "pdf")
        unknown = self.write("corpus.txt", "a\tb\n")
        self.assert_one_line_error(run("convert", unknown, "--to", "tsv"), 2, "--from")
        self.assert_one_line_error(run("convert", "c", "--from", "moses", "--to", "tsv"), 2,
                                   "--src-lang")
        self.assert_one_line_error(run("convert", tmx), 2, "to")
        self.assert_one_line_error(run("convert", "--to", "tsv"), 2, "INPUT")
        self.assert_one_line_error(run("convert", tmx, "--to", "tsv", "-s", "not a tag"), 2,
                                   "language tag")
        self.assert_one_line_error(run("convert", tmx, "--to", "tsv", "--bogus"), 2, "bogus")

    def test_output_is_not_input(self):
        src = self.write("in.tsv", "a\tb\n")
        self.assert_one_line_error(run("convert", src, "--to", "tsv", "-o", src), 2, "also an input")
        with open(src, encoding="utf-8") as f:
            self.assertEqual(f.read(), "a\tb\n")


class ConvertWithNewWriters(CliTestCase):
    """Conversions through the tmx, moses and jsonl writers."""

    @unittest.skipUnless(format_available("moses"),
                         "the moses writer is not there yet")
    def test_tmx_to_moses(self):
        prefix = os.path.join(self.dir, "out")
        result = run("convert", os.path.join(DATA, "other_tool.tmx"), "--to", "moses", "-o", prefix)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(read_lines(prefix + ".en-US"), [s for s, _, _ in OTHER_TOOL_UNITS])
        self.assertEqual(read_lines(prefix + ".fr-FR"), [t for _, t, _ in OTHER_TOOL_UNITS])

    @unittest.skipUnless(format_available("moses"),
                         "the moses writer is not there yet")
    def test_moses_output_needs_a_prefix(self):
        result = run("convert", os.path.join(DATA, "other_tool.tmx"), "--to", "moses")
        self.assert_one_line_error(result, 2, "PREFIX")

    @unittest.skipUnless(format_available("jsonl"),
                         "the jsonl writer is not there yet")
    def test_tmx_to_jsonl(self):
        result = run("convert", os.path.join(DATA, "other_tool.tmx"), "--to", "jsonl")
        self.assertEqual(result.returncode, 0, result.stderr)
        records = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
        self.assertEqual([(r["src"], r["tgt"],
                           "" if r["score"] is None else f"{r['score']:.3f}") for r in records],
                         OTHER_TOOL_UNITS)

    @unittest.skipUnless(format_available("tmx"),
                         "the tmx writer is not there yet")
    def test_moses_to_tmx(self):
        self.write("c.en", "".join(s + "\n" for s, _ in HARD_PAIRS))
        self.write("c.fr", "".join(t + "\n" for _, t in HARD_PAIRS))
        out = os.path.join(self.dir, "out.tmx")
        result = run("convert", os.path.join(self.dir, "c"), "--from", "moses", "-s", "en",
                     "-t", "fr", "--to", "tmx", "-o", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        root = ET.parse(out).getroot()
        self.assertEqual(root.find("header").get("srclang"), "en")
        self.assertEqual(read_tmx_pairs(out, "en", "fr"), HARD_PAIRS)

    @unittest.skipUnless(format_available("tmx"),
                         "the tmx writer is not there yet")
    def test_tsv_to_tmx_keeps_scores(self):
        src = self.write("in.tsv", "a & b\tc < d\t0.250\n")
        out = os.path.join(self.dir, "out.tmx")
        result = run("convert", src, "--to", "tmx", "-o", out, "-s", "de", "-t", "it")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(read_tmx_pairs(out, "de", "it"), [("a & b", "c < d")])
        scores = [p.text for p in ET.parse(out).getroot().iter("prop")
                  if p.get("type") == "x-talign-score"]
        self.assertEqual(scores, ["0.250"])

    @unittest.skipUnless(format_available("tmx"),
                         "the tmx writer is not there yet")
    def test_tsv_to_tmx_needs_languages(self):
        src = self.write("in.tsv", "a\tb\n")
        self.assert_one_line_error(run("convert", src, "--to", "tmx"), 2, "--src-lang")

    @unittest.skipUnless(format_available("tmx") and format_available("moses"),
                         "the tmx/moses writer is not there yet")
    def test_round_trip_tmx_moses_tmx(self):
        original = self.write("in.tmx", tmx_of(HARD_PAIRS, "ar", "zh"))
        prefix = os.path.join(self.dir, "mid")
        result = run("convert", original, "--to", "moses", "-o", prefix)
        self.assertEqual(result.returncode, 0, result.stderr)
        back = os.path.join(self.dir, "back.tmx")
        result = run("convert", prefix, "--from", "moses", "-s", "ar", "-t", "zh", "--to", "tmx",
                     "-o", back)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(read_tmx_pairs(back, "ar", "zh"), HARD_PAIRS)
        # And once more through our own TMX: the same bytes (with a fixed date).
        again = os.path.join(self.dir, "again.tmx")
        for target in (again, os.path.join(self.dir, "again2.tmx")):
            result = run("convert", back if target == again else again, "--to", "tmx", "-o",
                         target, "--date", "2024-01-01")
            self.assertEqual(result.returncode, 0, result.stderr)
        with open(again, "rb") as a, open(os.path.join(self.dir, "again2.tmx"), "rb") as b:
            self.assertEqual(a.read(), b.read())


if __name__ == "__main__":
    talign_testing.main(__doc__)

#!/usr/bin/env python3
"""--help of every command (issue 15, point 10): ends with a newline, lists exit code 3 only
where the command can return it (batch; the top-level help names it as batch's), --max-memory
says what it limits, convert --help lists every option convert takes (checked by giving each one),
and format names are case-insensitive in convert as in align and batch.

Usage: help_cli_test.py PATH_TO_TALIGN
"""
import os
import re

import talign_testing
from talign_testing import CliTestCase, run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EN = os.path.join(ROOT, "corpora", "en-fr", "en.sent")
FR = os.path.join(ROOT, "corpora", "en-fr", "fr.sent")
COMMANDS = ["split", "eval", "align", "convert", "batch", "stream", "report"]


def help_text(*command):
    r = run(*command, "--help")
    assert r.returncode == 0, r.stderr
    return r.stdout.decode("utf-8")


class HelpTest(CliTestCase):
    def test_every_help_ends_with_a_newline_and_lists_its_exit_codes(self):
        for command in COMMANDS:
            with self.subTest(command=command):
                text = help_text(command)
                self.assertTrue(text.endswith("\n"), repr(text[-40:]))
                for code in ("0", "1", "2"):
                    self.assertRegex(text, rf"\n  {code}  ")
                self.assertEqual(bool(re.search(r"\n  3  ", text)), command == "batch")
        text = help_text()
        self.assertTrue(text.endswith("\n"))
        self.assertIn("3  talign batch: some pairs failed", text)

    def test_max_memory_says_what_it_limits(self):
        for command in ("align", "batch", "stream"):
            with self.subTest(command=command):
                text = " ".join(help_text(command).split())
                m = re.search(r"--max-memory arg (.*?)(?: --|\sExit codes)", text)
                self.assertIsNotNone(m, text)
                self.assertIn("peak memory", m.group(1))
                self.assertIn("one pair", m.group(1))

    def test_convert_help_lists_every_option(self):
        text = help_text("convert")
        tmx = os.path.join(self.dir, "x.tmx")
        r = run("align", "-q", "--presplit", "-s", "en", "-t", "fr", EN, FR, "-f", "tmx", "-o", tmx)
        self.assertEqual(r.returncode, 0, r.stderr)
        # Every option convert takes, each given once: listed in its help.
        given = {"--output": ["-o", os.path.join(self.dir, "out.tsv")], "--to": ["--to", "TSV"],
                 "--from": ["--from", "TMX"], "--src-lang": ["-s", "en"], "--tgt-lang": ["-t", "fr"],
                 "--date": ["--date", "2026-01-01"], "--quiet": ["-q"]}
        r = run("convert", tmx, *[a for args in given.values() for a in args])
        self.assertEqual(r.returncode, 0, r.stderr)
        for option in [*given, "--help"]:
            self.assertIn(option, text)
        # And nothing it takes is missing from the help: an option not listed is refused.
        listed = set(re.findall(r"(--[a-z][a-z-]*)", text.split("Exit codes")[0]))
        for option in listed - set(given) - {"--help"}:
            self.fail(f"convert --help lists {option}, which this test does not give")


if __name__ == "__main__":
    talign_testing.main(__doc__)

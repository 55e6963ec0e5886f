#!/usr/bin/env python3
"""`cmake --install` (issue 15, point 11): into a scratch prefix, it puts a talign that runs,
its man page (help2man, from the --help texts: every subcommand and its options) and bash
completion that completes subcommands, options (from the installed talign's --help) and
format names.

Usage: install_cli_test.py BUILD_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BUILD = None


def bash_complete(prefix, words):
    """What the installed completion offers for the command line `words` (last one: the word
    being completed), with the installed talign first on the PATH."""
    script = (f'source "{prefix}/share/bash-completion/completions/talign"\n'
              f'COMP_WORDS=({" ".join(repr(w) for w in words)})\n'
              f'COMP_CWORD={len(words) - 1}\n'
              '_talign\nprintf "%s\\n" "${COMPREPLY[@]}"\n')
    env = {**os.environ, "PATH": f"{prefix}/bin:{os.environ['PATH']}"}
    r = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    return sorted(filter(None, r.stdout.split("\n")))


class InstallTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.prefix = cls.tmp.name
        r = subprocess.run(["cmake", "--install", BUILD, "--prefix", cls.prefix],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_binary(self):
        talign = os.path.join(self.prefix, "bin", "talign")
        r = subprocess.run([talign, "--version"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"^talign \d+\.\d+\.\d+\n$")

    def test_man_page(self):
        page = os.path.join(self.prefix, "share", "man", "man1", "talign.1")
        self.assertTrue(os.path.exists(page), "no man page installed (is help2man installed? "
                                              "scripts/setup installs it)")
        if not shutil.which("man"):
            self.skipTest("no man to render the page")
        r = subprocess.run(["man", "-l", page], capture_output=True, text=True,
                           env={**os.environ, "MANWIDTH": "100"})
        self.assertEqual(r.returncode, 0, r.stderr)
        text = r.stdout
        self.assertIn("talign", text)
        for command in ("split", "align", "batch", "stream", "report", "convert", "eval"):
            self.assertIn(f"talign {command}", text)
        for option in ("--src-lang", "--strict-langs", "--presplit", "--max-memory", "--tmx",
                       "Exit codes"):
            self.assertIn(option, text)

    def test_bash_completion(self):
        if not shutil.which("bash"):
            self.skipTest("no bash")
        self.assertEqual(bash_complete(self.prefix, ["talign", "al"]), ["align"])
        self.assertEqual(bash_complete(self.prefix, ["talign", "s"]), ["split", "stream"])
        self.assertEqual(bash_complete(self.prefix, ["talign", "align", "--src"]), ["--src-lang"])
        self.assertEqual(bash_complete(self.prefix, ["talign", "batch", "--stri"]),
                         ["--strict-langs"])
        self.assertEqual(bash_complete(self.prefix, ["talign", "-q", "convert", "--t"]),
                         ["--tgt-lang", "--to"])
        self.assertEqual(bash_complete(self.prefix, ["talign", "align", "-f", "t"]),
                         ["text", "tmx", "tsv"])


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    BUILD = os.path.abspath(sys.argv.pop(1))
    result = unittest.main(exit=False, verbosity=1).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)

#!/usr/bin/env python3
"""The README is current (issue 15, point 13): the align synopsis lists every format `align --help`
offers, the bad-input messages it quotes are the ones talign prints (each case run here), every
package scripts/setup installs is named under Dependencies, and the review report, the language
checks and the install rule are documented.

Usage: readme_cli_test.py PATH_TO_TALIGN
"""
import os
import re

import talign_testing
from talign_testing import CliTestCase, run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EN = os.path.join(ROOT, "corpora", "en-fr", "en.txt")
FR = os.path.join(ROOT, "corpora", "en-fr", "fr.txt")
with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
    README = f.read()


def section(title):
    start = README.index(title)
    end = README.find("\n## ", start + len(title))
    return README[start:end if end > 0 else len(README)]


def quoted(fragment):
    """The README's `talign: ...` message in the bad-input table row starting with `fragment`,
    as a regular expression: the placeholders FILE, SRC, TGT, DIR and OUT match any path."""
    row = next(l for l in section("## Bad input").splitlines() if l.startswith(f"| {fragment}"))
    message = re.search(r"`(talign[^`]*)`", row).group(1)
    pattern = re.escape(message)
    for name in ("FILE", "SRC", "TGT", "DIR", "OUT"):
        pattern = pattern.replace(name, r"\S+")
    # The README's example offsets and sizes are its example's: any number in their place.
    return re.sub(r"\d+", r"\\d+", pattern)


class ReadmeTest(CliTestCase):
    def test_align_synopsis_lists_every_format(self):
        text = " ".join(run("align", "--help").stdout.decode().split())
        formats = re.search(r"--format \] arg \(=beads\) (.*?) --keep-unmatched", text).group(1)
        names = set(re.findall(r"[a-z]+", re.sub(r"\([^)]*\)", "", formats)))
        self.assertGreaterEqual(len(names), 9, formats)
        synopsis = re.search(r"```sh\ntalign align (.*?)```", section("## `talign align`"), re.S).group(1)
        listed = set(re.search(r"--format ([a-z|]+)", synopsis).group(1).split("|"))
        self.assertEqual(listed, names)

    def assert_message(self, result, fragment, code):
        self.assertEqual(result.returncode, code, result.stderr)
        err = result.stderr.decode("utf-8")
        self.assertRegex(err, quoted(fragment), f"README's message for '{fragment}' is not printed")

    def test_bad_input_messages_are_the_ones_printed(self):
        out = os.path.join(self.dir, "out")
        empty = self.write("empty.txt", "")
        self.assert_message(run("align", "-s", "en", "-t", "fr", empty, FR, "-o", out),
                            "empty source", 0)
        self.assert_message(run("align", "-s", "en", "-t", "fr", empty, empty, "-o", out),
                            "both empty", 1)
        binary = self.write("bin.txt", b"ab\ncd\nef\x00gh\n")
        self.assert_message(run("align", "-s", "en", "-t", "fr", binary, FR, "-o", out),
                            "a binary file", 1)
        bad = self.write("bad.txt", b"Hello there.\nAn invalid \xff byte.\n")
        self.assert_message(run("align", "-s", "en", "-t", "fr", bad, FR, "-o", out),
                            "invalid UTF-8", 1)
        self.assert_message(run("align", "-s", "en", "-t", "fr", os.path.join(self.dir, "nope"),
                                FR, "-o", out), "a missing path", 1)
        self.assert_message(run("align", "-s", "en", "-t", "fr", self.dir, FR, "-o", out),
                            "a directory", 1)
        self.assert_message(run("align", "-s", "en", "-t", "fr", EN, FR, "-o",
                                os.path.join(EN, "out")), "an unwritable output", 1)
        self.assert_message(run("align", "-s", "en", "-t", "fr", "--max-memory", "12X", EN, FR),
                            "`--max-memory 12X`", 2)

    def test_dependencies_name_every_package(self):
        import subprocess
        packages = subprocess.run([os.path.join(ROOT, "scripts", "setup"), "--list", "--tests"],
                                  capture_output=True, text=True).stdout.split()
        deps = section("## Dependencies")
        # Named by package or by what it is.
        aliases = {"build-essential": "C++20 compiler", "cmake": "CMake", "ninja-build": "Ninja",
                   "pkg-config": None, "libicu-dev": "ICU", "libeigen3-dev": "Eigen",
                   "libboost-program-options-dev": "Boost.Program_options", "catch2": "Catch2",
                   "chromium": "Chromium", "nodejs": "Node", "npm": "npm", "omegat": "OmegaT", "libxml2-dev": "libxml2"}
        for package in packages:
            name = aliases.get(package, package)
            if name:
                self.assertIn(name, deps, f"README's Dependencies do not name {package}")

    def test_current_features_are_documented(self):
        for text in ("talign report --tmx", "--strict-langs", "-s auto", "cmake --install build",
                     "bash completion", "localStorage", "scripts/bench-report"):
            self.assertIn(text, README)
        self.assertNotIn("review report is not built yet", README)


if __name__ == "__main__":
    talign_testing.main(__doc__)

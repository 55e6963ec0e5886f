#!/usr/bin/env python3
"""What scripts/setup installs (issue 15, point 12): plain (what scripts/demo runs) only what
building and running talign needs; with --tests (what scripts/test runs) also the packages only
tests and benchmarks use. Read from `scripts/setup --list`, which installs nothing.

Usage: setup_cli_test.py
"""
import os
import subprocess
import sys
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SETUP = os.path.join(ROOT, "scripts", "setup")
# Used by tests only (issue 15 names Chromium, Java, OmegaT and Node).
TEST_ONLY = {"chromium", "omegat", "default-jre-headless", "translate-toolkit", "catch2",
             "libxml2-utils", "dict-freedict-deu-fra", "nodejs", "npm"}
# What the build itself needs (CMakeLists.txt's find_package / find_path / find_program).
BUILD = {"cmake", "libicu-dev", "libeigen3-dev", "libboost-program-options-dev", "libxml2-dev",
         "nlohmann-json3-dev", "libcld2-dev", "help2man"}


def packages(*args):
    r = subprocess.run([SETUP, "--list", *args], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return set(r.stdout.split())


class SetupTest(unittest.TestCase):
    def test_demo_installs_only_what_talign_needs(self):
        plain = packages()
        self.assertEqual(plain & TEST_ONLY, set())
        self.assertLessEqual(BUILD, plain)

    def test_tests_install_the_rest(self):
        full = packages("--tests")
        # nodejs and npm only where there is no node at all.
        self.assertLessEqual(TEST_ONLY - {"nodejs", "npm"}, full)
        self.assertLessEqual(packages(), full)

    def test_scripts_call_it_so(self):
        with open(os.path.join(ROOT, "scripts", "demo")) as f:
            demo = f.read()
        with open(os.path.join(ROOT, "scripts", "test")) as f:
            test = f.read()
        self.assertIn("scripts/setup >&2", demo)
        self.assertNotIn("scripts/setup --tests", demo)
        self.assertIn("scripts/setup --tests", test)
        self.assertIn("cmake --install build", demo)  # it says how to put talign on the PATH


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=1).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)

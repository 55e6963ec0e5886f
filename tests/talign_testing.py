"""Shared pieces of the end-to-end CLI tests: the talign binary, a temporary directory per test,
the one-line-error check, the rounds of a randomised test, and a runner that ends with the
`N passed, M failed` line."""
import math
import os
import subprocess
import sys
import tempfile
import unittest

TALIGN = None  # set by main() from the command line


def run(*args, stdin=b""):
    """Runs talign with `args`, feeding `stdin`; returns the CompletedProcess (bytes)."""
    return subprocess.run([TALIGN, *args], input=stdin, capture_output=True)


def scaled_rounds(full):
    """`full` times TALIGN_TEST_ROUNDS (a factor, 1 when unset), rounded up: as scaled_rounds in
    tests/test_util.h (scripts/test lowers it for the sanitizer run)."""
    factor = os.environ.get("TALIGN_TEST_ROUNDS", "")
    if not factor:
        return full
    if not float(factor) > 0:
        raise ValueError(f"TALIGN_TEST_ROUNDS is not a positive number: {factor}")
    return math.ceil(full * float(factor))


class CliTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, data):
        """Writes `data` (bytes, or text as UTF-8) to a file in the test's directory."""
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        return path

    def assert_one_line_error(self, result, code, *fragments):
        """Exit `code`, exactly one line on stderr starting with "talign" and containing every
        fragment, and nothing on stdout."""
        self.assertEqual(result.returncode, code, result.stderr)
        err = result.stderr.decode("utf-8")
        self.assertEqual(err.count("\n"), 1, f"expected one line on stderr, got {err!r}")
        self.assertTrue(err.startswith("talign"), err)
        for fragment in fragments:
            self.assertIn(fragment, err)
        self.assertEqual(result.stdout, b"")


def main(doc):
    """Runs the calling module's tests against the talign given as the first argument."""
    global TALIGN
    if len(sys.argv) < 2:
        sys.exit(doc)
    TALIGN = os.path.abspath(sys.argv.pop(1))
    result = unittest.main(module="__main__", exit=False, verbosity=1).result
    # A test with failing subtests reports each; count the test once.
    failed_ids = {getattr(test, "test_case", test).id()
                  for test, _ in result.failures + result.errors}
    failed_ids |= {test.id() for test in result.unexpectedSuccesses}
    failed = len(failed_ids)
    print(f"{result.testsRun - failed - len(result.expectedFailures)} passed, {failed} failed")
    sys.exit(1 if failed else 0)

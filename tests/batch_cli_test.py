#!/usr/bin/env python3
"""End-to-end tests of `talign batch`: outputs equal to `talign align`'s, determinism across -j,
failing lines (reported with their line number, the others written, exit 3, summary counts),
--skip-existing, --shard, comments and blank lines, the manifest from standard input, usage
errors.

The documents are the bundled corpora (corpora/en-LANG/en.txt and LANG.txt).

Usage: batch_cli_test.py PATH_TO_TALIGN
"""
import os
import re

import talign_testing
from talign_testing import CliTestCase, run

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPORA = os.path.join(ROOT, "corpora")
LANGS = ["fr", "de", "ru", "ar"]
DATE = "2024-01-02"
SUMMARY = re.compile(r"^talign: batch: (\d+) pairs, (\d+) aligned, (\d+) skipped, (\d+) failed, "
                     r"\d+\.\d\d s$")


def corpus(lang, side):
    return os.path.join(CORPORA, "en-" + lang, side + ".txt")


def summary(result):
    """The counts (pairs, aligned, skipped, failed) of the last stderr line."""
    last = result.stderr.decode("utf-8").rstrip("\n").split("\n")[-1]
    match = SUMMARY.match(last)
    assert match, f"no summary line in {result.stderr!r}"
    return tuple(int(g) for g in match.groups())


def read(path):
    with open(path, "rb") as f:
        return f.read()


class BatchTest(CliTestCase):
    def manifest_lines(self, out_dir, exts=("tmx", "tsv", "beads")):
        """One line per corpus and extension; returns (lines, [(lang, ext, output path)])."""
        lines, items = [], []
        for lang in LANGS:
            for ext in exts:
                out = os.path.join(out_dir, f"en-{lang}.{ext}")
                lines.append("\t".join([corpus(lang, "en"), corpus(lang, lang), out, "en", lang]))
                items.append((lang, ext, out))
        return lines, items

    def batch(self, *args, stdin=b""):
        return run("batch", "--date", DATE, *args, stdin=stdin)

    def test_corpus_lexicon_out_then_in_gives_the_same_alignments(self):
        first_dir, second_dir = os.path.join(self.dir, "a"), os.path.join(self.dir, "b")
        os.makedirs(first_dir)
        os.makedirs(second_dir)
        lines, items = self.manifest_lines(first_dir, exts=("beads",))
        manifest = self.write("m.tsv", "\n".join(lines) + "\n")
        lexicon = os.path.join(self.dir, "corpus.tsv")
        r = self.batch(manifest, "--lexicon-out", lexicon)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"lexicon trained on", r.stderr)
        with open(lexicon, encoding="utf-8") as f:
            rows = [line.split("\t") for line in f.read().splitlines()]
        self.assertGreater(len(rows), 50)
        self.assertTrue(all(len(row) == 3 and 0 < float(row[2]) <= 1 for row in rows))
        lines2, items2 = self.manifest_lines(second_dir, exts=("beads",))
        manifest2 = self.write("m2.tsv", "\n".join(lines2) + "\n")
        r = self.batch(manifest2, "--lexicon-in", lexicon)
        self.assertEqual(r.returncode, 0, r.stderr)
        for (_, _, a), (_, _, b) in zip(items, items2):
            with open(a, "rb") as fa, open(b, "rb") as fb:
                self.assertEqual(fa.read(), fb.read())
        self.assert_one_line_error(self.batch(manifest, "--lexicon-in", lexicon, "--lexicon-out",
                                              lexicon), 2, "exclude")

    def test_progress_only_when_asked_or_on_a_terminal(self):
        lines, _ = self.manifest_lines(self.dir, exts=("beads",))
        manifest = self.write("m.tsv", "\n".join(lines) + "\n")
        quiet = self.batch(manifest)  # stderr is a pipe here: auto shows no progress
        self.assertEqual(quiet.returncode, 0, quiet.stderr)
        self.assertNotIn(b"pairs done", quiet.stderr)
        shown = self.batch(manifest, "--progress", "always")
        self.assertIn(b"pairs done 100%", shown.stderr)

    def test_equal_to_align_and_deterministic_across_jobs(self):
        outputs = {}
        # Both durability modes (--sync end, the default, and each) write the same files, and
        # leave no temporary file behind.
        for jobs, sync in (("1", "end"), ("2", "each")):
            out_dir = os.path.join(self.dir, "j" + jobs)
            os.mkdir(out_dir)
            lines, items = self.manifest_lines(out_dir)
            manifest = self.write(f"m{jobs}.tsv", "\n".join(lines) + "\n")
            result = self.batch("-q", "-j", jobs, "--sync", sync, manifest)
            self.assertEqual(sorted(os.listdir(out_dir)),
                             sorted(os.path.basename(out) for _, _, out in items))
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(summary(result), (len(items), len(items), 0, 0))
            self.assertEqual(result.stderr.count(b"\n"), 1, result.stderr)  # -q: summary only
            self.assertEqual(result.stdout, b"")
            outputs[jobs] = {(lang, ext): read(out) for lang, ext, out in items}
        self.assertEqual(outputs["1"], outputs["2"])
        format_of = {"tmx": "tmx", "tsv": "tsv", "beads": "beads"}
        for (lang, ext), data in outputs["1"].items():
            with self.subTest(lang=lang, ext=ext):
                self.assertTrue(data)
                single = run("align", "-s", "en", "-t", lang, "-f", format_of[ext], "--date", DATE,
                             corpus(lang, "en"), corpus(lang, lang))
                self.assertEqual(single.returncode, 0, single.stderr)
                self.assertEqual(data, single.stdout)

    def test_options_apply_like_align(self):
        out = os.path.join(self.dir, "fr.txt")
        manifest = self.write("m.tsv", f"{corpus('fr', 'en')}\t{corpus('fr', 'fr')}\t{out}\n")
        result = self.batch("-s", "en", "-t", "fr", "--min-score", "0.5", "--no-anchors", manifest)
        self.assertEqual(result.returncode, 0, result.stderr)
        single = run("align", "-s", "en", "-t", "fr", "-f", "text", "--min-score", "0.5",
                     "--no-anchors", corpus("fr", "en"), corpus("fr", "fr"))
        self.assertEqual(read(out), single.stdout)

    def test_failing_lines_do_not_stop_the_others(self):
        out_dir = self.dir
        lines, items = self.manifest_lines(out_dir, exts=("beads",))
        missing = os.path.join(self.dir, "missing.txt")
        lines.insert(1, "\t".join([missing, corpus("fr", "fr"), os.path.join(self.dir, "x.beads"),
                                   "en", "fr"]))                      # line 2
        lines.append("only\ttwo")                                       # line 6
        lines.append("\t".join([corpus("fr", "en"), corpus("fr", "fr"),
                                os.path.join(self.dir, "x.unknown"), "en", "fr"]))  # line 7
        lines.append("\t".join([corpus("fr", "en"), corpus("fr", "fr"),
                                os.path.join(self.dir, "nolang.beads")]))  # line 8: no languages
        manifest = self.write("m.tsv", "\n".join(lines) + "\n")
        result = self.batch("-j", "2", manifest)
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertEqual(summary(result), (8, 4, 0, 4))
        err = result.stderr.decode("utf-8").splitlines()
        self.assertEqual(len(err), 5, err)
        errors = sorted(err[:-1])
        self.assertTrue(errors[0].startswith(f"talign: {manifest}:2: "), errors)
        self.assertIn("missing.txt", errors[0])
        self.assertTrue(errors[1].startswith(f"talign: {manifest}:6: malformed manifest line"),
                        errors)
        self.assertTrue(errors[2].startswith(f"talign: {manifest}:7: "), errors)
        self.assertIn("extension", errors[2])
        self.assertTrue(errors[3].startswith(f"talign: {manifest}:8: no languages"), errors)
        for _, _, out in items:
            self.assertTrue(os.path.getsize(out) > 0)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "x.beads")))
        self.assertEqual(sorted(os.listdir(self.dir)),
                         sorted(["m.tsv"] + [os.path.basename(o) for _, _, o in items]))

    def test_skip_existing(self):
        lines, items = self.manifest_lines(self.dir, exts=("tsv",))
        manifest = self.write("m.tsv", "\n".join(lines) + "\n")
        with open(items[0][2], "wb") as f:
            f.write(b"keep me\n")
        result = self.batch("--skip-existing", manifest)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(summary(result), (4, 3, 1, 0))
        self.assertEqual(read(items[0][2]), b"keep me\n")
        result = self.batch("--skip-existing", manifest)
        self.assertEqual(summary(result), (4, 0, 4, 0))

    def test_shards_partition_the_manifest(self):
        lines, items = self.manifest_lines(self.dir, exts=("tsv", "beads"))
        lines.insert(0, "# a comment")
        lines.insert(3, "")
        manifest = self.write("m.tsv", "\n".join(lines) + "\n")
        written = {}
        for shard in ("0/2", "1/2"):
            before = set(os.listdir(self.dir))
            result = self.batch("--shard", shard, manifest)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(summary(result), (4, 4, 0, 0))
            written[shard] = set(os.listdir(self.dir)) - before
        expected = {shard: {os.path.basename(out) for i, (_, _, out) in enumerate(items)
                            if i % 2 == k} for k, shard in enumerate(("0/2", "1/2"))}
        self.assertEqual(written, expected)

    def test_comments_blank_lines_and_stdin(self):
        out = os.path.join(self.dir, "de.tmx")
        text = ("# header comment\n\n   \n"
                f"{corpus('de', 'en')}\t{corpus('de', 'de')}\t{out}\ten\tde\r\n"
                "# trailing comment\n")
        result = self.batch("-", stdin=text.encode("utf-8"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(summary(result), (1, 1, 0, 0))
        single = run("align", "-s", "en", "-t", "de", "-f", "tmx", "--date", DATE,
                     corpus("de", "en"), corpus("de", "de"))
        self.assertEqual(read(out), single.stdout)
        # A failing line of standard input is reported as <stdin>:LINE.
        result = self.batch("-", stdin=b"# c\nno-tabs-here\n")
        self.assertEqual(result.returncode, 3)
        self.assertTrue(result.stderr.startswith(b"talign: <stdin>:2: malformed"), result.stderr)

    def test_moses(self):
        prefix = os.path.join(self.dir, "fr")
        manifest = self.write("m.tsv", f"{corpus('fr', 'en')}\t{corpus('fr', 'fr')}\t{prefix}\n")
        result = self.batch("-s", "en", "-t", "fr", "-f", "moses", manifest)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(os.path.getsize(prefix + ".en") > 0)
        self.assertTrue(os.path.getsize(prefix + ".fr") > 0)
        result = self.batch("-s", "en", "-t", "fr", "-f", "moses", "--skip-existing", manifest)
        self.assertEqual(summary(result), (1, 0, 1, 0))

    def test_usage_errors(self):
        manifest = self.write("m.tsv", "")
        for args, fragment in [(["--shard", "2/2"], "--shard"), (["--shard", "1"], "--shard"),
                               (["--shard", "0/0"], "--shard"), (["--shard", "a/b"], "--shard"),
                               (["-j", "0"], "--jobs"), (["-f", "nope"], "nope"),
                               (["-s", "e n"], "language tag"), (["--bogus"], "bogus"),
                               (["--paragraphs"], "--presplit"), (["--sync", "later"], "--sync")]:
            with self.subTest(args=args):
                self.assert_one_line_error(run("batch", *args, manifest), 2, fragment)
        self.assert_one_line_error(run("batch"), 2, "MANIFEST")

    def test_warnings_per_item_unless_quiet(self):
        # en-de: its gold has unmatched sentences (a source one, a target one), which the TMX
        # leaves out; the warning names the manifest line. The exact count is the aligner's.
        out = os.path.join(self.dir, "de.tmx")
        manifest = self.write("m.tsv", f"{corpus('de', 'en')}\t{corpus('de', 'de')}\t{out}\ten\tde\n")
        warned = self.batch(manifest)
        self.assertEqual(warned.returncode, 0, warned.stderr)
        self.assertRegex(warned.stderr, re.escape(f"talign: {manifest}:1: ".encode()) +
                         rb"[1-9]\d* unmatched bead\(s\) left out")
        self.assertEqual(summary(warned), (1, 1, 0, 0))
        quiet = self.batch("-q", manifest)
        self.assertEqual(quiet.stderr.count(b"\n"), 1, quiet.stderr)
        self.assertEqual(summary(quiet), (1, 1, 0, 0))
        verbose = self.batch("-v", manifest)
        self.assertIn(f"talign: {manifest}:1: aligned".encode(), verbose.stderr)

    def test_output_folders_formats_and_extensions(self):
        # Missing folders of an output are made; -f is case-insensitive; a format that its
        # extension contradicts is written as asked, with a warning naming the item.
        out = os.path.join(self.dir, "new", "deeper", "fr.tmx")
        manifest = self.write("m.tsv", f"{corpus('fr', 'en')}\t{corpus('fr', 'fr')}\t{out}\ten\tfr\n")
        result = self.batch("-f", "JSONL", manifest)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(out, encoding="utf-8") as f:
            self.assertTrue(f.readline().startswith('{"src_ids"'))
        self.assertIn(f"talign: {manifest}:1: ".encode(), result.stderr)
        self.assertIn(b"written as jsonl (--format), but its extension says tmx", result.stderr)
        again = self.batch("-q", "-f", "Tmx", manifest)
        self.assertEqual(again.returncode, 0, again.stderr)
        with open(out, encoding="utf-8") as f:
            self.assertIn("<tmx", f.read())

    def test_missing_manifest(self):
        result = run("batch", os.path.join(self.dir, "nothere.tsv"))
        self.assert_one_line_error(result, 1, "nothere.tsv")

    def test_empty_manifest(self):
        result = self.batch(self.write("m.tsv", "# nothing\n"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(summary(result), (0, 0, 0, 0))


if __name__ == "__main__":
    talign_testing.main(__doc__)

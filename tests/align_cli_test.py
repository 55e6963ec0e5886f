#!/usr/bin/env python3
"""End-to-end tests of `talign align`: options, exit codes and messages, the beads and text
formats, determinism, standard input, empty sides, --lexicon-out/--lexicon-in and --dict.

The documents are built here from German/French word pairs (tests/data/align/de-fr.tsv): every
sentence pair shares a number and a name, so the correct beads follow from the construction.

Usage: align_cli_test.py PATH_TO_TALIGN
"""
import os
import random
import re

import talign_testing
from talign_testing import CliTestCase, run

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "align")
ROOT = os.path.dirname(HERE)
BEAD_LINE = re.compile(r"^\[(\d+(, \d+)*)?\]:\[(\d+(, \d+)*)?\]:\d\.\d{3}$")




def word_pairs():
    pairs = []
    with open(os.path.join(DATA, "de-fr.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                src, tgt = line.rstrip("\n").split("\t")[:2]
                pairs.append((src, tgt))
    return pairs


WORDS = word_pairs()
SYLLABLES = ["ka", "lo", "ver", "min", "tor", "sa", "bel", "ru", "den", "fi", "gar", "mon", "tes",
             "vi", "lan", "dor"]


def clause(rng, ident):
    """One clause in German and French sharing a name and a number ("4,321" / "4 321")."""
    name = (SYLLABLES[ident % 16] + SYLLABLES[(ident // 16 + 3) % 16] + "ek").capitalize()
    number = 1000 + ident * 97 + rng.randrange(50)
    src, tgt = [], []
    for w in range(rng.randint(5, 11)):
        s, t = rng.choice(WORDS)
        src.append(s)
        tgt.append(t)
        if w == 1:
            src.append(name)
            tgt.append(name)
        if w == 3:
            src.append(f"{number // 1000},{number % 1000:03d}")
            tgt.append(f"{number // 1000} {number % 1000:03d}")
    return " ".join(src), " ".join(tgt)


def sentence(text):
    return text[0].upper() + text[1:] + "."


def unit(rng, counter, a, b):
    """a source and b target sentences that translate each other as a whole (a + b - 1 clauses,
    cut at different places on the two sides so that no smaller bead fits)."""
    if a == 0 or b == 0:
        s, t = clause(rng, counter[0])
        counter[0] += 1
        return ([sentence(s)] if a else []), ([sentence(t)] if b else [])
    clauses = []
    for _ in range(a + b - 1):
        clauses.append(clause(rng, counter[0]))
        counter[0] += 1

    def build(side, joiner, cut_here):
        out = [[]]
        for k, c in enumerate(clauses):
            out[-1].append(c[side])
            if cut_here(k) and k + 1 < len(clauses):
                out.append([])
        return [sentence(joiner.join(parts)) for parts in out]

    src = build(0, ", und ", lambda k: k + 1 < a)
    tgt = build(1, ", et ", lambda k: k + 1 >= a)
    assert len(src) == a and len(tgt) == b
    return src, tgt


def document(seed, count, special=None, paragraph_every=0):
    """(source lines, target lines, beads) for `count` units, 1-1 except `special` {index: (a, b)}.
    Lines are one sentence each; '' marks a paragraph break (every `paragraph_every` units)."""
    rng = random.Random(seed)
    counter = [0]
    src_lines, tgt_lines, beads = [], [], []
    s = t = 0
    for k in range(count):
        a, b = (special or {}).get(k, (1, 1))
        us, ut = unit(rng, counter, a, b)
        src_lines += us
        tgt_lines += ut
        beads.append((list(range(s, s + a)), list(range(t, t + b))))
        s += a
        t += b
        if paragraph_every and (k + 1) % paragraph_every == 0 and k + 1 < count:
            src_lines.append("")
            tgt_lines.append("")
    return src_lines, tgt_lines, beads


def parse_beads(text):
    beads = []
    for line in text.splitlines():
        m = BEAD_LINE.match(line)
        if not m:
            raise AssertionError(f"not a bead line: {line!r}")
        src, tgt, score = line.split(":")
        ids = lambda s: [int(x) for x in s.strip("[]").split(", ") if x]
        beads.append((ids(src), ids(tgt), float(score)))
    return beads


class AlignCliTest(CliTestCase):
    def write_doc(self, seed=1, count=20, special=None, paragraph_every=0):
        src, tgt, beads = document(seed, count, special, paragraph_every)
        src_path = self.write("de.txt", "\n".join(src) + "\n")
        tgt_path = self.write("fr.txt", "\n".join(tgt) + "\n")
        return src_path, tgt_path, src, tgt, beads

    def align(self, *args, stdin=b"", code=0):
        r = run("align", "-s", "de", "-t", "fr", *args, stdin=stdin)
        self.assertEqual(r.returncode, code, r.stderr.decode("utf-8", "replace"))
        return r

    def assert_covers(self, beads, n, m):
        """Every source and target id once, in order; no empty bead."""
        src = [i for b in beads for i in b[0]]
        tgt = [j for b in beads for j in b[1]]
        self.assertEqual(src, list(range(n)))
        self.assertEqual(tgt, list(range(m)))
        for b in beads:
            self.assertTrue(b[0] or b[1], "empty bead")
            self.assertLessEqual(len(b[0]) + len(b[1]), 5)

    def listing(self):
        return sorted(os.listdir(self.dir))

    # --- help and usage errors ----------------------------------------------------------------
    def test_help_lists_options(self):
        r = run("align", "--help")
        self.assertEqual(r.returncode, 0)
        out = r.stdout.decode()
        for option in ["--src-lang", "--tgt-lang", "--output", "--format", "--presplit",
                       "--paragraphs", "--no-p-markers", "--dict", "--lexicon-in", "--lexicon-out", "--min-score",
                       "--no-length", "--no-anchors", "--no-lexicon", "--no-paragraph-first",
                       "--verbose", "--quiet", "Exit codes"]:
            self.assertIn(option, out)
        self.assertEqual(r.stderr, b"")
        self.assertIn("align", run("--help").stdout.decode())

    def test_usage_errors_exit_2_with_one_line_and_no_output(self):
        src, tgt, *_ = self.write_doc(count=3)
        out = os.path.join(self.dir, "out.beads")
        before = self.listing()
        cases = [
            (["-s", "de", src, tgt], "--tgt-lang"),
            (["-t", "fr", src, tgt], "--src-lang"),
            (["-s", "de", "-t", "english!", src, tgt], "not a language tag"),
            (["-s", "d e", "-t", "fr", src, tgt], "not a language tag"),
            (["-s", "de", "-t", "fr", "--format", "xml", src, tgt], "xml"),
            (["-s", "de", "-t", "fr", "--paragraphs", src, tgt], "--paragraphs"),
            (["-s", "de", "-t", "fr", "-", "-"], "'-'"),
            (["-s", "de", "-t", "fr", "--min-score", "2", src, tgt], "--min-score"),
            (["-s", "de", "-t", "fr", "--min-score", "-0.1", src, tgt], "--min-score"),
            (["-s", "de", "-t", "fr", "--min-score", "abc", src, tgt], "min-score"),
            (["-s", "de", "-t", "fr", src], "missing TARGET"),
            (["-s", "de", "-t", "fr", src, tgt, src], ""),
            (["-s", "de", "-t", "fr", "--bogus", src, tgt], "--bogus"),
            (["-s", "de", "-t", "fr", "--set", "nonsense=1", src, tgt], "nonsense"),
            (["-s", "de", "-t", "fr", "--threads", "0", src, tgt], "--threads"),
        ]
        for args, fragment in cases:
            with self.subTest(args=args):
                r = run("align", *args, "-o", out)
                self.assert_one_line_error(r, 2, fragment)
                self.assertEqual(self.listing(), before)

    # --- data errors ----------------------------------------------------------------------------
    def test_missing_file_exit_1_names_it_and_writes_nothing(self):
        src, tgt, *_ = self.write_doc(count=3)
        missing = os.path.join(self.dir, "nope.txt")
        out = os.path.join(self.dir, "out.beads")
        before = self.listing()
        for args in ([missing, tgt], [src, missing], ["--presplit", src, missing]):
            with self.subTest(args=args):
                r = run("align", "-s", "de", "-t", "fr", *args, "-o", out)
                self.assert_one_line_error(r, 1, f"{missing}: cannot open")
                self.assertEqual(self.listing(), before)
        # A directory is not a document either.
        self.assert_one_line_error(run("align", "-s", "de", "-t", "fr", src, self.dir), 1, self.dir)

    def test_invalid_utf8_exit_1_names_file_and_position(self):
        src, tgt, *_ = self.write_doc(count=3)
        bad = self.write("bad.txt", b"Ein haus 1,200.\nZwei \xc3\x28 drei.\n")
        out = os.path.join(self.dir, "out.beads")
        before = self.listing()
        for args in ([bad, tgt], [src, bad], ["--presplit", bad, tgt]):
            with self.subTest(args=args):
                r = run("align", "-s", "de", "-t", "fr", *args, "-o", out)
                self.assert_one_line_error(r, 1, f"{bad}: invalid UTF-8 at byte 21 (line 2)")
                self.assertEqual(self.listing(), before)
        # Through standard input the file is called <stdin>.
        r = run("align", "-s", "de", "-t", "fr", "-", tgt, stdin=b"ok.\n\xff\n")
        self.assert_one_line_error(r, 1, "<stdin>", "invalid UTF-8")

    def test_unwritable_outputs_leave_nothing_behind(self):
        src, tgt, *_ = self.write_doc(count=6)
        out = os.path.join(self.dir, "out.beads")
        before = self.listing()
        r = run("align", "-s", "de", "-t", "fr", src, tgt, "-o", os.path.join(self.dir, "no", "x"))
        self.assert_one_line_error(r, 1, os.path.join(self.dir, "no", "x"))
        # The lexicon cannot be written: the beads are not written either, no temporary is left.
        lexicon = os.path.join(self.dir, "no", "lex.tsv")
        r = run("align", "-s", "de", "-t", "fr", src, tgt, "-o", out, "--lexicon-out", lexicon)
        self.assert_one_line_error(r, 1, lexicon)
        self.assertEqual(self.listing(), before)

    def test_dictionary_and_lexicon_errors(self):
        src, tgt, *_ = self.write_doc(count=3)
        missing = os.path.join(self.dir, "nope.tsv")
        self.assert_one_line_error(
            run("align", "-s", "de", "-t", "fr", src, tgt, "--dict", missing), 1,
            f"{missing}: cannot open")
        self.assert_one_line_error(
            run("align", "-s", "de", "-t", "fr", src, tgt, "--lexicon-in", missing), 1,
            f"{missing}: cannot open")
        bad_dict = self.write("bad.tsv", "haus\tmaison\nberg montagne\n")
        self.assert_one_line_error(
            run("align", "-s", "de", "-t", "fr", src, tgt, "--dict", bad_dict), 1, bad_dict,
            "line 2")
        bad_lexicon = self.write("bad_lex.tsv", "haus\tmaison\t0.5\nberg\tmontagne\n")
        self.assert_one_line_error(
            run("align", "-s", "de", "-t", "fr", src, tgt, "--lexicon-in", bad_lexicon), 1,
            bad_lexicon, "line 2")

    # --- formats --------------------------------------------------------------------------------
    def test_beads_format_covers_all_sentences_in_order(self):
        special = {3: (1, 0), 7: (0, 1), 11: (1, 2), 15: (2, 1)}
        src, tgt, src_lines, tgt_lines, built = self.write_doc(seed=2, count=20, special=special)
        r = self.align("--presplit", src, tgt)
        self.assertEqual(r.stderr, b"")
        beads = parse_beads(r.stdout.decode())
        self.assert_covers(beads, len(src_lines), len(tgt_lines))
        for _, _, score in beads:
            self.assertTrue(0.0 <= score <= 1.0)
        # The document was built with these beads; each pair shares a number and a name.
        self.assertEqual([(s, t) for s, t, _ in beads], built)

    def test_beads_format_with_sentence_splitting(self):
        # Paragraph text: the sentences are found by the splitter; `talign split` says how many.
        src_lines, tgt_lines, _ = document(3, 15, {4: (1, 2), 9: (2, 1)}, paragraph_every=5)
        def para(lines):  # one line per paragraph, a blank line between paragraphs
            paragraphs = "\n".join(lines).split("\n\n")
            return "\n\n".join(" ".join(p.split("\n")) for p in paragraphs)
        src = self.write("de.txt", para(src_lines) + "\n")
        tgt = self.write("fr.txt", para(tgt_lines) + "\n")
        counts = []
        for lang, path in (("de", src), ("fr", tgt)):
            split = run("split", "--lang", lang, path)
            self.assertEqual(split.returncode, 0, split.stderr)
            counts.append(sum(1 for line in split.stdout.decode().split("\n") if line))
        r = self.align(src, tgt)
        beads = parse_beads(r.stdout.decode())
        self.assert_covers(beads, *counts)

    def test_text_format_matches_beads(self):
        special = {2: (1, 2), 5: (2, 1), 8: (1, 0), 10: (0, 1)}
        src, tgt, src_lines, tgt_lines, _ = self.write_doc(seed=4, count=14, special=special)
        beads = parse_beads(self.align("--presplit", src, tgt).stdout.decode())
        text = self.align("--presplit", "-f", "text", src, tgt).stdout.decode("utf-8")
        lines = text.split("\n")
        self.assertEqual(lines[-1], "")
        lines = lines[:-1]
        self.assertEqual(len(lines), len(beads))
        for line, (s, t, score) in zip(lines, beads):
            fields = line.split("\t")
            self.assertEqual(len(fields), 3, line)
            self.assertEqual(fields[0], " ".join(src_lines[i] for i in s))
            self.assertEqual(fields[1], " ".join(tgt_lines[j] for j in t))
            self.assertRegex(fields[2], r"^\d\.\d{3}$")
            self.assertEqual(float(fields[2]), score)
        # A tab inside a sentence would break the layout: it becomes a space.
        tabbed_src = self.write("tab_de.txt", "Ein\thaus 1,234.\nZwei berge 5,678.\n")
        tabbed_tgt = self.write("tab_fr.txt", "Une maison 1 234.\nDeux\tmontagnes 5 678.\n")
        tabbed = self.align("--presplit", "-f", "text", tabbed_src, tabbed_tgt).stdout.decode()
        for line in tabbed.splitlines():
            self.assertEqual(len(line.split("\t")), 3, line)
        self.assertIn("Ein haus 1,234.", tabbed)
        self.assertIn("Deux montagnes 5 678.", tabbed)
        # Long option name, same output.
        self.assertEqual(
            self.align("--presplit", "--format", "text", src, tgt).stdout.decode(), text)

    def test_text_format_joins_chinese_without_spaces(self):
        pair = os.path.join(ROOT, "corpora", "en-zh")
        en_path, zh_path = os.path.join(pair, "en.sent"), os.path.join(pair, "zh.sent")
        with open(en_path, encoding="utf-8") as f:
            en = [line for line in f.read().split("\n") if line]
        with open(zh_path, encoding="utf-8") as f:
            zh = [line for line in f.read().split("\n") if line]
        args = ["align", "-s", "en", "-t", "zh", "--presplit", "--paragraphs", en_path, zh_path]
        b = run(*args)
        t = run(*args, "-f", "text")
        self.assertEqual(b.returncode, 0, b.stderr)
        beads = parse_beads(b.stdout.decode())
        self.assert_covers(beads, len(en), len(zh))
        lines = t.stdout.decode("utf-8").splitlines()
        self.assertEqual(len(lines), len(beads))
        for line, (s, tg, _) in zip(lines, beads):
            fields = line.split("\t")
            self.assertEqual(fields[0], " ".join(en[i] for i in s))
            self.assertEqual(fields[1], "".join(zh[j] for j in tg))

    def test_min_score_keeps_a_subset_of_text_lines(self):
        special = {2: (1, 2), 5: (2, 1), 8: (1, 0), 10: (0, 1), 12: (2, 2)}
        src, tgt, *_ = self.write_doc(seed=5, count=16, special=special)
        # Without the lexicon the scores spread around 0.9.
        base = ["--presplit", "--no-lexicon", "-f", "text", src, tgt]
        everything = self.align(*base).stdout.decode().splitlines()
        scores = sorted(float(line.split("\t")[2]) for line in everything)
        # 0.9, and a threshold between two printed scores, so that some lines go and some stay.
        middle = (scores[len(scores) // 2 - 1] + scores[len(scores) // 2]) / 2
        for threshold in (0.9, middle):
            with self.subTest(threshold=threshold):
                kept = self.align("--min-score", str(threshold), *base).stdout.decode().splitlines()
                # An ordered subset of exactly the lines scoring at least the threshold.
                it = iter(everything)
                self.assertTrue(all(line in it for line in kept), "not an ordered subset")
                for line in everything:
                    score = float(line.split("\t")[2])
                    if score >= threshold + 0.0005:
                        self.assertIn(line, kept)
                    if score < threshold - 0.0005:
                        self.assertNotIn(line, kept)
                if threshold == middle and scores[0] < scores[-1]:
                    self.assertTrue(0 < len(kept) < len(everything))
        self.assertEqual(self.align("--min-score", "0", *base).stdout.decode().splitlines(),
                         everything)
        perfect = self.align("--min-score", "1", *base).stdout.decode().splitlines()
        self.assertTrue(all(float(line.split("\t")[2]) >= 0.9995 for line in perfect))
        # The beads format lists every bead: --min-score with it is a usage error, not ignored.
        beads = ["--presplit", "--no-lexicon", src, tgt]
        self.assert_one_line_error(run("align", "-s", "de", "-t", "fr", "--min-score", "0.9",
                                       *beads), 2, "--min-score")

    # --- review findings: outputs that would clobber something, partial translations -----------
    def test_outputs_never_clobber_inputs_or_each_other(self):
        src = self.write("de.txt", "Der Berg ist hoch. Die Hütte ist alt.\n")
        tgt = self.write("fr.txt", "La montagne est haute. Le refuge est vieux.\n")
        self.assert_one_line_error(run("align", "-s", "de", "-t", "fr", src, tgt, "-o", src), 2,
                                   "is also an input")
        self.assert_one_line_error(run("align", "-s", "de", "-t", "fr", src, tgt,
                                       "--lexicon-out", "-"), 2, "--lexicon-out")
        self.assert_one_line_error(run("align", "-s", "de", "-t", "fr", src, tgt,
                                       "--lexicon-out", ""), 2, "--lexicon-out")
        self.assert_one_line_error(run("align", "-s", "de", "-t", "fr", src, tgt, "--dict", ""),
                                   2, "--dict")
        with open(src, encoding="utf-8") as f:
            self.assertEqual(f.read(), "Der Berg ist hoch. Die Hütte ist alt.\n")
        # A lexicon that cannot be written fails before any alignment reaches stdout.
        r = run("align", "-s", "de", "-t", "fr", src, tgt, "--lexicon-out",
                os.path.join(self.dir, "missing", "lex.tsv"))
        self.assert_one_line_error(r, 1, "lex.tsv")
        empty = self.write("empty.tsv", "")
        self.assert_one_line_error(run("align", "-s", "de", "-t", "fr", src, tgt, "--lexicon-in",
                                       empty), 1, "empty.tsv")

    def test_one_sentence_against_a_document(self):
        # 1 sentence against 50: the length ratio comes from typical sentences, not the totals
        # (which would say 50), so the sentence still finds its translation.
        corpus = os.path.join(ROOT, "corpora", "en-fr")
        with open(os.path.join(corpus, "en.sent"), encoding="utf-8") as f:
            first = f.readline()
        src = self.write("one.txt", first)
        r = run("align", "--presplit", "-s", "en", "-t", "fr", src,
                os.path.join(corpus, "fr.sent"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.decode().startswith("[0]:[0]:"), r.stdout[:80])

    def test_partial_translation_aligns_its_part(self):
        # The French document translates only the first quarter of the English one: the length
        # ratio must come from linked sentences, not from the documents' totals.
        corpus = os.path.join(ROOT, "corpora", "en-fr")
        with open(os.path.join(corpus, "en.sent"), encoding="utf-8") as f:
            en = [line for line in f.read().split("\n") if line]
        with open(os.path.join(corpus, "fr.sent"), encoding="utf-8") as f:
            fr = [line for line in f.read().split("\n") if line]
        with open(os.path.join(corpus, "gold.beads"), encoding="utf-8") as f:
            gold = [line.strip() for line in f if line.strip()]
        keep = len(fr) // 4
        src = self.write("en.txt", "\n".join(en) + "\n")
        tgt = self.write("fr.txt", "\n".join(fr[:keep]) + "\n")
        r = run("align", "--presplit", "-s", "en", "-t", "fr", src, tgt)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn(b"do not look like translations", r.stderr)
        got = {":".join(line.split(":")[:2]) for line in r.stdout.decode().splitlines()}
        inside = []
        for bead in gold:
            tgt_ids = [int(x) for x in re.findall(r"\d+", bead.split(":")[1])]
            src_ids = [int(x) for x in re.findall(r"\d+", bead.split(":")[0])]
            if tgt_ids and src_ids and max(tgt_ids) < keep - 1:
                inside.append(bead)
        exact = sum(bead in got for bead in inside)
        self.assertGreaterEqual(exact, 0.8 * len(inside), f"{exact} of {len(inside)} gold beads")

    def test_progress_modes(self):
        src = self.write("de.txt", "Der Berg ist hoch. Die Hütte ist alt.\n")
        tgt = self.write("fr.txt", "La montagne est haute. Le refuge est vieux.\n")
        base = ["align", "-s", "de", "-t", "fr", src, tgt]
        # Not a terminal: auto (the default) prints nothing; always prints progress lines.
        self.assertEqual(run(*base).stderr, b"")
        always = run(*base, "--progress", "always")
        self.assertEqual(always.returncode, 0, always.stderr)
        self.assertIn(b"talign: aligning 100%", always.stderr)
        self.assertEqual(run(*base, "--progress", "always", "-q").stderr, b"")
        self.assert_one_line_error(run(*base, "--progress", "sometimes"), 2, "--progress")

    def test_format_option_combinations(self):
        src = self.write("de.txt", "Der Berg ist hoch. Die Hütte ist alt.\n")
        tgt = self.write("fr.txt", "La montagne est haute. Le refuge est vieux.\n")
        base = ["align", "-s", "de", "-t", "fr", src, tgt]
        self.assert_one_line_error(run(*base, "--format", "moses"), 2, "-o PREFIX")
        self.assert_one_line_error(run(*base, "--keep-unmatched"), 2, "--keep-unmatched")
        self.assert_one_line_error(run(*base, "--format", "jsonl", "--min-score", "0.5"), 2,
                                   "--min-score")
        self.assert_one_line_error(run(*base, "--format", "tmx", "--date", "tomorrow"), 2,
                                   "--date")
        for impossible in ["2024-13-01", "2023-02-29", "2024-01-02T25:61:99Z", "20240000T000000Z"]:
            self.assert_one_line_error(run(*base, "--format", "tmx", "--date", impossible), 2,
                                       "--date")
        self.assertEqual(run(*base, "--format", "tmx", "--date", "2024-02-29").returncode, 0)
        # A moses prefix whose files would be the inputs is refused, not written.
        same = self.write("q.de", "Der Berg ist hoch.\n")
        self.assert_one_line_error(run("align", "-s", "de", "-t", "fr", same, tgt, "--format",
                                       "moses", "-o", os.path.join(self.dir, "q")), 2,
                                   "also an input")
        with open(same, encoding="utf-8") as f:
            self.assertEqual(f.read(), "Der Berg ist hoch.\n")
        # Same input, options and date: the same bytes, for every format.
        for fmt in ["tmx", "tsv", "jsonl", "ladder", "xces", "text", "beads"]:
            with self.subTest(format=fmt):
                a = run(*base, "--format", fmt, "--date", "2026-01-01")
                b = run(*base, "--format", fmt, "--date", "2026-01-01")
                self.assertEqual(a.returncode, 0, a.stderr)
                self.assertEqual(a.stdout, b.stdout)
        prefix = os.path.join(self.dir, "corpus")
        r = run(*base, "--format", "moses", "-o", prefix)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(prefix + ".de", encoding="utf-8") as f1, open(prefix + ".fr",
                                                                encoding="utf-8") as f2:
            self.assertEqual(len(f1.read().splitlines()), len(f2.read().splitlines()))

    # --- behaviour ------------------------------------------------------------------------------
    def test_output_is_deterministic_and_o_equals_stdout(self):
        special = {3: (1, 2), 9: (2, 1), 14: (1, 0)}
        src, tgt, *_ = self.write_doc(seed=6, count=30, special=special, paragraph_every=7)
        for args in (["--presplit"], ["--presplit", "--paragraphs"], ["--presplit", "-f", "text"],
                     ["--presplit", "--no-lexicon"], []):
            with self.subTest(args=args):
                a = self.align(*args, src, tgt)
                b = self.align(*args, src, tgt)
                self.assertEqual(a.stdout, b.stdout)
                self.assertNotEqual(a.stdout, b"")
                out = os.path.join(self.dir, "out")
                c = self.align(*args, src, tgt, "-o", out)
                self.assertEqual(c.stdout, b"")
                with open(out, "rb") as f:
                    self.assertEqual(f.read(), a.stdout)
                os.remove(out)
                self.assertEqual(self.align(*args, "--threads", "1", src, tgt).stdout, a.stdout)

    def test_standard_input_for_one_side(self):
        src, tgt, *_ = self.write_doc(seed=7, count=10, special={4: (1, 2)})
        with open(src, "rb") as f:
            src_bytes = f.read()
        with open(tgt, "rb") as f:
            tgt_bytes = f.read()
        expected = self.align("--presplit", src, tgt).stdout
        self.assertEqual(self.align("--presplit", "-", tgt, stdin=src_bytes).stdout, expected)
        self.assertEqual(self.align("--presplit", src, "-", stdin=tgt_bytes).stdout, expected)

    def test_empty_side_gives_unmatched_beads(self):
        src, tgt, src_lines, tgt_lines, _ = self.write_doc(seed=8, count=6)
        empty = self.write("empty.txt", b"")
        blank = self.write("blank.txt", b"\n  \n\t\n")
        for presplit in ([], ["--presplit"]):
            for nothing in (empty, blank):
                with self.subTest(presplit=presplit, nothing=nothing):
                    r = self.align(*presplit, src, nothing)
                    beads = parse_beads(r.stdout.decode())
                    self.assertTrue(beads)
                    self.assertTrue(all(len(s) == 1 and not t for s, t, _ in beads))
                    self.assertEqual([s[0] for s, _, _ in beads], list(range(len(beads))))
                    if presplit:
                        self.assertEqual(len(beads), len(src_lines))
                    err = r.stderr.decode()
                    self.assertEqual(err.count("\n"), 1, err)
                    self.assertIn(nothing, err)
                    r = self.align(*presplit, nothing, tgt)
                    beads = parse_beads(r.stdout.decode())
                    self.assertTrue(all(not s and len(t) == 1 for s, t, _ in beads))
                    self.assertEqual([t[0] for _, t, _ in beads], list(range(len(beads))))
                    self.assertIn(nothing, r.stderr.decode())
                    # -q: no warning.
                    self.assertEqual(self.align("-q", *presplit, src, nothing).stderr, b"")
        out = os.path.join(self.dir, "out.beads")
        before = self.listing()
        r = run("align", "-s", "de", "-t", "fr", empty, blank, "-o", out)
        self.assert_one_line_error(r, 1, "empty")
        self.assertEqual(self.listing(), before)

    def test_lexicon_out_is_accepted_by_lexicon_in_and_gives_the_same_beads(self):
        special = {4: (1, 2), 9: (2, 1), 13: (1, 0), 17: (0, 1)}
        src, tgt, _, _, built = self.write_doc(seed=9, count=24, special=special)
        lexicon = os.path.join(self.dir, "lex.tsv")
        first = self.align("--presplit", "--lexicon-out", lexicon, src, tgt)
        with open(lexicon, encoding="utf-8") as f:
            rows = [line.split("\t") for line in f.read().splitlines()]
        self.assertTrue(rows)
        for row in rows:
            self.assertEqual(len(row), 3, row)
            self.assertTrue(0 < float(row[2]) <= 1, row)
        self.assertEqual(rows, sorted(rows, key=lambda r: (r[0], r[1])))
        # The documents were made of these word pairs: the lexicon has found most of them.
        found = {(r[0], r[1]) for r in rows}
        self.assertGreaterEqual(sum(1 for p in WORDS if p in found), len(WORDS) // 2)
        second = self.align("--presplit", "--lexicon-in", lexicon, src, tgt)
        strip = lambda out: [(s, t) for s, t, _ in parse_beads(out.decode())]
        self.assertEqual(strip(second.stdout), strip(first.stdout))
        self.assertEqual(strip(first.stdout), built)
        # Read back and written out again: the same table.
        again = os.path.join(self.dir, "lex2.tsv")
        self.align("--presplit", "--lexicon-in", lexicon, "--lexicon-out", again, src, tgt)
        with open(lexicon, "rb") as a, open(again, "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_dictionary_in_both_formats(self):
        special = {3: (1, 2), 8: (2, 1)}
        src, tgt, _, _, built = self.write_doc(seed=10, count=14, special=special)
        for name in ("de-fr.tsv", "de-fr.dic"):
            with self.subTest(dictionary=name):
                dictionary = os.path.join(DATA, name)
                r = self.align("--presplit", "--dict", dictionary, src, tgt)
                self.assertEqual([(s, t) for s, t, _ in parse_beads(r.stdout.decode())], built)
                # Without numbers and names the dictionary still links the sentences.
                r = self.align("--presplit", "--no-anchors", "--dict", dictionary, src, tgt)
                self.assertEqual([(s, t) for s, t, _ in parse_beads(r.stdout.decode())], built)
        small = self.write("small.tsv", "haus\tmaison\nberg\tmontagne\n")
        r = self.align("--presplit", "--dict", small, src, tgt)
        self.assert_covers(parse_beads(r.stdout.decode()), sum(len(b[0]) for b in built),
                           sum(len(b[1]) for b in built))

    def test_switches_and_verbose(self):
        src, tgt, src_lines, tgt_lines, _ = self.write_doc(seed=11, count=12, special={5: (2, 1)},
                                                           paragraph_every=4)
        n = sum(1 for line in src_lines if line)
        m = sum(1 for line in tgt_lines if line)
        for switches in (["--no-length"], ["--no-anchors"], ["--no-lexicon"],
                         ["--no-paragraph-first"], ["--no-length", "--no-anchors", "--no-lexicon"],
                         ["--paragraphs"],
                         ["--set", "temperature=1.5", "--set", "prior_1-1=0.8"]):
            with self.subTest(switches=switches):
                r = self.align("--presplit", *switches, src, tgt)
                self.assert_covers(parse_beads(r.stdout.decode()), n, m)
                # At most a warning (weak evidence may be reported), never more.
                err = r.stderr.decode()
                self.assertLessEqual(err.count("\n"), 1, err)
                self.assertTrue(not err or err.startswith("talign: "), err)
        r = self.align("--presplit", "-v", src, tgt)
        err = r.stderr.decode()
        self.assertEqual(err.count("\n"), 1, err)
        self.assertIn(f"{n} x {m} sentences", err)

    # --- parameter overrides (bugs once: uncaught exception, NaN scores) ----------------------
    def test_set_with_a_non_number_is_a_usage_error(self):
        # tools/align_command.cc calls std::stod unguarded: std::invalid_argument escapes main
        # and the process aborts (exit 134, "terminate called ...") instead of exiting 2.
        src, tgt, *_ = self.write_doc(count=3)
        for setting in ("temperature=abc", "temperature=", "temperature=1e999"):
            with self.subTest(setting=setting):
                self.assert_one_line_error(
                    run("align", "-s", "de", "-t", "fr", "--set", setting, src, tgt), 2, "--set")

    def test_set_out_of_range_values_do_not_give_nan_scores(self):
        # --set temperature=0 (or llr_lambda=2) is accepted and every score prints as "-nan".
        src, tgt, *_ = self.write_doc(count=6)
        for setting in ("temperature=0", "llr_lambda=2"):
            with self.subTest(setting=setting):
                r = run("align", "-s", "de", "-t", "fr", "--presplit", "--set", setting, src, tgt)
                if r.returncode == 0:
                    parse_beads(r.stdout.decode())  # raises on "-nan"
                else:
                    self.assert_one_line_error(r, 2, "--set")


if __name__ == "__main__":
    talign_testing.main(__doc__)

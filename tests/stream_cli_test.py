#!/usr/bin/env python3
"""End-to-end tests of `talign stream`: one output line per input line, in order, ids echoed,
beads as `talign align --format jsonl`, error lines for bad records, GNU Parallel.

Usage: stream_cli_test.py TALIGN"""
import json
import os
import re
import select
import shutil
import subprocess
import unittest

import talign_testing as tt
from talign_testing import run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPORA = os.path.join(ROOT, "corpora")
DATA = os.path.join(ROOT, "tests", "data", "stream")
PAIRS = [("en-fr", "fr"), ("en-de", "de"), ("en-ru", "ru"), ("en-zh", "zh"), ("en-ar", "ar")]


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def gold_pairs(pair, lang):
    """The gold beads of a corpus as (source text, target text) pairs of sentences."""
    # Sentence numbers count sentences; blank lines in .sent files separate paragraphs.
    src = [l for l in read(os.path.join(CORPORA, pair, "en.sent")).splitlines() if l.strip()]
    tgt = [l for l in read(os.path.join(CORPORA, pair, lang + ".sent")).splitlines() if l.strip()]
    pairs = []
    for line in read(os.path.join(CORPORA, pair, "gold.beads")).splitlines():
        m = re.fullmatch(r"\[([\d, ]*)\]:\[([\d, ]*)\]", line.strip())
        if not m:
            continue
        s = [int(i) for i in m.group(1).split(",") if i.strip()]
        t = [int(i) for i in m.group(2).split(",") if i.strip()]
        if s and t:
            pairs.append((" ".join(src[i] for i in s), " ".join(tgt[i] for i in t)))
    return pairs


def small_records(count):
    """`count` small records of 1..4 gold pairs each, cycling through every corpus."""
    records = []
    corpora = [(pair, lang, gold_pairs(pair, lang)) for pair, lang in PAIRS]
    k = 0
    while len(records) < count:
        pair, lang, pairs = corpora[k % len(corpora)]
        start = (k * 7) % (len(pairs) - 4)
        chunk = pairs[start:start + 1 + k % 4]
        records.append({"id": k, "src": " ".join(p[0] for p in chunk),
                        "tgt": " ".join(p[1] for p in chunk), "src_lang": "en", "tgt_lang": lang})
        k += 1
    return records


def jsonl(records):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def output_lines(result):
    """The parsed output lines; the output must be valid UTF-8 with one object per line."""
    text = result.stdout.decode("utf-8")
    assert text == "" or text.endswith("\n"), text[-100:]
    return [json.loads(line) for line in text.splitlines()]


class StreamTest(tt.CliTestCase):
    def assert_covers(self, beads):
        """Every sentence of both sides in exactly one bead, in order."""
        src = [i for b in beads for i in b["src_ids"]]
        tgt = [i for b in beads for i in b["tgt_ids"]]
        self.assertEqual(src, list(range(len(src))))
        self.assertEqual(tgt, list(range(len(tgt))))
        for b in beads:
            self.assertTrue(b["src_ids"] or b["tgt_ids"])
            self.assertEqual(list(b), ["src_ids", "tgt_ids", "src", "tgt", "score"])

    def test_corpus_records_match_align_jsonl(self):
        records = []
        for pair, lang in PAIRS:
            records.append({"id": pair, "src": read(os.path.join(CORPORA, pair, "en.txt")),
                            "tgt": read(os.path.join(CORPORA, pair, lang + ".txt")),
                            "tgt_lang": lang})
        result = run("stream", "-s", "en", "-q", stdin=jsonl(records))
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = output_lines(result)
        self.assertEqual(len(lines), len(records))
        for (pair, lang), line in zip(PAIRS, lines):
            with self.subTest(pair=pair):
                self.assertEqual(list(line), ["id", "beads"])
                self.assertEqual(line["id"], pair)
                self.assert_covers(line["beads"])
                align = tt.run("align", "-s", "en", "-t", lang, "-q", "--format", "jsonl",
                               os.path.join(CORPORA, pair, "en.txt"),
                               os.path.join(CORPORA, pair, lang + ".txt"))
                self.assertEqual(align.returncode, 0, align.stderr)
                expected = [json.loads(l) for l in align.stdout.decode("utf-8").splitlines()]
                self.assertEqual(line["beads"], expected)
                # Scores as align prints them: 3 decimals.
                for b in line["beads"]:
                    self.assertEqual(round(b["score"], 3), b["score"])

    def test_ids_echoed_in_order(self):
        ids = [0, -5, 3.25, "a", "ü", None, True, [1, "x"], {"z": 1, "a": {"b": [None]}}, 10**15]
        records = [{"id": i, "src": "One sentence. Another one.", "tgt": "Une phrase. Une autre."}
                   for i in ids]
        records.append({"src": "No id here.", "tgt": "Pas d'identifiant."})
        result = run("stream", "-s", "en", "-t", "fr", stdin=jsonl(records))
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = output_lines(result)
        self.assertEqual([l["id"] for l in lines], ids + [None])
        # Object ids keep their key order, as given.
        self.assertIn(b'{"id":{"z":1,"a":{"b":[null]}},', result.stdout)
        self.assertIn('"id":"ü"'.encode("utf-8"), result.stdout)  # UTF-8, not \u escapes
        for l in lines[:-1]:
            self.assertEqual(len(l["beads"]), 2)
        for l in lines:
            self.assert_covers(l["beads"])

    def test_bad_records_give_error_lines_and_the_stream_goes_on(self):
        with open(os.path.join(DATA, "mixed.jsonl"), "rb") as f:
            data = f.read()
        errors = {int(n) for n in read(os.path.join(DATA, "mixed.errors")).split()}
        # Invalid UTF-8 inside a JSON string, a blank line, a line without a final newline.
        data += b'{"id": 99, "src": "Caf\xe9.", "tgt": "Caf\xc3\xa9."}\n\n'
        data += '{"id": "last", "src": "Yes.", "tgt": "Oui.", "src_lang": "en"}'.encode("utf-8")
        errors |= {10, 11}
        result = run("stream", "-t", "fr", stdin=data)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = output_lines(result)
        self.assertEqual(len(lines), 12)
        for number, line in enumerate(lines, 1):
            with self.subTest(line=number):
                if number in errors:
                    self.assertEqual(list(line), ["id", "error"])
                    self.assertIsInstance(line["error"], str)
                    self.assertTrue(line["error"])
                else:
                    self.assertEqual(list(line), ["id", "beads"])
                    self.assert_covers(line["beads"])
        self.assertEqual(lines[0]["id"], 1)
        self.assertEqual(lines[1]["id"], None)  # not JSON: id unknown
        self.assertEqual(lines[2]["id"], "no-tgt")
        self.assertIn("tgt", lines[2]["error"])
        self.assertIn("NUL", lines[4]["error"])
        self.assertIn("empty", lines[5]["error"])
        self.assertIn("language tag", lines[6]["error"])
        self.assertEqual(lines[8]["id"], [2, {"k": "v"}])
        self.assertEqual(lines[9]["id"], None)  # invalid UTF-8: the line is not JSON
        self.assertEqual(lines[11]["id"], "last")
        self.assertEqual(lines[11]["beads"][0]["tgt"], "Oui.")

    def test_missing_language_is_an_error_record(self):
        records = [{"id": 1, "src": "Yes.", "tgt": "Oui."},
                   {"id": 2, "src": "Yes.", "tgt": "Oui.", "src_lang": "en", "tgt_lang": "fr"}]
        result = run("stream", stdin=jsonl(records))
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = output_lines(result)
        self.assertIn("src_lang", lines[0]["error"])
        self.assertIn("beads", lines[1])

    def test_empty_input_gives_empty_output(self):
        result = run("stream", "-s", "en", "-t", "fr")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, b"")

    def test_deterministic(self):
        data = jsonl(small_records(40))
        first = run("stream", "-q", stdin=data)
        second = run("stream", "-q", stdin=data)
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertEqual(first.stdout, second.stdout)
        self.assertEqual(len(output_lines(first)), 40)

    def test_presplit(self):
        records = [{"id": 1, "src": "First line. Still first.\nSecond line.",
                    "tgt": "Première ligne. Toujours.\nDeuxième ligne."}]
        result = run("stream", "-s", "en", "-t", "fr", "--presplit", stdin=jsonl(records))
        self.assertEqual(result.returncode, 0, result.stderr)
        beads = output_lines(result)[0]["beads"]
        self.assertEqual([b["src"] for b in beads], ["First line. Still first.", "Second line."])

    def test_model_switches(self):
        data = jsonl(small_records(5))
        for switch in ["--no-lexicon", "--no-anchors", "--no-length", "--no-paragraph-first"]:
            with self.subTest(switch=switch):
                result = run("stream", switch, "-q", stdin=data)
                self.assertEqual(result.returncode, 0, result.stderr)
                for line in output_lines(result):
                    self.assert_covers(line["beads"])

    def test_bad_options_exit_2(self):
        for args, fragment in [(["--bogus"], "bogus"), (["-s", "not a tag"], "language tag"),
                               (["--paragraphs"], "--presplit"), (["extra"], "")]:
            with self.subTest(args=args):
                self.assert_one_line_error(run("stream", *args), 2, fragment)

    def test_results_come_as_records_arrive(self):
        """Each result is flushed at once: a pipe consumer reads it before stdin closes."""
        proc = subprocess.Popen([tt.TALIGN, "stream", "-s", "en", "-t", "fr"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
        try:
            for k in range(2):
                proc.stdin.write(jsonl([{"id": k, "src": "Yes.", "tgt": "Oui."}]))
                proc.stdin.flush()
                ready, _, _ = select.select([proc.stdout], [], [], 60)
                self.assertTrue(ready, "no output while stdin is still open")
                self.assertEqual(json.loads(proc.stdout.readline())["id"], k)
        finally:
            proc.stdin.close()
            proc.wait(60)
            proc.stdout.close()
        self.assertEqual(proc.returncode, 0)

    def test_gnu_parallel_pipe_matches_single_stream(self):
        parallel = shutil.which("parallel")
        if not parallel:
            self.skipTest("GNU parallel is not installed (apt-get install parallel)")
        records = small_records(300)
        path = self.write("records.jsonl", jsonl(records))
        with open(path, "rb") as f:
            single = subprocess.run([tt.TALIGN, "stream", "-q"], stdin=f, capture_output=True)
        self.assertEqual(single.returncode, 0, single.stderr)
        with open(path, "rb") as f:
            piped = subprocess.run([parallel, "--will-cite", "--pipe", "-N", "50", "-k",
                                    tt.TALIGN, "stream", "-q"],
                                   stdin=f, capture_output=True)
        self.assertEqual(piped.returncode, 0, piped.stderr)
        self.assertEqual(piped.stdout, single.stdout)
        lines = output_lines(piped)
        self.assertEqual([l["id"] for l in lines], list(range(300)))
        for line in lines:
            self.assert_covers(line["beads"])


if __name__ == "__main__":
    tt.main(__doc__)

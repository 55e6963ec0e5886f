#!/usr/bin/env python3
"""The bad-input table of README.md ("Bad input and limits"), one row per case: what `talign`
does with empty, binary, mis-encoded, huge, mismatched or unrelated documents, missing paths,
directories, unwritable, full and non-regular outputs, and pairs over --max-memory.

Every row runs one command and checks: the exit code; stderr (an error is exactly one line
starting with "talign" that matches the row's pattern; a success may only warn); the output
(none created, an existing one untouched, or a correct alignment covering every sentence once);
no temporary file left; never a crash (a signal, a sanitizer report, an uncaught exception).

Rows needing ../shared (the seed documents) or root (a tmpfs mount) are skipped without them.

Usage: bad_input_cli_test.py PATH_TO_TALIGN
"""
import os
import re
import resource
import stat
import subprocess
import tempfile
import threading

import talign_testing
from talign_testing import CliTestCase

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EN = os.path.join(ROOT, "corpora", "en-fr", "en.txt")
FR = os.path.join(ROOT, "corpora", "en-fr", "fr.txt")
# The folder beside the checkout, as the CTest tests look for it (TALIGN_SHARED_DIR).
SHARED = os.environ.get("TALIGN_SHARED_DIR", os.path.join(ROOT, "..", "shared"))
BEAD = re.compile(r"^\[([\d, ]*)\]:\[([\d, ]*)\]:(\d\.\d{3})$")
CRASH = re.compile(rb"Sanitizer|runtime error|terminate called|Segmentation|core dumped|Aborted")
TEMP = re.compile(r"\.talign-")
SHORT_FR = "Une maison au bord de la riviere. Deux ponts de pierre.\n"


def read(path):
    with open(path, "rb") as f:
        return f.read()


def parse_beads(text):
    """(source ids, target ids, score) per line of a beads file; raises on a malformed line."""
    beads = []
    for line in text.decode("utf-8").splitlines():
        m = BEAD.match(line)
        if not m:
            raise AssertionError(f"not a bead line: {line!r}")
        ids = [[int(x) for x in g.split(",") if x.strip()] for g in m.groups()[:2]]
        beads.append((ids[0], ids[1], float(m.group(3))))
    return beads


def sentence_count(path, lang):
    """Sentences of `path` as `talign split` finds them (the splitter align uses)."""
    r = subprocess.run([talign_testing.TALIGN, "split", "-q", "--lang", lang, "--no-paragraphs",
                        path], capture_output=True)
    return 0 if r.returncode else len(r.stdout.splitlines())


class Row:
    """One row of the table. `setup(test)` makes the inputs and returns the command's arguments
    (after "talign"); `output` is "absent" (no file at OUT), "untouched" (OUT holds what setup
    put there), "beads" (OUT covers every sentence of `sides`), "stdout" (stdout does) or "none"
    (not checked); `check(test, result)` adds row-specific checks."""

    def __init__(self, name, setup, code, stderr, output, sides=None, check=None, needs=None):
        self.name, self.setup, self.code, self.stderr = name, setup, code, stderr
        self.output, self.sides, self.check, self.needs = output, sides, check, needs


def align(*args, out=True, fmt=None):
    """An align command line; OUT is the row's output path."""
    cmd = ["align", "-s", "en", "-t", "fr", *args]
    if fmt:
        cmd += ["--format", fmt]
    return cmd + (["-o", "{OUT}"] if out else [])


def english_document(sentences):
    """`sentences` distinct English sentences, one paragraph, with numbers and names."""
    words = ["house", "river", "mountain", "bridge", "garden", "village", "forest", "stone"]
    out = []
    for k in range(sentences):
        body = " ".join(words[(k * 7 + i * 3) % len(words)] for i in range(4 + k % 6))
        out.append(f"The {body} of Zermatt counts {1000 + k * 37} stones.")
    return " ".join(out) + "\n"


def write(test, name, data):
    return test.write(name, data)


# --- setups: each returns the command (arguments after "talign") -------------------------------

def empty_source(t):
    return align(write(t, "empty.txt", b""), FR)


def empty_target(t):
    return align(EN, write(t, "empty.txt", b""))


def both_empty(t):
    return align(write(t, "empty.txt", b""), write(t, "blank.txt", b" \n\n\t\n"))


def binary_file(t):
    return align(write(t, "data.bin", b"\x03\x07\x0bRIFX\n\n\x00\x00\x00\rHDR" + bytes(range(256))),
                 FR)


def png_file(t):
    return align(write(t, "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
                 FR)


def pdf_file(t):
    return align(EN, write(t, "paper.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"))


def invalid_utf8(t):
    return align(EN, write(t, "bad.txt", b"Une maison.\nDeux \xc3\x28 rivieres.\n"))


def html_bad_charset(charset, body):
    def setup(t):
        page = (f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"></head>\n'
                '<body><p>'.encode() + body + b"</p></body></html>\n")
        return align(write(t, "page.html", page), FR)
    return setup


def utf16(encoding, bom):
    def setup(t):
        text = read(FR).decode("utf-8")
        return align(EN, write(t, "fr16.txt", bom + text.encode(encoding)))
    return setup


def ten_megabyte_line(t):
    # One line of ~158,000 sentences (10 MB) against two sentences (a short target keeps the
    # search small: this row is about reading and splitting the line).
    words = ["house", "river", "mountain", "stone", "garden", "village", "bridge", "forest"]
    parts, size, k = [], 0, 0
    while size < 10_000_000:
        s = " ".join(words[(k + i) % 8] for i in range(4 + k % 9))
        parts.append(f"{s[0].upper()}{s[1:]} {k}.")
        size += len(parts[-1]) + 1
        k += 1
    t.big_sentences = k
    return align(write(t, "line.txt", " ".join(parts) + "\n"), write(t, "short.txt", SHORT_FR))


def length_mismatch(t):
    # 3 sentences against 300: the short side is 100 times shorter.
    return align(write(t, "short.txt", english_document(3)),
                 write(t, "long.txt", english_document(300)))


def unrelated(t):
    seeds = os.path.join(SHARED, "seeds")
    first = [f for f in sorted(os.listdir(seeds)) if f.startswith("001_")][0]
    second = [f for f in sorted(os.listdir(seeds)) if f.startswith("004_")][0]
    return ["align", "-s", "en", "-t", "ar", os.path.join(seeds, first),
            os.path.join(seeds, second), "-o", "{OUT}"]


def missing_path(t):
    return align(EN, os.path.join(t.dir, "nope.txt"))


def directory(t):
    return align(t.dir, FR)


def unwritable_output(t):
    write(t, "file", b"x")  # a regular file where a directory should be: ENOTDIR
    return ["align", "-s", "en", "-t", "fr", EN, FR, "-o", os.path.join(t.dir, "file", "out")]


def full_disk_ulimit(t):
    write(t, "out", b"previous content\n")
    t.preexec = lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    return align(EN, FR, fmt="text")


def full_disk_tmpfs(t):
    mount = os.path.join(t.dir, "small")
    os.mkdir(mount)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", mount],
                       capture_output=True)
    if r.returncode != 0:
        t.skipTest("cannot mount a tmpfs here")
    t.addCleanup(subprocess.run, ["umount", mount], capture_output=True)
    t.out = os.path.join(mount, "out.txt")
    return align("-q", EN, write(t, "fr.txt", read(FR) * 10), fmt="text")


def dev_stdout(t):
    return ["align", "-s", "en", "-t", "fr", EN, FR, "-o", "/dev/stdout"]


def dev_null(t):
    return ["align", "-s", "en", "-t", "fr", EN, FR, "-o", "/dev/null"]


def fifo(t):
    path = os.path.join(t.dir, "fifo")
    os.mkfifo(path)
    t.received = bytearray()

    def reader():  # blocks until talign opens the FIFO for writing
        with open(path, "rb") as f:
            t.received += f.read()
    t.reader = threading.Thread(target=reader, daemon=True)
    t.reader.start()
    t.fifo = path
    return ["align", "-s", "en", "-t", "fr", EN, FR, "-o", path]


def over_max_memory(t):
    return align(EN, FR) + ["--max-memory", "8M"]


def bad_max_memory(t):
    return align(EN, FR) + ["--max-memory", "12X"]


def reduced_search(t):
    # 1900 x 1900 sentences: searched whole (about 50 MiB); 40M forces the band.
    return align("--presplit", write(t, "src.txt", presplit_document(1900, 0)),
                 write(t, "tgt.txt", presplit_document(1900, 1)), "--max-memory", "40M")


def presplit_document(n, side):
    names = ["Zermatt", "Basel", "Genf", "Chur", "Sion", "Bern", "Thun", "Brig"]
    words = [["house", "river", "stone", "bridge"], ["maison", "riviere", "pierre", "pont"]][side]
    return "".join(f"{names[k % 8]} {' '.join(words[(k + i) % 4] for i in range(3 + k % 7))} "
                   f"{10000 + k}.\n" for k in range(n))


def batch_over_max_memory(t):
    manifest = write(t, "manifest.tsv", f"{EN}\t{FR}\t{t.out}\ten\tfr\n")
    return ["batch", "-j", "1", "--format", "beads", "--max-memory", "8M", manifest]


def stream_over_max_memory(t):
    t.stdin = ('{"id": 1, "src": "One house. Two rivers.", "tgt": "Une maison. Deux rivieres.",'
               ' "src_lang": "en", "tgt_lang": "fr"}\n').encode()
    return ["stream", "--max-memory", "1M"]


# --- row-specific checks ----------------------------------------------------------------------

def all_unmatched_target(t, r):
    beads = parse_beads(read(t.out))
    t.assertTrue(all(not s and len(g) == 1 for s, g, _ in beads), beads[:5])


def all_unmatched_source(t, r):
    beads = parse_beads(read(t.out))
    t.assertTrue(all(len(s) == 1 and not g for s, g, _ in beads), beads[:5])


def same_as_utf8(t, r):
    expected = subprocess.run([talign_testing.TALIGN, "align", "-s", "en", "-t", "fr", EN, FR],
                              capture_output=True).stdout
    t.assertEqual(read(t.out), expected)


def big_line_count(t, r):
    t.covers(parse_beads(read(t.out)), (t.big_sentences, 2))


def low_scores(t, r):
    beads = parse_beads(read(t.out))
    t.assertLess(sum(score for _, _, score in beads) / len(beads), 0.6)


def fifo_received(t, r):
    t.reader.join(10)
    t.assertTrue(stat.S_ISFIFO(os.lstat(t.fifo).st_mode), "the FIFO was replaced")
    expected = subprocess.run([talign_testing.TALIGN, "align", "-s", "en", "-t", "fr", EN, FR],
                              capture_output=True).stdout
    t.assertEqual(bytes(t.received), expected)


def dev_null_kept(t, r):
    t.assertTrue(stat.S_ISCHR(os.stat("/dev/null").st_mode))
    t.assertEqual(r.stdout, b"")


def stream_error_record(t, r):
    t.assertRegex(r.stdout.decode(), r'^\{"id":1,"error":"src: .*more than the limit of 1 MiB'
                                     r' \(--max-memory\)"\}\n$')


ERROR = r"^talign: {FILE}: {WHAT}\n$"
TABLE = [
    Row("empty source", empty_source, 0, r"empty\.txt: no sentences; every target sentence is "
        r"unmatched", "beads", (None, FR), all_unmatched_target),
    Row("empty target", empty_target, 0, r"empty\.txt: no sentences; every source sentence is "
        r"unmatched", "beads", (EN, None), all_unmatched_source),
    Row("both empty", both_empty, 1, ERROR.format(FILE=r".*empty\.txt", WHAT=r"no text in either "
        r"document \(.*blank\.txt is empty too\)"), "absent"),
    Row("binary file", binary_file, 1, ERROR.format(FILE=r".*data\.bin",
        WHAT=r"NUL byte \(binary file\?\) at byte 9 \(line 3\)"), "absent"),
    Row("an image", png_file, 1, ERROR.format(FILE=r".*image\.png",
        WHAT=r"is a PNG image; talign reads text .*"), "absent"),
    Row("a PDF named .txt", pdf_file, 1, ERROR.format(FILE=r".*paper\.txt",
        WHAT=r"is a PDF file; get its text with: pdftotext -layout .*paper\.txt out\.txt .*"),
        "absent"),
    Row("invalid UTF-8", invalid_utf8, 1, ERROR.format(FILE=r".*bad\.txt",
        WHAT=r"invalid UTF-8 at byte 17 \(line 2\)"), "absent"),
    # The first byte not in the page's charset: 71 (after "<p>Une ") and 76 (after four characters).
    Row("HTML: bytes invalid for its declared UTF-8", html_bad_charset("utf-8", b"Une \xc3\x28 maison."),
        1, ERROR.format(FILE=r".*page\.html", WHAT=r"bytes invalid for its declared charset utf-8 "
                        r"at byte 71 \(line 3\)"), "absent"),
    Row("HTML: bytes invalid for its declared Shift_JIS",
        html_bad_charset("Shift_JIS", b"\x93\xfa\x96\x7b \xff\xfe"), 1,
        ERROR.format(FILE=r".*page\.html", WHAT=r"bytes invalid for its declared charset shift_jis "
                     r"at byte 76 \(line 3\)"), "absent"),
    Row("UTF-16LE with BOM", utf16("utf-16-le", b"\xff\xfe"), 0, None, "beads", (EN, FR),
        same_as_utf8),
    Row("UTF-16BE with BOM", utf16("utf-16-be", b"\xfe\xff"), 0, None, "beads", (EN, FR),
        same_as_utf8),
    Row("UTF-16LE without BOM", utf16("utf-16-le", b""), 0, None, "beads", (EN, FR),
        same_as_utf8),
    Row("UTF-16BE without BOM", utf16("utf-16-be", b""), 0, None, "beads", (EN, FR),
        same_as_utf8),
    Row("10 MB single line", ten_megabyte_line, 0, r"do not look like translations", "beads",
        None, big_line_count),
    Row("100x length mismatch", length_mismatch, 0, r".*", "beads", ("short.txt", "long.txt")),
    Row("two unrelated documents", unrelated, 0, r"^talign: .*001_.*, .*004_.*: the documents do "
        r"not look like translations of each other \(only \d+% of sentences in confident "
        r"pairs\)\n$", "beads", None, low_scores, needs="shared"),
    Row("missing path", missing_path, 1, ERROR.format(FILE=r".*nope\.txt",
        WHAT=r"cannot open: No such file or directory"), "absent"),
    Row("a directory", directory, 1, ERROR.format(FILE=".*", WHAT="is a directory"), "absent"),
    Row("unwritable output path", unwritable_output, 1, ERROR.format(FILE=r".*file/out",
        WHAT=r"cannot create output: Not a directory"), "none"),
    Row("full disk (ulimit -f)", full_disk_ulimit, 1, ERROR.format(FILE=r".*out",
        WHAT=r"write failed: File too large"), "untouched"),
    Row("full disk (tmpfs)", full_disk_tmpfs, 1, ERROR.format(FILE=r".*small/out\.txt",
        WHAT=r"write failed: No space left on device"), "absent"),
    Row("-o /dev/stdout", dev_stdout, 0, r"^$", "stdout", (EN, FR)),
    Row("-o a FIFO", fifo, 0, r"^$", "none", None, fifo_received),
    Row("-o /dev/null", dev_null, 0, r"^$", "none", None, dev_null_kept),
    Row("over --max-memory", over_max_memory, 1, ERROR.format(FILE=re.escape(EN),
        WHAT=r"aligning it with .*fr\.txt needs about \d+ MiB of memory, more than the limit of "
             r"8 MiB \(--max-memory\)"), "absent"),
    Row("--max-memory that is not a size", bad_max_memory, 2, r"^talign align: '12X' is not a size "
        r"\(e\.g\. 512M, 2G, 1048576\) \(see 'talign align --help'\)\n$", "absent"),
    Row("reduced search for --max-memory", reduced_search, 0, r"^talign: .*src\.txt, .*tgt\.txt: "
        r"aligned in a reduced search .*--max-memory\)\n$", "beads", ("src.txt", "tgt.txt")),
    Row("batch: a pair over --max-memory", batch_over_max_memory, 3,
        r"^talign: .*manifest\.tsv:1: .*needs about \d+ MiB of memory, more than the limit of 8 "
        r"MiB \(--max-memory\)\ntalign: batch: 1 pairs, 0 aligned, 0 skipped, 1 failed", "absent"),
    Row("stream: a record over --max-memory", stream_over_max_memory, 0, r"^$", "none", None,
        stream_error_record),
]


class BadInputTest(CliTestCase):
    def covers(self, beads, sides):
        """Every sentence of both sides once, in order; scores in [0, 1]. A side is a path
        (absolute or in the row's directory), a sentence count or None (no sentences)."""
        counts = []
        for side, lang in zip(sides, ("en", "fr")):
            if side is None or isinstance(side, int):
                counts.append(side or 0)
            else:
                path = side if os.path.isabs(side) else os.path.join(self.dir, side)
                counts.append(len(read(path).splitlines()) if b"--presplit" in self.cmd_bytes
                              else sentence_count(path, lang))
        self.assertEqual([i for s, _, _ in beads for i in s], list(range(counts[0])))
        self.assertEqual([j for _, g, _ in beads for j in g], list(range(counts[1])))
        for s, g, score in beads:
            self.assertTrue(s or g)
            self.assertTrue(0.0 <= score <= 1.0)

    def run_row(self, row):
        self.out = os.path.join(self.dir, "out")
        self.preexec, self.stdin = None, b""
        cmd = row.setup(self)
        cmd = [arg.replace("{OUT}", self.out) for arg in cmd]
        self.cmd_bytes = " ".join(cmd).encode()
        before = read(self.out) if os.path.exists(self.out) else None
        r = subprocess.run([talign_testing.TALIGN, *cmd], input=self.stdin, capture_output=True,
                           preexec_fn=self.preexec, timeout=300)
        if hasattr(self, "reader") and self.reader.is_alive():
            # talign never opened the FIFO: open it ourselves so that the reader thread ends.
            os.close(os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK))
        err = r.stderr.decode("utf-8", "replace")
        self.assertGreaterEqual(r.returncode, 0, f"killed by signal {-r.returncode}: {err}")
        self.assertIsNone(CRASH.search(r.stderr), err)
        self.assertEqual(r.returncode, row.code, err)
        if row.code in (1, 2):  # an error: one line, nothing on stdout
            self.assertEqual(err.count("\n"), 1, err)
            self.assertEqual(r.stdout, b"")
        if row.stderr is not None:
            self.assertRegex(err, re.compile(row.stderr, re.S))
        for dirpath, _, files in os.walk(self.dir):
            leftovers = [f for f in files if TEMP.search(f)]
            self.assertEqual(leftovers, [], f"temporary file left in {dirpath}")
        if row.output == "absent":
            self.assertFalse(os.path.exists(self.out), "an output was written")
        elif row.output == "untouched":
            self.assertEqual(read(self.out), before)
        elif row.output == "beads":
            beads = parse_beads(read(self.out))
            if row.sides:
                self.covers(beads, row.sides)
        elif row.output == "stdout":
            self.covers(parse_beads(r.stdout), row.sides)
        if row.check:
            row.check(self, r)

    def test_bad_input_table(self):
        shared = os.path.isdir(os.path.join(SHARED, "seeds"))
        for row in TABLE:
            with self.subTest(row=row.name):
                if row.needs == "shared" and not shared:
                    self.skipTest("no ../shared/seeds")
                # Each row in a directory of its own.
                self.tmp_row = tempfile.TemporaryDirectory()
                self.dir = self.tmp_row.name
                for attr in ("reader", "fifo", "big_sentences"):
                    self.__dict__.pop(attr, None)
                try:
                    self.run_row(row)
                finally:
                    self.doCleanups()
                    self.tmp_row.cleanup()


if __name__ == "__main__":
    talign_testing.main(__doc__)

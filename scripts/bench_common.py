"""Shared by scripts/bench-align and scripts/bench-batch (not a script of its own).

Real documents with gold beads: the Text+Berg German-French documents of ../shared/data/textberg
when they are there, else the bundled corpora (corpora/en-{fr,de,ru,ar}: English against four
languages, target language code `mul`); and runs of a command under /usr/bin/time -v.
"""
import os
import re
import signal
import subprocess
from dataclasses import dataclass

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEXTBERG = os.path.join(ROOT, "..", "shared", "data", "textberg")
TEXTBERG_NAMES = ["dev", "test0", "test1", "test2"]
BUNDLED_PAIRS = ["en-fr", "en-de", "en-ru", "en-ar"]


@dataclass
class Document:
    name: str
    src: list     # sentences, one a line
    tgt: list
    beads: list   # (source ids, target ids) in document order


@dataclass
class Corpus:
    description: str
    src_lang: str
    tgt_lang: str
    documents: list


def parse_beads(path):
    """[(source ids, target ids)] of a bead file ("[i, j]:[k]" lines, a score field ignored)."""
    beads = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                a, b = line.strip().split(":")[:2]
                beads.append(([int(x) for x in re.findall(r"\d+", a)],
                              [int(x) for x in re.findall(r"\d+", b)]))
    return beads


def sentences(path):
    """The non-empty lines of a file (a .sent file's blank lines are paragraph breaks)."""
    with open(path, encoding="utf-8") as f:
        return [line for line in f.read().split("\n") if line]


def real_corpus():
    """Text+Berg de-fr when ../shared has it, else the bundled corpora's documents."""
    if all(os.path.exists(os.path.join(TEXTBERG, f"{name}.defr")) for name in TEXTBERG_NAMES):
        docs = [Document(name, sentences(os.path.join(TEXTBERG, f"{name}.de")),
                         sentences(os.path.join(TEXTBERG, f"{name}.fr")),
                         parse_beads(os.path.join(TEXTBERG, f"{name}.defr")))
                for name in TEXTBERG_NAMES]
        where = "../shared/data/textberg"
        corpus = Corpus("", "de", "fr", docs)
    else:
        docs = []
        for pair in BUNDLED_PAIRS:
            d = os.path.join(ROOT, "corpora", pair)
            lang = pair.split("-")[1]
            docs.append(Document(pair, sentences(os.path.join(d, "en.sent")),
                                 sentences(os.path.join(d, f"{lang}.sent")),
                                 parse_beads(os.path.join(d, "gold.beads"))))
        where = "corpora/, no ../shared/data/textberg"
        corpus = Corpus("", "en", "mul", docs)
    ns = sum(len(d.src) for d in docs)
    nt = sum(len(d.tgt) for d in docs)
    corpus.description = (f"{', '.join(d.name for d in docs)} ({where}; {ns:,} x {nt:,} "
                          f"sentences, {corpus.src_lang}-{corpus.tgt_lang})")
    return corpus


def concatenate(corpus, size, rng):
    """The corpus's documents concatenated, copy after copy, each copy in its own shuffled order
    (a copy never starts with the document the previous one ended with), until the source side
    holds `size` sentences: the last document is cut after the last bead that keeps the source
    side within `size`. Returns source lines, target lines and gold bead lines (renumbered)."""
    src, tgt, gold = [], [], []
    last = None
    while len(src) < size:
        order = rng.sample(corpus.documents, len(corpus.documents))
        if len(order) > 1 and order[0] is last:
            order = order[1:] + order[:1]
        for doc in order:
            room = size - len(src)
            if room <= 0:
                break
            src_end = tgt_end = 0  # lines of the document taken
            taken = []
            for s, t in doc.beads:
                end = max([src_end] + [i + 1 for i in s])
                if end > room:
                    break
                src_end = end
                tgt_end = max([tgt_end] + [k + 1 for k in t])
                taken.append((s, t))
            if len(taken) == len(doc.beads) and len(doc.src) <= room:  # whole, unlisted lines too
                src_end, tgt_end = len(doc.src), len(doc.tgt)
            ds, dt = len(src), len(tgt)
            for s, t in taken:
                gold.append("[" + ", ".join(str(ds + i) for i in s) + "]:[" +
                            ", ".join(str(dt + k) for k in t) + "]")
            src += doc.src[:src_end]
            tgt += doc.tgt[:tgt_end]
            last = doc
            if len(taken) < len(doc.beads):
                return src, tgt, gold
    return src, tgt, gold


def write_lines(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


@dataclass
class Timed:
    returncode: int
    stdout: str
    stderr: str
    wall: float = 0.0      # seconds
    user: float = 0.0      # user CPU seconds, all threads
    rss_mib: float = 0.0   # peak resident set size
    timed_out: bool = False


def timed(cmd, timeout=None):
    """Runs cmd under /usr/bin/time -v; its figures are parsed from the end of stderr. After
    `timeout` seconds (None: no limit) the run is killed (its process group) and comes back
    with `timed_out` set, wall = timeout and no other figures."""
    proc = subprocess.Popen(["/usr/bin/time", "-v", *cmd], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()
        return Timed(proc.returncode, stdout, stderr, wall=float(timeout), timed_out=True)
    run = Timed(proc.returncode, stdout, stderr)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):(\d+(?:\.\d+)?)", stderr)
    if wall:
        run.wall = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
        run.user = float(re.search(r"User time \(seconds\): ([\d.]+)", stderr).group(1))
        run.rss_mib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)",
                                    stderr).group(1)) / 1024
    return run


def help_lines(talign, command, pattern):
    """The lines of `talign COMMAND --help` that match the regular expression `pattern`."""
    text = subprocess.run([talign, command, "--help"], capture_output=True, text=True).stdout
    return [line.strip() for line in text.splitlines() if re.search(pattern, line)]


def table(header, rows):
    """Rows of strings, right-aligned under their header, as printed lines."""
    widths = [max(len(str(r[c])) for r in [header] + rows) for c in range(len(header))]
    return ["  ".join(str(r[c]).rjust(widths[c]) for c in range(len(header)))
            for r in [header] + rows]

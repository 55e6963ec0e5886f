#!/usr/bin/env python3
"""Proof with real clients that talign's TMX is usable: `talign align --format tmx` on the bundled
corpora must be well-formed XML (xmllint), valid against the TMX 1.4b DTD (../shared/formats,
skipped when that folder is missing), and must fill, with exactly the aligned target sentences,
  - a PO template of the 1-1 beads' source sentences in translate-toolkit
    (`pretranslate --tm OUT.tmx -s 100 -t T.pot T.pot OUT.po`: 100% matches only), and
  - a document made of those sentences in OmegaT 3.6 (`--mode=console-translate`, the TMX in
    PROJECT/tm/auto/, whose exact matches OmegaT inserts).
The same checks run on hand-written TMX files (tests/data/tmx/), so the harness is proven on its
own. A client that is not installed is a skip, not a failure (scripts/setup installs them), and
so are the talign cases while `talign align --help` does not offer `tmx`.

The expected pairs are the 1-1 beads of `--format beads` zipped with the lines of `--format text`
(same options, so the same beads). Left out, and counted: source sentences that occur in more
than one unit with different targets (a TM cannot tell which one is meant), and sentences that
translate-toolkit does not index (shorter than 2 or longer than 1000 characters).

Usage: tmx_clients_test.py PATH_TO_TALIGN
"""
import os
import re
import shutil
import subprocess
import sys
import time
import unittest
import xml.etree.ElementTree as ET

import talign_testing
from talign_testing import CliTestCase, run

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "tmx")
ROOT = os.path.dirname(HERE)
DTD = os.path.join(os.path.dirname(ROOT), "shared", "formats", "tmx14.dtd")
OMEGAT_JAR = "/usr/share/omegat/OmegaT.jar"
TIMEOUT = 180

# The hand-written files and what they hold (source, target), in order.
HANDMADE = {
    "handmade.tmx": ("en", "fr", [
        ("Smith & Sons sold 1,200 tools in 2023.", "Smith & Sons a vendu 1 200 outils en 2023."),
        ("If x < 3 and y > 4, stop.", "Si x < 3 et y > 4, arrêtez."),
        ('"It\'s done," she said.', "« C'est fait », dit-elle."),
    ]),
    "handmade-en-ar.tmx": ("en", "ar", [
        ("The library opens at 9 a.m. on weekdays.",
         "تفتح المكتبة أبوابها في الساعة التاسعة صباحًا أيام الأسبوع."),
        ("Did the council approve the budget of 4.5 million?",
         "هل وافق المجلس على ميزانية قدرها 4.5 مليون؟"),
    ]),
}


NOTED = set()


def note(message):
    """A line on stderr (CTest keeps it in its log); a repeated one is printed once."""
    if message in NOTED:
        return
    NOTED.add(message)
    print(f"tmx_clients: {message}", file=sys.stderr, flush=True)


# --- PO files ---------------------------------------------------------------------------------
PO_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
PO_UNESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b",
                "f": "\f", "v": "\v"}


def po_quote(text):
    return '"' + "".join(PO_ESCAPES.get(c, c) for c in text) + '"'


def po_unquote(literal):
    """The text of one PO string literal `"..."`."""
    if len(literal) < 2 or literal[0] != '"' or literal[-1] != '"':
        raise ValueError(f"not a PO string: {literal!r}")
    return re.sub(r"\\(.)", lambda m: PO_UNESCAPES.get(m.group(1), m.group(1)), literal[1:-1])


def write_template(path, sources):
    """A PO template with one entry per source sentence (empty msgstr), UTF-8."""
    out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
           '"Content-Transfer-Encoding: 8bit\\n"', ""]
    for k, source in enumerate(sources):
        out += [f"#: sentence:{k + 1}", f"msgid {po_quote(source)}", 'msgstr ""', ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def parse_po(path):
    """The entries of a PO file as dicts {msgid, msgstr, flags}, the header left out."""
    entries, entry, field = [], None, None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for line in lines + [""]:
        line = line.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {"msgid": "", "msgstr": "", "flags": set()}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if field is None:
                raise ValueError(f"{path}: string without a keyword: {line!r}")
            entry[field] += po_unquote(line)
        else:
            keyword, _, literal = line.partition(" ")
            if keyword not in ("msgid", "msgstr", "msgctxt"):
                raise ValueError(f"{path}: unexpected line {line!r}")
            field = keyword
            entry[field] = po_unquote(literal.strip())
    return [e for e in entries if e["msgid"]]


# --- the clients ------------------------------------------------------------------------------
def missing_client(name):
    """None when the client is installed, else why the check is skipped."""
    if name == "xmllint":
        return None if shutil.which("xmllint") else "xmllint not installed (libxml2-utils)"
    if name == "pretranslate":
        return None if shutil.which("pretranslate") else \
            "pretranslate not installed (translate-toolkit)"
    if name == "omegat":
        if not shutil.which("java"):
            return "java not installed (default-jre-headless)"
        return None if os.path.exists(OMEGAT_JAR) else f"{OMEGAT_JAR} not installed (omegat)"
    raise KeyError(name)


def xmllint(*args):
    return subprocess.run(["xmllint", "--noout", *args], capture_output=True, text=True,
                          timeout=TIMEOUT)


def pretranslate(tmx, sources, work):
    """translate-toolkit's translations of `sources` from `tmx`: [(msgstr, fuzzy)] in order.
    -s 100: exact matches only (below 100, near matches come back marked fuzzy).
    --nofuzzymatching must not be used: it switches the TM off altogether."""
    template = os.path.join(work, "template.pot")
    out = os.path.join(work, "out.po")
    write_template(template, sources)
    r = subprocess.run(["pretranslate", "--progress=none", "--tm", tmx, "-s", "100",
                        "-t", template, template, out],
                       capture_output=True, text=True, timeout=TIMEOUT)
    # It exits 0 even when the TMX does not parse: the message and an empty output tell.
    if r.returncode != 0 or "Error processing" in r.stderr or not os.path.getsize(out):
        raise AssertionError(f"pretranslate failed (exit {r.returncode}): {r.stderr.strip()}")
    entries = parse_po(out)
    got = [e["msgid"] for e in entries]
    if got != list(sources):
        raise AssertionError(f"pretranslate changed the entries: {got[:3]} ...")
    return [(e["msgstr"], "fuzzy" in e["flags"]) for e in entries]


OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>{src}</source_lang>
    <target_lang>{tgt}</target_lang>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def omegat_translate(tmx, sources, src_lang, tgt_lang, work):
    """OmegaT's translation of a document with one source sentence per paragraph, the TMX in
    tm/auto/: the target document's paragraphs. Sentence segmentation is off, so that every
    paragraph is one segment; `.utf8` makes the text filter read and write UTF-8 whatever the
    locale. Every folder of the project must exist, or OmegaT cannot open it."""
    project = os.path.join(work, "omegat-project")
    for sub in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary"):
        os.makedirs(os.path.join(project, sub))
    config = os.path.join(work, "omegat-config")
    os.makedirs(config)
    with open(os.path.join(project, "omegat.project"), "w", encoding="utf-8") as f:
        f.write(OMEGAT_PROJECT.format(src=src_lang, tgt=tgt_lang))
    with open(os.path.join(project, "source", "doc.utf8"), "w", encoding="utf-8") as f:
        f.write("\n\n".join(sources) + "\n")
    shutil.copy(tmx, os.path.join(project, "tm", "auto", os.path.basename(tmx)))
    start = time.monotonic()
    r = subprocess.run(["java", "-Djava.awt.headless=true", "-jar", OMEGAT_JAR, project,
                        "--mode=console-translate", f"--config-dir={config}"],
                       capture_output=True, text=True, timeout=TIMEOUT)
    note(f"OmegaT, {len(sources)} segments {src_lang}->{tgt_lang}: "
         f"{time.monotonic() - start:.1f} s")
    log = r.stdout + r.stderr
    target = os.path.join(project, "target", "doc.utf8")
    if r.returncode != 0 or not os.path.exists(target):
        errors = [line for line in log.splitlines() if "Error" in line][:5]
        raise AssertionError(f"OmegaT failed (exit {r.returncode}): " + "\n".join(errors))
    problems = [line for line in log.splitlines()
                if re.search(r"TMXR_(ERROR|WARNING)|Exception", line)]
    with open(target, encoding="utf-8") as f:
        text = f.read()
    return text.rstrip("\n").split("\n\n"), problems


# --- the checks -------------------------------------------------------------------------------
class ClientChecks:
    """The checks of one TMX file against its expected pairs, for CliTestCase subclasses."""

    def require(self, client):
        reason = missing_client(client)
        if reason:
            note(f"skipped {self.id().split('.')[-1]}: {reason}")
            self.skipTest(reason)

    def check_xml(self, tmx):
        with self.subTest(check="xmllint well-formed"):
            self.require("xmllint")
            r = xmllint(tmx)
            self.assertEqual(r.returncode, 0, r.stderr)
        with self.subTest(check="xmllint DTD"):
            self.require("xmllint")
            if not os.path.exists(DTD):
                note(f"skipped DTD validation: {DTD} not found (../shared missing)")
                self.skipTest(f"{DTD} not found")
            r = xmllint("--dtdvalid", DTD, tmx)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr, "")

    def check_clients(self, tmx, src_lang, tgt_lang, pairs):
        sources = [s for s, _ in pairs]
        expected = [t for _, t in pairs]
        self.assertTrue(pairs)
        with self.subTest(check="translate-toolkit pretranslate"):
            self.require("pretranslate")
            work = os.path.join(self.dir, "ttk")
            os.makedirs(work)
            got = pretranslate(tmx, sources, work)
            wrong = [(s, t, g) for s, t, (g, _) in zip(sources, expected, got) if g != t]
            self.assertEqual(wrong[:3], [], f"{len(wrong)} of {len(pairs)} not filled with "
                             "their target: (source, expected, got)")
            self.assertEqual([s for s, (_, fuzzy) in zip(sources, got) if fuzzy], [],
                             "exact matches came back fuzzy")
        with self.subTest(check="OmegaT console-translate"):
            self.require("omegat")
            work = os.path.join(self.dir, "omegat")
            os.makedirs(work)
            got, problems = omegat_translate(tmx, sources, src_lang, tgt_lang, work)
            self.assertEqual(len(got), len(expected), "paragraph count of the translation")
            wrong = [(s, t, g) for s, t, g in zip(sources, expected, got) if g != t]
            self.assertEqual(wrong[:3], [], f"{len(wrong)} of {len(pairs)} not translated with "
                             "their target: (source, expected, got)")
            self.assertEqual(problems, [], "OmegaT's TMX reader complained")


class HandmadeTmxTest(ClientChecks, CliTestCase):
    """The harness on hand-written TMX files: if these fail, the clients or the harness are at
    fault, not talign."""

    def test_handmade_en_fr(self):
        src, tgt, pairs = HANDMADE["handmade.tmx"]
        tmx = os.path.join(DATA, "handmade.tmx")
        self.check_xml(tmx)
        self.check_clients(tmx, src, tgt, pairs)

    def test_handmade_en_ar(self):
        src, tgt, pairs = HANDMADE["handmade-en-ar.tmx"]
        tmx = os.path.join(DATA, "handmade-en-ar.tmx")
        self.check_xml(tmx)
        self.check_clients(tmx, src, tgt, pairs)

    def test_harness_notices_a_broken_tmx(self):
        # pretranslate exits 0 on a TMX that does not parse; the harness must not.
        with open(os.path.join(DATA, "handmade.tmx"), encoding="utf-8") as f:
            good = f.read()
        broken = self.write("broken.tmx", good[:good.index("</body>")])
        swapped = self.write("swapped.tmx", re.sub(
            r'(<tuv xml:lang="en">.*?</tuv>)(\s*)(<tuv xml:lang="fr">.*?</tuv>)', r"\3\2\1", good))
        _, _, pairs = HANDMADE["handmade.tmx"]
        sources = [s for s, _ in pairs]
        with self.subTest(check="xmllint"):
            self.require("xmllint")
            self.assertNotEqual(xmllint(broken).returncode, 0)
        with self.subTest(check="pretranslate"):
            self.require("pretranslate")
            work = os.path.join(self.dir, "broken")
            os.makedirs(work)
            with self.assertRaisesRegex(AssertionError, "pretranslate failed"):
                pretranslate(broken, sources, work)
            # translate-toolkit takes the first <tuv> as the source, whatever its xml:lang.
            work = os.path.join(self.dir, "swapped")
            os.makedirs(work)
            self.assertEqual([g for g, _ in pretranslate(swapped, sources, work)],
                             [""] * len(sources))


def talign_offers_tmx():
    r = run("align", "--help")
    return r.returncode == 0 and re.search(r"\btmx\b", r.stdout.decode("utf-8", "replace"))


class TalignTmxTest(ClientChecks, CliTestCase):
    """talign's own TMX for every bundled corpus pair."""

    @classmethod
    def setUpClass(cls):
        if not talign_offers_tmx():
            note("skipped talign's TMX: `talign align --help` does not list tmx yet")
            raise unittest.SkipTest("talign align has no --format tmx yet")

    def align(self, lang, *args, codes=None):
        """talign align on corpora/en-LANG; `codes` (source, target) as typed, default en, LANG."""
        corpus = os.path.join(ROOT, "corpora", f"en-{lang}")
        src_code, tgt_code = codes or ("en", lang)
        r = run("align", "-q", "-s", src_code, "-t", tgt_code, os.path.join(corpus, "en.txt"),
                os.path.join(corpus, f"{lang}.txt"), *args)
        self.assertEqual(r.returncode, 0, r.stderr.decode("utf-8", "replace"))
        self.assertEqual(r.stderr, b"")
        return r.stdout.decode("utf-8")

    def expected_pairs(self, lang):
        """(source, target) of the 1-1 beads, less the ones a TM cannot be tested with."""
        beads = self.align(lang, "--format", "beads").splitlines()
        text = self.align(lang, "--format", "text").split("\n")
        self.assertEqual(text[-1], "")
        text = text[:-1]
        self.assertEqual(len(beads), len(text))
        rows = [line.split("\t") for line in text]
        for row in rows:
            self.assertEqual(len(row), 3, row)
        targets_of = {}
        for src, tgt, _ in rows:
            if src and tgt:
                targets_of.setdefault(src, set()).add(tgt)
        pairs, dropped = [], 0
        for bead, (src, tgt, _) in zip(beads, rows):
            one_to_one = re.match(r"^\[\d+\]:\[\d+\]:", bead)
            if not one_to_one:
                continue
            if len(targets_of[src]) > 1 or not 2 <= len(src) <= 1000:
                dropped += 1
            elif src not in {s for s, _ in pairs}:
                pairs.append((src, tgt))
        self.assertGreaterEqual(len(pairs), 10)
        self.assertLessEqual(dropped, len(pairs) // 5, "too many 1-1 beads left out")
        return pairs

    def check_pair(self, lang):
        pairs = self.expected_pairs(lang)
        tmx = os.path.join(self.dir, f"en-{lang}.tmx")
        self.assertEqual(self.align(lang, "--format", "tmx", "-o", tmx), "")
        self.check_xml(tmx)
        self.check_languages(tmx, "en", lang)
        self.check_clients(tmx, "en", lang, pairs)

    def check_languages(self, tmx, src_lang, tgt_lang):
        """What the clients do not check themselves: OmegaT takes the other <tuv> of a two-<tuv>
        unit as the target whatever its xml:lang, and translate-toolkit looks at no xml:lang."""
        with self.subTest(check="languages"):
            root = ET.parse(tmx).getroot()
            self.assertEqual(root.find("header").get("srclang"), src_lang)
            lang = "{http://www.w3.org/XML/1998/namespace}lang"
            for tu in root.iter("tu"):
                self.assertEqual([tuv.get(lang) for tuv in tu.findall("tuv")],
                                 [src_lang, tgt_lang], ET.tostring(tu, encoding="unicode"))

    def test_en_fr(self):
        self.check_pair("fr")

    def test_regional_codes_as_typed(self):
        # An en-US -> fr-FR OmegaT project takes a TMX made with the codes as people type them
        # (issue 15, point 1): talign writes en-US and fr-FR, and "fra" alone as fr.
        pairs = self.expected_pairs("fr")
        tmx = os.path.join(self.dir, "en-US-fr-FR.tmx")
        self.assertEqual(self.align("fr", "--format", "tmx", "-o", tmx, codes=("en_US", "fr_FR")),
                         "")
        self.check_xml(tmx)
        self.check_languages(tmx, "en-US", "fr-FR")
        self.check_clients(tmx, "en-US", "fr-FR", pairs)
        plain = os.path.join(self.dir, "fra.tmx")
        self.assertEqual(self.align("fr", "--format", "tmx", "-o", plain, codes=("eng", "fra")), "")
        self.check_languages(plain, "en", "fr")

    def test_en_de(self):
        self.check_pair("de")

    def test_en_ar(self):
        self.check_pair("ar")

    def test_en_zh(self):
        self.check_pair("zh")

    def test_en_ru(self):
        self.check_pair("ru")


if __name__ == "__main__":
    talign_testing.main(__doc__)

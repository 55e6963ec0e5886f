#!/usr/bin/env python3
"""Proof with real clients that talign's TMX is usable: `talign align --format tmx` on the bundled
corpora must be well-formed XML (xmllint), valid against the TMX 1.4b DTD (../shared/formats,
skipped when that folder is missing), and must fill, with exactly the aligned target sentences,
  - a PO template of the 1-1 beads' source sentences in translate-toolkit
    (`pretranslate --tm OUT.tmx -s 100 -t T.pot T.pot OUT.po`: 100% matches only), and
  - a document made of those sentences in OmegaT 3.6 (`--mode=console-translate`, the TMX in
    PROJECT/tm/auto/, whose exact matches OmegaT inserts).
DocumentTmxTest does the same on a TMX with inline codes, from an HTML pair (see its comment
for what each client does with the codes). The same checks run on hand-written TMX files (tests/data/tmx/), so the harness is proven on its
own. A client that is not installed is a skip, not a failure (scripts/setup installs them), and
so are the talign cases while `talign align --help` does not offer `tmx`.

The expected pairs are the 1-1 beads of `--format beads` zipped with the lines of `--format text`
(same options, so the same beads). Left out, and counted: source sentences that occur in more
than one unit with different targets (a TM cannot tell which one is meant), and sentences that
translate-toolkit does not index (shorter than 2 or longer than 1000 characters).

Usage: tmx_clients_test.py PATH_TO_TALIGN
"""
import html
import json
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


OMEGAT_LEVEL2_PREFS = """<?xml version="1.0" encoding="UTF-8" ?>
<omegat>
<preference version="1.0">
<ext_tmx_show_level2>true</ext_tmx_show_level2>
</preference>
</omegat>
"""


def omegat_translate(tmx, sources, src_lang, tgt_lang, work, as_html=False, level2=False):
    """OmegaT's translation of a document with one source sentence per paragraph, the TMX in
    tm/auto/: the target document's paragraphs. Sentence segmentation is off, so that every
    paragraph is one segment; `.utf8` makes the text filter read and write UTF-8 whatever the
    locale. Every folder of the project must exist, or OmegaT cannot open it.
    as_html: `sources` are HTML fragments, written as the <p> of a page that OmegaT's HTML filter
    reads (its tags become OmegaT tags, <b>...</b> as <b0>...</b0>); the target page's <p>
    contents come back. level2: OmegaT's "show level 2 tags" preference (ext_tmx_show_level2,
    off by default), under which it reads a TMX's <bpt>/<ept>/<it>/<ph> as its own tags."""
    project = os.path.join(work, "omegat-project")
    for sub in ("source", "target", "tm/auto", "omegat", "glossary", "dictionary"):
        os.makedirs(os.path.join(project, sub))
    config = os.path.join(work, "omegat-config")
    os.makedirs(config)
    if level2:
        with open(os.path.join(config, "omegat.prefs"), "w", encoding="utf-8") as f:
            f.write(OMEGAT_LEVEL2_PREFS)
    with open(os.path.join(project, "omegat.project"), "w", encoding="utf-8") as f:
        f.write(OMEGAT_PROJECT.format(src=src_lang, tgt=tgt_lang))
    name = "doc.html" if as_html else "doc.utf8"
    with open(os.path.join(project, "source", name), "w", encoding="utf-8") as f:
        if as_html:
            f.write(f'<!DOCTYPE html>\n<html lang="{src_lang}"><head><meta charset="utf-8">'
                    "<title>t</title></head>\n<body>\n" +
                    "".join(f"<p>{s}</p>\n" for s in sources) + "</body></html>\n")
        else:
            f.write("\n\n".join(sources) + "\n")
    shutil.copy(tmx, os.path.join(project, "tm", "auto", os.path.basename(tmx)))
    start = time.monotonic()
    r = subprocess.run(["java", "-Djava.awt.headless=true", "-jar", OMEGAT_JAR, project,
                        "--mode=console-translate", f"--config-dir={config}"],
                       capture_output=True, text=True, timeout=TIMEOUT)
    note(f"OmegaT, {len(sources)} segments {src_lang}->{tgt_lang}: "
         f"{time.monotonic() - start:.1f} s")
    log = r.stdout + r.stderr
    target = os.path.join(project, "target", name)
    if r.returncode != 0 or not os.path.exists(target):
        errors = [line for line in log.splitlines() if "Error" in line][:5]
        raise AssertionError(f"OmegaT failed (exit {r.returncode}): " + "\n".join(errors))
    problems = [line for line in log.splitlines()
                if re.search(r"TMXR_(ERROR|WARNING)|Exception", line)]
    with open(target, encoding="utf-8") as f:
        text = f.read()
    if as_html:
        return [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", text, re.S)], problems
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


# --- documents: TMX with inline codes ---------------------------------------------------------
def segment_forms(seg):
    """(plain, native, kinds) of a <seg>: its text without the codes, its text with each code's
    content (the document's own markup, as talign writes it) in place, and the codes' element
    names with their type, e.g. ["bpt:bold", "ept:"]."""
    plain, native, kinds = [seg.text or ""], [seg.text or ""], []
    for code in seg:
        kinds.append(f"{code.tag}:{code.get('type', '')}")
        native.append("".join(code.itertext()))
        plain.append(code.tail or "")
        native.append(code.tail or "")
    return "".join(plain), "".join(native), kinds


def segment_html(seg):
    """A <seg> as the HTML it came from: text escaped, code contents (markup) as they are."""
    out = [html.escape(seg.text or "", quote=False)]
    for code in seg:
        out.append("".join(code.itertext()))
        out.append(html.escape(code.tail or "", quote=False))
    return "".join(out)


def tmx_units(tmx):
    """Every <tu> of a two-language TMX as a dict: plain/native/html text and codes per side."""
    units = []
    for tu in ET.parse(tmx).getroot().iter("tu"):
        segs = [tuv.find("seg") for tuv in tu.findall("tuv")]
        unit = {}
        for side, seg in zip(("src", "tgt"), segs):
            plain, native, kinds = segment_forms(seg)
            unit[side] = {"plain": plain, "native": native, "kinds": kinds,
                          "html": segment_html(seg)}
        units.append(unit)
    return units


def ttk_python():
    """The Python that runs translate-toolkit (pretranslate's #! line), or None."""
    path = shutil.which("pretranslate")
    if not path:
        return None
    with open(path, "rb") as f:
        first = f.readline().decode("utf-8", "replace").strip()
    return first[2:].split()[0] if first.startswith("#!") else None


TTK_READ = """import json, sys
from translate.storage import tmx
units = tmx.tmxfile.parsefile(sys.argv[1]).units
print(json.dumps([[u.source, u.target] for u in units]))
"""


class DocumentTmxTest(ClientChecks, CliTestCase):
    """talign's TMX with inline codes (issue 16): an HTML pair made from corpora/en-fr the way
    documents_cli_test makes it (bold, italic, links added to some sentences), aligned with
    --format tmx. What the clients do with the codes, as checked here:
      - translate-toolkit 3.8 (translate.storage.tmx) reads every unit; a unit's text is the
        segment with each code's content in place, i.e. the document's own markup
        ("a <b>new</b> budget"), so pretranslate fills a PO entry whose msgid is that text.
      - OmegaT 3.6 by default reads a TMX at "level 1": the codes are dropped, so a tagged
        source segment of a document ("a <b0>new</b0> budget") has no exact match and stays
        untranslated; plain segments are filled. With its "show level 2 tags" preference
        (ext_tmx_show_level2) it turns <bpt>/<ept> into its own tags, numbered in order, the
        letter taken from the type attribute (bold -> b0, italic -> i0), and fills every
        segment with codes (bold, italic, links here) with the target and its tags. A target's
        codes that the source segment lacks are dropped at level 1 and written out as OmegaT
        tag text ("<b0>") at level 2 (not checked: OmegaT's doing).
    <it> and <ph> codes (cut pairs, line breaks, images) do not occur in these pages."""

    @classmethod
    def setUpClass(cls):
        if not talign_offers_tmx():
            raise unittest.SkipTest("talign align has no --format tmx yet")

    def make_tmx(self):
        from documents_cli_test import html_document, paragraphs
        corpus = os.path.join(ROOT, "corpora", "en-fr")
        files = []
        for lang in ("en", "fr"):
            page, _ = html_document(paragraphs(os.path.join(corpus, f"{lang}.txt"), lang), lang)
            files.append(self.write(f"{lang}.html", page))
        tmx = os.path.join(self.dir, "en-fr-html.tmx")
        r = run("align", "-q", "-s", "en", "-t", "fr", *files, "--format", "tmx", "-o", tmx)
        self.assertEqual(r.returncode, 0, r.stderr.decode("utf-8", "replace"))
        units = tmx_units(tmx)
        self.assertGreaterEqual(len(units), 20)
        tagged = [u for u in units if u["src"]["kinds"]]
        self.assertGreaterEqual(len(tagged), 5, "too few source segments with inline codes")
        return tmx, units

    def check_ttk_units(self, tmx, units):
        """translate-toolkit reads as many units as the TMX has, each side's text being the
        segment with its codes' markup in place."""
        with self.subTest(check="translate-toolkit reads the units"):
            self.require("pretranslate")
            r = subprocess.run([ttk_python(), "-c", TTK_READ, tmx], capture_output=True,
                               text=True, timeout=TIMEOUT)
            self.assertEqual(r.returncode, 0, r.stderr)
            got = json.loads(r.stdout)
            self.assertEqual(len(got), len(units), "translate-toolkit's unit count")
            wrong = [(u["src"]["native"], u["tgt"]["native"], g) for u, g in zip(units, got)
                     if g != [u["src"]["native"], u["tgt"]["native"]]]
            self.assertEqual(wrong[:3], [], f"{len(wrong)} units read otherwise")

    def test_docx_pair(self):
        # The checked-in Word pair (bold runs): DTD-valid, read whole by translate-toolkit.
        # OmegaT's Word filter makes other tags of the runs (<t0/>...), so no OmegaT check here.
        office = os.path.join(HERE, "data", "office")
        tmx = os.path.join(self.dir, "pair.tmx")
        r = run("align", "-q", "-s", "en", "-t", "fr", os.path.join(office, "pair_en.docx"),
                os.path.join(office, "pair_fr.docx"), "--format", "tmx", "-o", tmx)
        self.assertEqual(r.returncode, 0, r.stderr.decode("utf-8", "replace"))
        units = tmx_units(tmx)
        self.assertEqual(len(units), 5)
        self.assertEqual(sum(1 for u in units if u["src"]["kinds"] == ["bpt:bold", "ept:"]), 2)
        self.assertIn("It approved the <b>new budget</b> after a long debate.",
                      [u["src"]["native"] for u in units])
        self.check_xml(tmx)
        self.check_languages(tmx, "en", "fr")
        self.check_ttk_units(tmx, units)

    @staticmethod
    def unambiguous(units, key):
        """Units whose source (by `key`) has one target and both sides text."""
        targets = {}
        for u in units:
            targets.setdefault(u["src"][key], set()).add(u["tgt"][key])
        return [u for u in units if u["src"]["plain"] and u["tgt"]["plain"]
                and len(targets[u["src"][key]]) == 1 and 2 <= len(u["src"][key]) <= 1000]

    def test_html_pair_with_codes(self):
        tmx, units = self.make_tmx()
        self.check_xml(tmx)
        self.check_languages(tmx, "en", "fr")
        self.check_ttk_units(tmx, units)
        with self.subTest(check="translate-toolkit pretranslate"):
            self.require("pretranslate")
            pairs = [(u["src"]["native"], u["tgt"]["native"])
                     for u in self.unambiguous(units, "native")]
            work = os.path.join(self.dir, "ttk")
            os.makedirs(work)
            got = pretranslate(tmx, [s for s, _ in pairs], work)
            wrong = [(s, t, g) for (s, t), (g, _) in zip(pairs, got) if g != t]
            self.assertEqual(wrong[:3], [], f"{len(wrong)} of {len(pairs)} not filled")
        for level2 in (False, True):
            with self.subTest(check="OmegaT console-translate", level2=level2):
                self.require("omegat")
                work = os.path.join(self.dir, f"omegat-{level2}")
                os.makedirs(work)
                chosen = self.unambiguous(units, "html")
                got, problems = omegat_translate(tmx, [u["src"]["html"] for u in chosen], "en",
                                                 "fr", work, as_html=True, level2=level2)
                self.assertEqual(problems, [], "OmegaT's TMX reader complained")
                self.assertEqual(len(got), len(chosen), "paragraph count of the translation")
                # By what the unit holds: no codes; codes in the target only (the test pages
                # mark words on each side independently); codes in the source.
                wrong, counts = [], {"plain": 0, "target codes only": 0, "source codes": 0}
                for u, g in zip(chosen, got):
                    target = html.unescape(u["tgt"]["html"])
                    if not u["src"]["kinds"] and not u["tgt"]["kinds"]:
                        kind, want = "plain", target
                    elif not u["src"]["kinds"]:
                        # Level 1: the target's codes dropped. Level 2: OmegaT's tags (<b0>)
                        # that the source segment does not have end up as text; not checked.
                        kind, want = "target codes only", None if level2 else u["tgt"]["plain"]
                    else:
                        # Level 1: no exact match, the segment stays as it is (OmegaT 3.6).
                        kind = "source codes"
                        want = target if level2 else html.unescape(u["src"]["html"])
                    counts[kind] += 1
                    if want is not None and g != want:
                        wrong.append((kind, u["src"]["html"], want, g))
                note(f"OmegaT, level2={level2}: units by kind {counts}")
                self.assertGreaterEqual(counts["source codes"], 5)
                self.assertEqual(wrong[:3], [], f"{len(wrong)} of {len(chosen)} not as expected "
                                 "(kind, source, expected, got)")


if __name__ == "__main__":
    talign_testing.main(__doc__)

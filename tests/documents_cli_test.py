#!/usr/bin/env python3
"""Documents made at test time from the bundled corpora (issue 16): for each pair under corpora/,
each side's paragraphs are written as HTML (a <p> per paragraph, bold, italic and a link added
to some sentences, always the same ones) and converted with pandoc to the other formats. For
every format talign reads, the document pair must give

- the same beads as the .txt pair (`talign align --format beads`, same options),
- the same sentences once inline codes are stripped (`--format text`),
- in `--format tmx`, the bolded words inside <bpt ...>...</bpt>WORDS<ept ...>...</ept>, and a
  TMX valid against the TMX 1.4b DTD (../shared/formats/tmx14.dtd, when present; well-formed
  always).

Skips (exit 77) without pandoc.

Usage: documents_cli_test.py PATH_TO_TALIGN
"""
import glob
import html
import os
import re
import shutil
import subprocess
import sys

import talign_testing
from talign_testing import CliTestCase, run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DTD = os.path.join(os.path.dirname(ROOT), "shared", "formats", "tmx14.dtd")


def paragraphs(path, lang):
    """The paragraphs of a corpus .txt file, each one line (a hard-wrapped paragraph's lines
    joined as the splitter joins them: by a space, by nothing in Chinese)."""
    with open(path, encoding="utf-8") as f:
        blocks = re.split(r"\n\s*\n", f.read().strip())
    joiner = "" if lang == "zh" else " "
    return [joiner.join(line.strip() for line in b.splitlines()) for b in blocks]


def words_to_mark(paragraph, lang, k):
    """(bold, italic) stretches of `paragraph` for its k-th paragraph: a couple of words, or
    characters for Chinese, taken from its middle; every third paragraph gets none."""
    if k % 3 == 2:
        return None, None
    if lang == "zh":
        middle = len(paragraph) // 3
        return paragraph[middle:middle + 2], paragraph[2 * middle:2 * middle + 2]
    words = [w for w in paragraph.split(" ") if re.fullmatch(r"\w{3,}", w)]
    if len(words) < 8:
        return None, None
    bold = " ".join(words[2:4]) if f"{words[2]} {words[3]}" in paragraph else words[2]
    return bold, words[len(words) // 2]


def html_document(paras, lang):
    """The paragraphs as an HTML page, and the bold stretches it holds (to find in the TMX)."""
    body, bolds = [], []
    for k, p in enumerate(paras):
        text = html.escape(p, quote=False)
        bold, italic = words_to_mark(p, lang, k)
        if bold and text.count(html.escape(bold, quote=False)) >= 1:
            escaped = html.escape(bold, quote=False)
            text = text.replace(escaped, f"<b>{escaped}</b>", 1)
            bolds.append(bold)
        if italic and italic != bold and k % 2 == 0:
            escaped = html.escape(italic, quote=False)
            # Not inside the bold tags just written.
            at = text.rfind(escaped)
            if at >= 0 and "<b>" not in text[max(0, at - 3):at + len(escaped) + 4]:
                text = text[:at] + f"<i>{escaped}</i>" + text[at + len(escaped):]
        if k % 4 == 1:
            # A link around the paragraph's last word before its final punctuation.
            m = re.search(r"(\w+)([^\w<>]*)$", text)
            if m:
                text = (text[:m.start()] + f'<a href="https://example.org/{k}">{m.group(1)}</a>' +
                        m.group(2))
        body.append(f"<p>{text}</p>")
    page = (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8">'
            f"</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")
    return page, bolds


def strip_codes(line):
    return re.sub(r"<[^>]*>", "", line)


# One entry per document format: its file extension and the pandoc output format (None: the
# HTML written here). Markdown without pandoc's "smart" extension, which writes dashes as "---"
# and curly quotes as straight ones: CommonMark (what talign reads) takes those literally. DOCX and ODT read once their reader lands; until then they are skipped.
FORMATS = [("html", None), ("md", "markdown-smart"), ("docx", "docx"), ("odt", "odt")]


def corpus_pairs():
    for d in sorted(glob.glob(os.path.join(ROOT, "corpora", "*-*"))):
        src, tgt = os.path.basename(d).split("-")
        yield os.path.basename(d), src, tgt, os.path.join(d, f"{src}.txt"), os.path.join(d, f"{tgt}.txt")


class DocumentsTest(CliTestCase):
    def make(self, name, paras, lang, ext, pandoc_to):
        page, bolds = html_document(paras, lang)
        html_path = self.write(f"{name}.html", page)
        if pandoc_to is None:
            return html_path, bolds
        out = os.path.join(self.dir, f"{name}.{ext}")
        r = subprocess.run(["pandoc", "-f", "html", "-t", pandoc_to, "-o", out, html_path],
                           capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        return out, bolds

    def align(self, src_lang, tgt_lang, src, tgt, fmt):
        r = run("align", "-q", "-s", src_lang, "-t", tgt_lang, src, tgt, "--format", fmt,
                "--date", "2026-01-01")
        return r

    def test_documents_align_as_their_text(self):
        for pair, src_lang, tgt_lang, src_txt, tgt_txt in corpus_pairs():
            txt_beads = self.align(src_lang, tgt_lang, src_txt, tgt_txt, "beads")
            txt_text = self.align(src_lang, tgt_lang, src_txt, tgt_txt, "text")
            self.assertEqual(txt_beads.returncode, 0, txt_beads.stderr)
            for ext, pandoc_to in FORMATS:
                with self.subTest(pair=pair, format=ext):
                    src, src_bolds = self.make(f"{pair}-src", paragraphs(src_txt, src_lang),
                                               src_lang, ext, pandoc_to)
                    tgt, tgt_bolds = self.make(f"{pair}-tgt", paragraphs(tgt_txt, tgt_lang),
                                               tgt_lang, ext, pandoc_to)
                    beads = self.align(src_lang, tgt_lang, src, tgt, "beads")
                    self.assertEqual(beads.returncode, 0, beads.stderr)
                    self.assertEqual(beads.stdout.decode(), txt_beads.stdout.decode(),
                                     f"{pair} {ext}: beads differ from the .txt pair's")
                    text = self.align(src_lang, tgt_lang, src, tgt, "text")
                    self.assertEqual(text.returncode, 0, text.stderr)
                    self.assertEqual([strip_codes(l) for l in text.stdout.decode().splitlines()],
                                     txt_text.stdout.decode().splitlines())
                    self.check_tmx(pair, ext, src_lang, tgt_lang, src, tgt,
                                   src_bolds + tgt_bolds)

    def check_tmx(self, pair, ext, src_lang, tgt_lang, src, tgt, bolds):
        tmx = os.path.join(self.dir, f"{pair}-{ext}.tmx")
        r = run("align", "-q", "-s", src_lang, "-t", tgt_lang, src, tgt, "--format", "tmx",
                "--date", "2026-01-01", "-o", tmx)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(tmx, encoding="utf-8") as f:
            content = f.read()
        self.assertTrue(bolds, "no bold words in the test documents")
        for bold in bolds:
            # The words may straddle a line wrap of the source: compare on escaped XML text.
            words = html.escape(bold, quote=True)
            pattern = (r'<bpt i="(\d+)" type="bold">&lt;b&gt;</bpt>' + re.escape(words) +
                       r'<ept i="\1">&lt;/b&gt;</ept>')
            self.assertRegex(content, pattern, f"{pair} {ext}: bold {bold!r} not in a bpt/ept pair")
        r = subprocess.run(["xmllint", "--noout", tmx], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, f"{tmx} is not well-formed: {r.stderr}")
        if os.path.exists(DTD):
            r = subprocess.run(["xmllint", "--noout", "--dtdvalid", DTD, tmx], capture_output=True,
                               text=True)
            self.assertEqual(r.returncode, 0, f"{tmx} is not valid TMX 1.4b: {r.stderr}")


if __name__ == "__main__":
    if shutil.which("pandoc") is None or shutil.which("xmllint") is None:
        print("pandoc or xmllint not installed: skipped")
        sys.exit(77)
    talign_testing.main(__doc__)

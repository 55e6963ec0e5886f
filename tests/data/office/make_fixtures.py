#!/usr/bin/env python3
"""Writes the hand-made office documents of tests/data/office/ (checked in; rerun this to rebuild
them byte for byte: entries, order and dates are fixed).

fixture.docx holds what Word does to text that a reader must undo: a word split over three runs
with different rsids and spell-check marks, a tracked insertion and deletion, a footnote, an
endnote, a complex PAGE field and a simple DATE field (their results show, their instructions do
not), bold words split over runs, a hyperlink resolved through the relationships, a table, hidden
text, italic and underlined words, a HYPERLINK field, a comment, a line break, a tab, a non-breaking and a soft hyphen, a text box and a run with
w:b w:val="0". What Word shows is written out in tests/office_test.cc.

fixture.odt is its OpenDocument counterpart: a tracked deletion and insertion, bold over two
adjacent spans, text:s, text:tab, text:line-break, a footnote, a link, fields, a comment, hidden
and underlined text, a list, a table and a text box.

pair_en.docx and pair_fr.docx are a short English text and its French translation with bold
words, for the TMX test (tests/office_cli_test.py).

Usage: make_docx_fixture.py [OUTPUT_DIR]   (default: this script's folder)
"""
import os
import sys
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = (
    f'xmlns:w="{W}" xmlns:r="{R}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"')
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def run(text, props="", rsid="00A1"):
    """A w:r with optional run properties (raw XML inside w:rPr)."""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r w:rsidR="{rsid}">{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*content, style=None):
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(content)}</w:p>"


def cell(text):
    return f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{para(run(text))}</w:tc>'


def fixture_body():
    text_box = (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
        '<a:graphicData><wps:wsp><wps:txbx><w:txbxContent>'
        + para(run("Box text here."))
        + '</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
        '</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>'
        + para(run("Box text here."))
        + "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>")
    return "".join([
        para(run("Annual report"), style="Heading1"),
        # "committee" over three runs (different rsids) inside spell-check marks.
        para(run("The "), '<w:proofErr w:type="spellStart"/>', run("com", rsid="00B2"),
             run("mit", rsid="00C3"), run("tee", rsid="00D4"), '<w:proofErr w:type="spellEnd"/>',
             run(" met in Geneva.")),
        # Tracked changes: "rejected" deleted, "approved" inserted.
        para(run("The budget was "),
             '<w:del w:id="1" w:author="A" w:date="2024-05-01T10:00:00Z"><w:r>'
             '<w:delText>rejected</w:delText></w:r></w:del>',
             '<w:ins w:id="2" w:author="A" w:date="2024-05-01T10:00:00Z">' + run("approved") + "</w:ins>",
             run(" on Monday.")),
        para(run("Prices rose sharply."),
             '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
             '<w:footnoteReference w:id="1"/></w:r>',
             run(" Wages did not.")),
        # A simple DATE field and a complex PAGE field: results only.
        para(run("Printed on "),
             '<w:fldSimple w:instr=" DATE \\@ &quot;d MMMM yyyy&quot; ">' + run("4 May 2024") + "</w:fldSimple>",
             run(", page "),
             '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
             run("3"),
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
             run(".")),
        # Bold over two runs Word split, then plain text; italic off by w:val="0".
        para(run("Please read the "), run("terms and", "<w:b/>", rsid="00E5"),
             run(" conditions", "<w:b/>", rsid="00F6"), run(" carefully", '<w:b w:val="0"/>'),
             run(".")),
        para(run("Visit "),
             '<w:hyperlink r:id="rIdLink1" w:history="1">'
             + run("our website", '<w:rStyle w:val="Hyperlink"/>') + "</w:hyperlink>",
             run(" for details.")),
        "<w:tbl><w:tblPr><w:tblW w:w=\"4000\" w:type=\"dxa\"/></w:tblPr>"
        "<w:tblGrid><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"2000\"/></w:tblGrid>"
        f"<w:tr>{cell('Name')}{cell('Value')}</w:tr><w:tr>{cell('Alpha')}{cell('42')}</w:tr></w:tbl>",
        para(run("Visible text"), run(" secret note", "<w:vanish/>"), run(" continues here.")),
        # Italic and underline; a HYPERLINK complex field (its result is the link's text).
        para(run("An "), run("italic", "<w:i/>"), run(" and "), run("underlined", '<w:u w:val="single"/>'),
             run(" word", '<w:u w:val="none"/>'), run(", and a "),
             '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/field" </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
             run("field link", '<w:rStyle w:val="Hyperlink"/>'),
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>', run(".")),
        # A comment on "Line one"; a line break; a tab; hyphens; an endnote.
        para('<w:commentRangeStart w:id="0"/>', run("Line one"), '<w:commentRangeEnd w:id="0"/>',
             '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>',
             "<w:r><w:br/></w:r>", run("line two:"), "<w:r><w:tab/></w:r>",
             run("an X"), "<w:r><w:noBreakHyphen/></w:r>", run("ray of a re"), "<w:r><w:softHyphen/></w:r>",
             run("markable patient."),
             '<w:r><w:rPr><w:rStyle w:val="EndnoteReference"/></w:rPr><w:endnoteReference w:id="1"/></w:r>'),
        para(run("See the box."), text_box),
        para(run("The end.")),
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>',
    ])


def notes(kind, body):
    """footnotes.xml / endnotes.xml: Word's separator notes, then note 1."""
    sep = (f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
           f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
           f"</w:r></w:p></w:{kind}>")
    ref = "footnoteRef" if kind == "footnote" else "endnoteRef"
    return (f'{DECL}<w:{kind}s {NAMESPACES}>{sep}<w:{kind} w:id="1"><w:p>'
            f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:{ref}/></w:r>'
            f'{run(" " + body)}</w:p></w:{kind}></w:{kind}s>')


STYLES = (
    f'{DECL}<w:styles xmlns:w="{W}">'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
    '<w:basedOn w:val="Normal"/><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
    '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="EndnoteReference"><w:name w:val="endnote reference"/>'
    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/>'
    '<w:rPr><w:sz w:val="16"/></w:rPr></w:style>'
    "</w:styles>")

COMMENTS = (f'{DECL}<w:comments {NAMESPACES}><w:comment w:id="0" w:author="A" w:initials="A">'
            f'{para(run("Check this line."))}</w:comment></w:comments>')


def content_types(parts):
    overrides = "".join(
        f'<Override PartName="/word/{name}" ContentType="application/vnd.openxmlformats-officedocument.'
        f'wordprocessingml.{kind}+xml"/>' for name, kind in parts)
    return (f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f"{overrides}</Types>")


def relationships(rels):
    items = "".join(
        f'<Relationship Id="{rid}" Type="{REL_TYPE}{kind}" Target="{target}"'
        + (' TargetMode="External"' if external else "") + "/>"
        for rid, kind, target, external in rels)
    return (f'{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{items}</Relationships>")


def write_docx(path, body, extra_parts=(), extra_rels=()):
    """A minimal package: document.xml (+ styles, notes, comments as given), fixed dates."""
    parts = [("document.xml", "document.main"), ("styles.xml", "styles")] + [
        (name, kind) for name, kind, _ in extra_parts]
    rels = [("rIdStyles", "styles", "styles.xml", False)] + list(extra_rels)
    entries = [
        ("[Content_Types].xml", content_types(parts)),
        ("_rels/.rels", relationships([("rId1", "officeDocument", "word/document.xml", False)])),
        ("word/document.xml", f"{DECL}<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>"),
        ("word/_rels/document.xml.rels", relationships(rels)),
        ("word/styles.xml", STYLES),
    ] + [(f"word/{name}", xml) for name, _, xml in extra_parts]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2024, 5, 4, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8"))


def write_fixture(path):
    write_docx(
        path, fixture_body(),
        extra_parts=[("footnotes.xml", "footnotes", notes("footnote", "Source: national statistics office.")),
                     ("endnotes.xml", "endnotes", notes("endnote", "Patients are fine.")),
                     ("comments.xml", "comments", COMMENTS)],
        extra_rels=[("rIdFootnotes", "footnotes", "footnotes.xml", False),
                    ("rIdEndnotes", "endnotes", "endnotes.xml", False),
                    ("rIdComments", "comments", "comments.xml", False),
                    ("rIdLink1", "hyperlink", "https://example.org/info", True)])


# The TMX pair: bold words in the first and third paragraphs, split over runs in English.
PAIR = {
    "en": [[("The council met on Tuesday in the old town hall.", ""),
            (" It approved the ", ""), ("new", "<w:b/>"), (" budget", "<w:b/>"),
            (" after a long debate.", "")],
           [("Schools will open earlier next year. Parents welcomed the decision.", "")],
           [("The mayor thanked the ", ""), ("volunteers", "<w:b/>"),
            (" who cleaned the river banks.", "")]],
    "fr": [[("Le conseil s'est réuni mardi dans l'ancien hôtel de ville.", ""),
            (" Il a approuvé le ", ""), ("nouveau budget", "<w:b/>"),
            (" après un long débat.", "")],
           [("Les écoles ouvriront plus tôt l'an prochain. Les parents ont salué la décision.", "")],
           [("Le maire a remercié les ", ""), ("bénévoles", "<w:b/>"),
            (" qui ont nettoyé les berges de la rivière.", "")]],
}


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/"
 office:version="1.3">
<office:automatic-styles>
<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="T2" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
<style:style style:name="T3" style:family="text"><style:text-properties style:text-underline-style="solid"/></style:style>
<style:style style:name="T4" style:family="text"><style:text-properties text:display="none"/></style:style>
<style:style style:name="T5" style:family="text"><style:text-properties fo:font-weight="bold" fo:language="en"/></style:style>
<style:style style:name="T6" style:family="text" style:parent-style-name="Strong"><style:text-properties fo:color="#000000"/></style:style>
<style:style style:name="T1" style:family="paragraph"><style:text-properties fo:font-style="italic"/></style:style>
</office:automatic-styles>
<office:body><office:text>
<text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Figure"/></text:sequence-decls>
<text:tracked-changes>
<text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>A</dc:creator></office:change-info><text:p>rejected</text:p></text:deletion></text:changed-region>
<text:changed-region text:id="ct2"><text:insertion><office:change-info><dc:creator>A</dc:creator></office:change-info></text:insertion></text:changed-region>
</text:tracked-changes>
<text:h text:outline-level="1">Annual report</text:h>
<text:p text:style-name="T1">The budget was <text:change text:change-id="ct1"/><text:change-start text:change-id="ct2"/>approved<text:change-end text:change-id="ct2"/> on Monday.</text:p>
<text:p>Please read the <text:span text:style-name="T1">terms and</text:span><text:span text:style-name="T5"> conditions</text:span> carefully.</text:p>
<text:p>Two<text:s text:c="2"/>spaces,<text:tab/>a tab<text:line-break/>and a new line.</text:p>
<text:p>Prices rose<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Source: office.</text:p></text:note-body></text:note> sharply.</text:p>
<text:p>Visit <text:a xlink:type="simple" xlink:href="https://example.org/">our <text:span text:style-name="T2">site</text:span></text:a> now.</text:p>
<text:p>Page <text:page-number text:select-page="current">3</text:page-number> of <text:page-count>9</text:page-count>.<office:annotation><dc:creator>A</dc:creator><text:p>A comment.</text:p></office:annotation></text:p>
<text:p>Visible<text:span text:style-name="T4"> hidden</text:span> text, <text:span text:style-name="T3">underlined</text:span> and <text:span text:style-name="T6">strongly</text:span> worded.</text:p>
<text:list><text:list-item><text:p>First item.</text:p></text:list-item><text:list-item><text:p>Second item.</text:p></text:list-item></text:list>
<table:table table:name="Table1"><table:table-column table:number-columns-repeated="2"/><table:table-row><table:table-cell><text:p>Name</text:p></table:table-cell><table:table-cell><text:p>Value</text:p></table:table-cell></table:table-row></table:table>
<text:p>See the box.<draw:frame draw:name="Box"><draw:text-box><text:p>Box text.</text:p></draw:text-box></draw:frame></text:p>
</office:text></office:body></office:document-content>
"""

ODT_STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3">
<office:styles>
<style:style style:name="Standard" style:family="paragraph"/>
<style:style style:name="Strong" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
</office:styles>
</office:document-styles>
"""

ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def write_odt(path):
    """mimetype first and stored (the ODF rule), then the manifest, content.xml and styles.xml."""
    with zipfile.ZipFile(path, "w") as z:
        for name, data, method in [("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED),
                                   ("META-INF/manifest.xml", ODT_MANIFEST, zipfile.ZIP_DEFLATED),
                                   ("content.xml", ODT_CONTENT, zipfile.ZIP_DEFLATED),
                                   ("styles.xml", ODT_STYLES, zipfile.ZIP_DEFLATED)]:
            info = zipfile.ZipInfo(name, date_time=(2024, 5, 4, 12, 0, 0))
            info.compress_type = method
            z.writestr(info, data.encode("utf-8"))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    write_fixture(os.path.join(out, "fixture.docx"))
    write_odt(os.path.join(out, "fixture.odt"))
    for lang, paragraphs in PAIR.items():
        body = "".join(para(*[run(t, p, rsid=f"00{k:02X}") for k, (t, p) in enumerate(runs)])
                       for runs in paragraphs)
        write_docx(os.path.join(out, f"pair_{lang}.docx"), body)


if __name__ == "__main__":
    main()

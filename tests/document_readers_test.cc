// Tests for read_html and read_markdown: what text is read, where paragraphs end, and the byte
// ranges of inline codes and language marks.
#include <catch2/catch.hpp>

#include <string>

#include "align/common/error.h"
#include "align/input/document.h"
#include "align/input/readers.h"

using talign::CodeKind;
using talign::Document;
using talign::Error;
using talign::read_html;
using talign::read_html_text;
using talign::read_markdown;

namespace {

const char* tag_name(CodeKind kind) {
  switch (kind) {
    case CodeKind::kBold: return "b";
    case CodeKind::kItalic: return "i";
    case CodeKind::kUnderline: return "u";
    case CodeKind::kLink: return "a";
    case CodeKind::kSpan: return "span";
    case CodeKind::kLineBreak: return "br";
    case CodeKind::kFootnote: return "fn";
    case CodeKind::kPlaceholder: return "img";
  }
  return "?";
}

// The text with its codes written back as [b]..[/b], [br], [fn:1]...: checks every byte range.
std::string with_codes(const Document& doc) {
  std::string out;
  for (size_t at = 0; at <= doc.text.size(); ++at) {
    // Closing tags first (inner ones first: codes are sorted outer first), then opening ones.
    for (size_t k = doc.codes.size(); k-- > 0;) {
      const auto& c = doc.codes[k];
      if (talign::is_paired(c.kind) && c.end == at) out += std::string("[/") + tag_name(c.kind) + "]";
    }
    for (const auto& c : doc.codes) {
      if (c.begin != at) continue;
      if (talign::is_paired(c.kind)) {
        out += std::string("[") + tag_name(c.kind) + (c.native.empty() ? "" : "=" + c.native) + "]";
      } else if (c.kind != CodeKind::kLineBreak) {
        out += std::string("[") + tag_name(c.kind) + ":" + c.native + "]";
      } else {
        out += "[br]";
      }
    }
    if (at < doc.text.size()) out += doc.text[at];
  }
  return out;
}

Error html_error(const std::string& bytes) {
  try {
    read_html(bytes, "page.html");
  } catch (const Error& e) {
    return e;
  }
  FAIL("no error thrown");
  return Error(talign::ErrorKind::kData, "", "");
}

}  // namespace

TEST_CASE("HTML: hidden elements are skipped, the title is a paragraph", "[html]") {
  const Document doc = read_html(
      "<!DOCTYPE html><html><head><title>A  title</title><style>p { color: red }</style>"
      "<script>var x = 'no';</script><meta name=x content=y></head><body>"
      "<noscript>Enable scripts.</noscript><template><p>Template.</p></template>"
      "<p>Visible <!-- comment --> text.</p><div hidden>Hidden.</div>"
      "<script>document.write('no')</script></body></html>",
      "page.html");
  CHECK(doc.text == "A title\n\nVisible text.");
  CHECK(doc.format == talign::InputFormat::kHtml);
}

TEST_CASE("HTML: block elements are paragraphs, inline ones are not", "[html]") {
  const Document doc = read_html(
      "<body><h1>Head</h1>Loose <span>text</span><div>In <em>a</em> div<p>Nested p</p>tail</div>"
      "<ul><li>One</li><li>Two</li></ul><table><tr><td>Cell A</td><td>Cell B</td></tr></table>"
      "<blockquote>Quote</blockquote></body>",
      "page.html");
  CHECK(doc.text == "Head\n\nLoose text\n\nIn a div\n\nNested p\n\ntail\n\nOne\n\nTwo\n\nCell A\n\n"
                    "Cell B\n\nQuote");
}

TEST_CASE("HTML: white space collapses, <br> is a line break, <pre> keeps its lines", "[html]") {
  const Document doc = read_html(
      "<p>  Two\n   words\tand<br>a break.  </p><pre>\nfirst  line\nsecond\n\nthird</pre>", "page.html");
  CHECK(with_codes(doc) == "Two words and[br]\na break.\n\nfirst  line[br]\nsecond\n\nthird");
}

TEST_CASE("HTML: entities are decoded", "[html]") {
  const Document doc = read_html("<p>Tom &amp; Jerry &lt;3 &eacute;t&eacute; &#8364;5 &#x263A; &nbsp;x</p>",
                                 "page.html");
  CHECK(doc.text == "Tom & Jerry <3 été €5 ☺ \u00a0x");
}

TEST_CASE("HTML: nested bold and italic codes cover the right bytes", "[html]") {
  const Document doc = read_html(
      "<p>A <b>bold <i>both</i></b> and <strong>x</strong><em>y</em> <u>u</u> <ins>i</ins> "
      "<a href=\"http://e.org/?a=1&amp;b=2\">link</a> <a name=x>anchor</a>.</p>",
      "page.html");
  CHECK(with_codes(doc) ==
        "A [b]bold [i]both[/i][/b] and [b]x[/b][i]y[/i] [u]u[/u] [u]i[/u] "
        "[a=http://e.org/?a=1&b=2]link[/a] anchor.");
  // The byte ranges themselves: "bold both" is bytes 2..11, "both" 7..11.
  REQUIRE(doc.codes.size() >= 2);
  CHECK(doc.codes[0].kind == CodeKind::kBold);
  CHECK(doc.codes[0].begin == 2);
  CHECK(doc.codes[0].end == 11);
  CHECK(doc.codes[1].kind == CodeKind::kItalic);
  CHECK(doc.codes[1].begin == 7);
  CHECK(doc.codes[1].end == 11);
}

TEST_CASE("HTML: footnote references and images are isolated codes", "[html]") {
  const Document doc = read_html(
      "<p><img src=\"a.png\" alt=\"lead\">Text<sup><a href=\"#fn1\">1</a></sup> and "
      "<a href=\"#fn2\"><sup>2</sup></a> with <img src=\"b.png\" alt=\"a &quot;b&quot;\"> end.</p>"
      "<p><img src=\"alone.png\"></p><p>Next.</p>",
      "page.html");
  CHECK(with_codes(doc) ==
        "[img:<img src=\"a.png\" alt=\"lead\"/>]Text[fn:1] and [fn:2] with "
        "[img:<img src=\"b.png\" alt=\"a &quot;b&quot;\"/>] end.\n\nNext.");
}

TEST_CASE("HTML: lang and xml:lang attributes mark languages, restored after the element",
          "[html]") {
  const Document doc = read_html(
      "<html lang=\"en\"><body><p>English <span lang=\"fr\">français</span> again.</p>"
      "<p xml:lang=\"de\" lang=\"de-AT\">Deutsch.</p><p>End.</p></body></html>",
      "page.html");
  CHECK(doc.text == "English français again.\n\nDeutsch.\n\nEnd.");
  REQUIRE(doc.languages.size() == 5);
  CHECK(doc.languages[0].begin == 0);
  CHECK(doc.languages[0].lang == "en");
  CHECK(doc.text.substr(doc.languages[1].begin, 9) == "français");
  CHECK(doc.languages[1].lang == "fr");
  CHECK(doc.text.substr(doc.languages[2].begin).rfind(" again.", 0) == 0);
  CHECK(doc.languages[2].lang == "en");
  CHECK(doc.text.substr(doc.languages[3].begin).rfind("Deutsch.", 0) == 0);
  CHECK(doc.languages[3].lang == "de");
  CHECK(doc.languages[4].lang == "en");
}

TEST_CASE("HTML: the declared charset decodes the bytes", "[html]") {
  SECTION("windows-1252 (every byte is a character)") {
    const Document doc = read_html(
        "<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\xe9 \x93q\x94</p>", "p.html");
    CHECK(doc.text == "Café “q”");
  }
  SECTION("http-equiv Shift_JIS") {
    const Document doc = read_html(
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">"
        "<p>\x93\xfa\x96\x7b\x8c\xea</p>",
        "p.html");
    CHECK(doc.text == "日本語");
  }
  SECTION("a UTF-8 BOM wins over the meta") {
    const Document doc = read_html("\xEF\xBB\xBF<meta charset=\"iso-8859-1\"><p>été</p>", "p.html");
    CHECK(doc.text == "été");
  }
  SECTION("already decoded text ignores the declaration") {
    const Document doc = read_html_text("<meta charset=\"shift_jis\"><p>été</p>", "p.html");
    CHECK(doc.text == "été");
  }
}

TEST_CASE("HTML: bytes invalid for the declared charset fail naming the byte", "[html]") {
  const Error utf8 = html_error("<meta charset=\"utf-8\"><p>ab \xc3\x28</p>");
  CHECK(utf8.byte() == 28);
  CHECK(std::string(utf8.what()).find("page.html") != std::string::npos);
  CHECK(std::string(utf8.what()).find("utf-8") != std::string::npos);
  const Error undeclared = html_error("<p>\xff</p>");
  CHECK(undeclared.byte() == 3);
  const Error sjis = html_error("<meta charset=\"shift_jis\"><p>\x93\xfa ok \xff</p>");
  CHECK(sjis.byte() == 35);
  CHECK(std::string(sjis.what()).find("shift_jis") != std::string::npos);
  const Error euckr = html_error("<meta charset=\"euc-kr\"><p>\xc7\xd1 \xc7\xff</p>");
  CHECK(euckr.byte() == 29);
}

TEST_CASE("Markdown: headings, paragraphs with lazy lines, code blocks left out", "[markdown]") {
  const Document doc = read_markdown(
      "# Title #\n\nSetext\n======\n\nA paragraph\ncontinued.\n\n```\ncode = 1\n```\n\n"
      "    indented code\n\n---\n\nAfter *the* break.\nline two  \nhard break\n",
      "a.md");
  CHECK(with_codes(doc) ==
        "Title\n\nSetext\n\nA paragraph continued.\n\nAfter [i]the[/i] break. line two[br]\nhard break");
}

TEST_CASE("Markdown: lists, block quotes and tables give a paragraph per item and cell",
          "[markdown]") {
  const Document doc = read_markdown(
      "- one\n- two\n  lazy\n  1. nested\n* three\n\n> quoted\ncontinued\n\n"
      "| A | *B* |\n|---|:--:|\n| c \\| d | `e|f` |\n",
      "a.md");
  CHECK(with_codes(doc) ==
        "one\n\ntwo lazy\n\nnested\n\nthree\n\nquoted continued\n\nA\n\n[i]B[/i]\n\nc | d\n\ne|f");
}

TEST_CASE("Markdown: nested emphasis, links, images, escapes and entities", "[markdown]") {
  const Document doc = read_markdown(
      "**bold *both*** and __b__ _i_ ***bi*** `a *b*` [link](http://e.org \"t\") "
      "![alt](p.png) <http://auto.org> \\*not\\* &amp; &eacute; snake_case [r] [^1].\n\n"
      "[r]: http://ref.org\n",
      "a.md");
  CHECK(with_codes(doc) ==
        "[b]bold [i]both[/i][/b] and [b]b[/b] [i]i[/i] [i][b]bi[/b][/i] a *b* [a=http://e.org]link[/a] "
        "[img:<img src=\"p.png\" alt=\"alt\"/>] [a=http://auto.org]http://auto.org[/a] *not* & é "
        "snake_case [a=http://ref.org]r[/a] [fn:1].");
  REQUIRE(doc.codes.size() >= 2);
  CHECK(doc.codes[0].begin == 0);
  CHECK(doc.codes[0].end == 9);  // "bold both"
  CHECK(doc.codes[1].begin == 5);
}

TEST_CASE("Markdown: HTML blocks are read as HTML, comments and front matter dropped",
          "[markdown]") {
  const Document doc = read_markdown(
      "---\ntitle: x\n---\n<div class=\"n\">\n<p>In <b>html</b>.</p>\n</div>\n\n<!-- a\ncomment -->\n\n"
      "Text with <em>inline</em> html<br>and a [span]{.underline}.\n\n中文第一\n第二。\n",
      "a.md");
  CHECK(with_codes(doc) ==
        "In [b]html[/b].\n\nText with [i]inline[/i] html[br]\nand a [u]span[/u].\n\n中文第一第二。");
}

// The document model shared by every reader: DocumentBuilder, format detection, inline codes
// placed in sentences and written into TMX segments.
#include <catch2/catch.hpp>

#include <string>

#include "align/common/error.h"
#include "align/input/document_builder.h"
#include "align/input/format.h"
#include "align/split/inline_codes.h"
#include "align/split/splitter.h"
#include "align/write/alignment_writer.h"
#include "tests/test_util.h"

using namespace talign;

using talign::testing::covered;

TEST_CASE("DocumentBuilder collapses spaces and makes paragraphs", "[documents]") {
  DocumentBuilder b("x.html", InputFormat::kHtml);
  b.add_text("  \n Hello ", true);
  const size_t bold = b.open(CodeKind::kBold);
  b.add_text("big", true);
  b.close(bold);
  b.add_text("   world.\n", true);
  b.end_paragraph();
  b.end_paragraph();  // an empty paragraph adds nothing
  b.add_text("Second", true);
  b.line_break();
  b.add_text(" line", true);
  const Document doc = b.finish();
  CHECK(doc.text == "Hello big world.\n\nSecond\nline");
  CHECK(doc.format == InputFormat::kHtml);
  REQUIRE(doc.codes.size() == 2);
  CHECK(doc.codes[0].kind == CodeKind::kBold);
  CHECK(covered(doc, doc.codes[0]) == "big");
  CHECK(doc.codes[1].kind == CodeKind::kLineBreak);
  CHECK(doc.codes[1].begin == std::string("Hello big world.\n\nSecond").size());
}

TEST_CASE("DocumentBuilder keeps code offsets through NFC", "[documents]") {
  DocumentBuilder b("x.docx", InputFormat::kDocx);
  b.add_text("Cafe\xCC\x81 ", false);  // "Café" with a combining acute: NFC makes it 1 byte shorter
  const size_t italic = b.open(CodeKind::kItalic);
  b.add_text("noir", false);
  b.close(italic);
  const Document doc = b.finish();
  CHECK(doc.text == "Caf\xC3\xA9 noir");
  REQUIRE(doc.codes.size() == 1);
  CHECK(covered(doc, doc.codes[0]) == "noir");
}

TEST_CASE("DocumentBuilder drops empty pairs and trailing breaks", "[documents]") {
  DocumentBuilder b("x.html", InputFormat::kHtml);
  const size_t empty = b.open(CodeKind::kBold);
  b.close(empty);
  b.add_text("Text", true);
  b.line_break();
  b.end_paragraph();
  const Document doc = b.finish();
  CHECK(doc.text == "Text");
  CHECK(doc.codes.empty());
}

TEST_CASE("Formats are told by content, not name", "[documents]") {
  CHECK(detect_format("<!DOCTYPE html><html><body><p>x</p></body></html>", false, "a.txt") ==
        InputFormat::kHtml);
  CHECK(detect_format("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<xliff version=\"1.2\">", false,
                      "a.xml") == InputFormat::kXliff);
  CHECK(detect_format("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", false, "a.txt") ==
        InputFormat::kVtt);
  CHECK(detect_format("1\n00:00:01,000 --> 00:00:02,000\nHi\n", false, "a") == InputFormat::kSrt);
  CHECK(detect_format("# Title\n\nText.\n", false, "a.md") == InputFormat::kMarkdown);
  CHECK(detect_format("# Title\n\nText.\n", false, "a.txt") == InputFormat::kText);
  // Presplit input with hunalign's paragraph markers is text, not HTML.
  CHECK(detect_format("<p>\nOne sentence.\n", false, "a.html") == InputFormat::kText);
  CHECK(parse_input_format("DOCX") == InputFormat::kDocx);
  CHECK(parse_input_format("markdown") == InputFormat::kMarkdown);
  CHECK_THROWS_AS(parse_input_format("pdf"), Error);
}

TEST_CASE("Files that are not text are refused by their first bytes", "[documents]") {
  auto refusal = [](std::string_view head) {
    try {
      refuse_non_text(head, "in.txt");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(refusal("%PDF-1.7\n") .find("PDF") != std::string::npos);
  CHECK(refusal("%PDF-1.7\n").find("pdftotext -layout in.txt") != std::string::npos);
  CHECK(refusal(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)).find("libreoffice") !=
        std::string::npos);
  CHECK(refusal("{\\rtf1\\ansi").find("RTF") != std::string::npos);
  CHECK(refusal("\x1F\x8B\x08").find("gzip") != std::string::npos);
  CHECK(refusal("BZh91AY&SY").find("bzip2") != std::string::npos);
  CHECK(refusal("BZh is how this text starts").empty());
  CHECK(refusal("Plain text.").empty());
  CHECK(is_zip_archive("PK\x03\x04rest"));
  CHECK_FALSE(is_zip_archive("PKZIP is a program"));
}

TEST_CASE("Inline codes are placed in the sentences they fall in", "[documents]") {
  // "One <b>two</b> three. <i>Four. Five</i> six.\n\nSeven ... fourteen<br/>fifteen."
  DocumentBuilder b("x.html", InputFormat::kHtml);
  b.add_text("One ", true);
  size_t h = b.open(CodeKind::kBold);
  b.add_text("two", true);
  b.close(h);
  b.add_text(" three. ", true);
  h = b.open(CodeKind::kItalic);
  b.add_text("Four. Five", true);
  b.close(h);
  b.add_text(" six.", true);
  b.end_paragraph();
  b.add_text("Seven eight nine ten eleven twelve thirteen fourteen", true);
  b.line_break();
  b.add_text("fifteen.", true);
  const Document doc = b.finish();
  const SentenceList sentences = Splitter("en").split(doc.text);
  REQUIRE(sentences.size() == 4);
  CHECK(sentences.text(0) == "One two three.");
  CHECK(sentences.text(1) == "Four.");
  CHECK(sentences.text(2) == "Five six.");
  CHECK(sentences.text(3) == "Seven eight nine ten eleven twelve thirteen fourteen fifteen.");
  const SentenceCodes codes = SentenceCodes::place(doc, sentences);
  REQUIRE(codes.of(0).size() == 2);
  CHECK(codes.of(0)[0].role == CodeRole::kOpen);
  CHECK(codes.of(0)[0].offset == 4);
  CHECK(codes.of(0)[1].role == CodeRole::kClose);
  CHECK(codes.of(0)[1].offset == 7);
  // The italic pair starts sentence 1 at its edge (whole on that side: no code there) and ends
  // inside sentence 2.
  CHECK(codes.of(1).empty());
  REQUIRE(codes.of(2).size() == 1);
  CHECK(codes.of(2)[0].role == CodeRole::kCloseCut);
  CHECK(codes.of(2)[0].offset == 4);
  REQUIRE(codes.of(3).size() == 1);
  CHECK(codes.of(3)[0].role == CodeRole::kIsolated);
  CHECK(codes.of(3)[0].offset == 52);
  CHECK(codes.code(codes.of(3)[0].code).kind == CodeKind::kLineBreak);

  std::string seg;
  size_t invalid = 0;
  append_tmx_segment(sentences, &codes, 0, 1, "en", seg, invalid);
  CHECK(seg == "One <bpt i=\"1\" type=\"bold\">&lt;b&gt;</bpt>two<ept i=\"1\">&lt;/b&gt;</ept>"
               " three.");
  seg.clear();
  append_tmx_segment(sentences, &codes, 2, 1, "en", seg, invalid);
  CHECK(seg == "Five<it pos=\"end\" type=\"italic\">&lt;/i&gt;</it> six.");
  seg.clear();
  append_tmx_segment(sentences, &codes, 3, 1, "en", seg, invalid);
  CHECK(seg == "Seven eight nine ten eleven twelve thirteen fourteen<ph x=\"1\" type=\"lb\">"
               "&lt;br/&gt;</ph> fifteen.");
  seg.clear();
  append_tmx_segment(sentences, nullptr, 0, 2, "en", seg, invalid);
  CHECK(seg == "One two three. Four.");
}

TEST_CASE("A pair cut between two sentences of one segment is a pair again", "[documents]") {
  DocumentBuilder b("x.html", InputFormat::kHtml);
  b.add_text("Alpha ", true);
  const size_t h = b.open(CodeKind::kLink, "https://example.org/?a=1&b=2");
  b.add_text("beta. Gamma", true);
  b.close(h);
  b.add_text(" delta.", true);
  const Document doc = b.finish();
  const SentenceList sentences = Splitter("en").split(doc.text);
  REQUIRE(sentences.size() == 2);
  const SentenceCodes codes = SentenceCodes::place(doc, sentences);
  std::string seg;
  size_t invalid = 0;
  append_tmx_segment(sentences, &codes, 0, 2, "en", seg, invalid);
  CHECK(seg ==
        "Alpha <bpt i=\"1\" type=\"link\">&lt;a href=&quot;https://example.org/?a=1&amp;b=2&quot;&gt;"
        "</bpt>beta. Gamma<ept i=\"1\">&lt;/a&gt;</ept> delta.");
  seg.clear();
  append_tmx_segment(sentences, &codes, 0, 1, "en", seg, invalid);
  CHECK(seg == "Alpha <it pos=\"begin\" type=\"link\">&lt;a href=&quot;https://example.org/?a=1&amp;b=2&quot;&gt;"
               "</it>beta.");
}

// Tests for align/input/parallel_reader: TMX (as other tools write it, TMX 1.1, malformed),
// Moses and TSV readers. The TMX files are hand-written in tests/data/convert/.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "align/common/error.h"
#include "align/input/parallel_reader.h"

namespace {

using talign::Error;
using talign::ErrorKind;
using talign::ParallelCorpus;

std::string data(const std::string& name) {
  return std::string(TALIGN_SOURCE_DIR) + "/tests/data/convert/" + name;
}

// A temporary file removed at the end of the test.
struct NamedTempFile {
  std::string path;
  explicit NamedTempFile(const std::string& name, const std::string& content) {
    path = (std::filesystem::temp_directory_path() /
            ("talign_convert_test_" + std::to_string(::getpid()) + "_" + name))
               .string();
    std::ofstream(path, std::ios::binary) << content;
  }
  ~NamedTempFile() { std::remove(path.c_str()); }
};

// The units as (source, target, score) with "" for a missing side, checked against the beads.
struct ScoredUnit {
  std::string src, tgt;
  float score;
};
std::vector<ScoredUnit> units(const ParallelCorpus& corpus) {
  REQUIRE(talign::covers_exactly(corpus.alignment.beads, corpus.src.size(), corpus.tgt.size()));
  std::vector<ScoredUnit> out;
  for (const talign::Bead& b : corpus.alignment.beads) {
    REQUIRE(b.src_count <= 1);
    REQUIRE(b.tgt_count <= 1);
    REQUIRE(b.src_count + b.tgt_count >= 1);
    out.push_back({b.src_count ? std::string(corpus.src.text(b.src_begin)) : "",
                   b.tgt_count ? std::string(corpus.tgt.text(b.tgt_begin)) : "", b.score});
  }
  return out;
}

// The error message of `f`, which must throw Error of `kind`.
template <typename F>
std::string error_message(F f, ErrorKind kind = ErrorKind::kData) {
  try {
    f();
  } catch (const Error& e) {
    CHECK(e.kind() == kind);
    return e.what();
  }
  FAIL("no error thrown");
  return "";
}

}  // namespace

TEST_CASE("TMX from another tool: header srclang, inline codes, extra and missing tuvs",
          "[convert]") {
  const ParallelCorpus corpus = talign::read_tmx(data("other_tool.tmx"));
  CHECK(corpus.src_lang == "en-US");
  CHECK(corpus.tgt_lang == "fr-FR");
  const std::vector<ScoredUnit> u = units(corpus);
  REQUIRE(u.size() == 8);  // tu 7 (empty segs) and tu 8 (no tuv) are skipped
  CHECK(u[0].src == "The cat sleeps.");
  CHECK(u[0].tgt == "Le chat dort.");
  CHECK(u[0].score == talign::kUnknownScore);  // no x-talign-score prop: no score
  // <bpt>/<ept>/<ph> are native codes and dropped; <hi> is text and kept. The language tags
  // "EN-us" and "fr-fr" match case-insensitively.
  CHECK(u[1].src == "Click Save now.");
  CHECK(u[1].tgt == "Cliquez sur Enregistrer maintenant.");
  // Three tuvs: the German one (listed first) is ignored.
  CHECK(u[2].src == "Three languages.");
  CHECK(u[2].tgt == "Trois langues.");
  // Missing target: 1-0.
  CHECK(u[3].src == "No translation yet.");
  CHECK(u[3].tgt.empty());
  // CDATA is text.
  CHECK(u[4].src == "Use <tags> & \"quotes\" here.");
  CHECK(u[4].tgt == "Utilisez <balises> & « guillemets » ici.");
  // Entities and character references (hex and decimal); the score prop.
  CHECK(u[5].src == "Tom & Jerry <3 \xF0\x9F\x98\x80");
  CHECK(u[5].tgt == "Tom & Jerry <3 \xF0\x9F\x98\x80");
  CHECK(u[5].score == Approx(0.75));
  // Missing source: 0-1.
  CHECK(u[6].src.empty());
  CHECK(u[6].tgt == "Seulement en français.");
  // A line break inside a segment is folded with its indentation into one space.
  CHECK(u[7].src == "A segment over two lines.");
  CHECK(u[7].tgt == "Un segment sur deux lignes.");
}

TEST_CASE("TMX: language hints choose the sides; the primary subtag matches", "[convert]") {
  SECTION("the hint overrides the header's srclang") {
    const std::vector<ScoredUnit> u = units(talign::read_tmx(data("other_tool.tmx"), "fr", "en"));
    REQUIRE(u.size() == 8);
    CHECK(u[0].src == "Le chat dort.");
    CHECK(u[0].tgt == "The cat sleeps.");
    CHECK(u[3].src.empty());
    CHECK(u[3].tgt == "No translation yet.");
  }
  SECTION("a target hint picks the third language") {
    const ParallelCorpus corpus = talign::read_tmx(data("other_tool.tmx"), "", "de");
    CHECK(corpus.src_lang == "en-US");
    CHECK(corpus.tgt_lang == "de");
    const std::vector<ScoredUnit> u = units(corpus);
    REQUIRE(u.size() == 7);  // only tu 3 has German; tu 9 (French only) has neither side
    CHECK(u[2].src == "Three languages.");
    CHECK(u[2].tgt == "Drei Sprachen.");
    CHECK(u[0].tgt.empty());
  }
}

TEST_CASE("TMX: srclang *all* with Arabic and CJK text", "[convert]") {
  SECTION("without hints the first tuv's language is the source") {
    const ParallelCorpus corpus = talign::read_tmx(data("arabic_cjk.tmx"));
    CHECK(corpus.src_lang == "ar");
    CHECK(corpus.tgt_lang == "zh-CN");
    const std::vector<ScoredUnit> u = units(corpus);
    REQUIRE(u.size() == 2);
    CHECK(u[0].src == "مرحبا بالعالم.");
    CHECK(u[0].tgt == "你好，世界。");
    // The second <tu> lists zh first; the sides still follow the languages.
    CHECK(u[1].src == "«علامات» و&رموز.");
    CHECK(u[1].tgt == "“引号”和&符号。");
  }
  SECTION("hints") {
    const std::vector<ScoredUnit> u = units(talign::read_tmx(data("arabic_cjk.tmx"), "ja", "ar"));
    REQUIRE(u.size() == 2);
    CHECK(u[0].src == "こんにちは世界。");
    CHECK(u[0].tgt == "مرحبا بالعالم.");
    CHECK(u[1].src.empty());
    CHECK(u[1].tgt == "«علامات» و&رموز.");
  }
}

TEST_CASE("TMX 1.1: the lang attribute, upper-case codes", "[convert]") {
  const ParallelCorpus corpus = talign::read_tmx(data("tmx11.tmx"));
  CHECK(corpus.src_lang == "EN");
  CHECK(corpus.tgt_lang == "DE");
  const std::vector<ScoredUnit> u = units(corpus);
  REQUIRE(u.size() == 2);
  CHECK(u[0].src == "Good morning.");
  CHECK(u[0].tgt == "Guten Morgen.");
  CHECK(u[1].src == "Good night.");
  CHECK(u[1].tgt == "Gute Nacht.");
}

TEST_CASE("TMX: text is NFC", "[convert]") {
  const NamedTempFile tmx("nfc.tmx",
                          "<tmx version=\"1.4\"><header srclang=\"fr\"/><body><tu>"
                          "<tuv xml:lang=\"fr\"><seg>cafe\xCC\x81</seg></tuv>"
                          "<tuv xml:lang=\"de\"><seg>Kaffee</seg></tuv></tu></body></tmx>");
  const std::vector<ScoredUnit> u = units(talign::read_tmx(tmx.path));
  REQUIRE(u.size() == 1);
  CHECK(u[0].src == "caf\xC3\xA9");
}

TEST_CASE("TMX: malformed XML names the line and column", "[convert]") {
  CHECK(error_message([] { talign::read_tmx(data("malformed.tmx")); }) ==
        data("malformed.tmx") +
            ": malformed TMX: Opening and ending tag mismatch: seg line 7 and tuv at line 7, "
            "column 42");
  CHECK(error_message([] { talign::read_tmx(data("bare_ampersand.tmx")); }) ==
        data("bare_ampersand.tmx") +
            ": malformed TMX: xmlParseEntityRef: no name at line 5, column 36");
  // Columns count characters, not bytes.
  const NamedTempFile wide("wide.tmx", "<tmx>\n<body>é€😀 & x</body></tmx>\n");
  CHECK_THAT(error_message([&] { talign::read_tmx(wide.path); }),
             Catch::EndsWith("at line 2, column 12"));
  const NamedTempFile empty("empty.tmx", "");
  CHECK_THAT(error_message([&] { talign::read_tmx(empty.path); }),
             Catch::Contains("malformed TMX"));
  const NamedTempFile other("other.tmx", "<?xml version=\"1.0\"?>\n<html><body/></html>\n");
  CHECK_THAT(error_message([&] { talign::read_tmx(other.path); }),
             Catch::Contains("root element is not <tmx>"));
  CHECK_THAT(error_message([] { talign::read_tmx(data("no-such-file.tmx")); }),
             Catch::Contains("cannot open"));
}

TEST_CASE("TMX: external entities are not fetched", "[convert]") {
  const NamedTempFile secret("secret.txt", "SECRET");
  const NamedTempFile tmx("xxe.tmx",
                          "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM \"file://" +
                              secret.path +
                              "\">]>\n<tmx><header srclang=\"en\"/><body><tu>"
                              "<tuv xml:lang=\"en\"><seg>a&x;b</seg></tuv>"
                              "<tuv xml:lang=\"fr\"><seg>c</seg></tuv></tu></body></tmx>\n");
  const std::vector<ScoredUnit> u = units(talign::read_tmx(tmx.path));
  REQUIRE(u.size() == 1);
  CHECK(u[0].src == "ab");
}

TEST_CASE("Moses: line i with line i", "[convert]") {
  const NamedTempFile en("m.en",
                         "\xEF\xBB\xBFOne.\r\nTwo \xE2\x80\xA8 lines.\n\nOnly English.\n\n");
  const NamedTempFile fr("m.fr", "Un.\nDeux lignes.\n\n\nSeulement en français.\n");
  const std::vector<ScoredUnit> u = units(talign::read_moses(en.path, fr.path));
  REQUIRE(u.size() == 4);     // line 3 is empty on both sides
  CHECK(u[0].src == "One.");  // BOM and CR dropped
  CHECK(u[0].tgt == "Un.");
  CHECK(u[1].src == "Two lines.");  // U+2028 does not end the line
  CHECK(u[2].src == "Only English.");
  CHECK(u[2].tgt.empty());
  CHECK(u[3].src.empty());
  CHECK(u[3].tgt == "Seulement en français.");
}

TEST_CASE("Moses: different line counts, invalid UTF-8", "[convert]") {
  const NamedTempFile en("c.en", "a\nb\nc\n");
  const NamedTempFile fr("c.fr", "x\ny\n");
  const std::string message = error_message([&] { talign::read_moses(en.path, fr.path); });
  CHECK_THAT(message, Catch::Contains(en.path));
  CHECK_THAT(message, Catch::Contains(fr.path));
  CHECK_THAT(message, Catch::Contains("3 lines"));
  CHECK_THAT(message, Catch::Contains("has 2"));
  const NamedTempFile bad("bad.en", "ok\nok\nb\xFFz\n");
  CHECK(error_message([&] { talign::read_moses(bad.path, en.path); }) ==
        bad.path + ": invalid UTF-8 at byte 7 (line 3)");
}

TEST_CASE("TSV: pairs, scores, empty sides", "[convert]") {
  const NamedTempFile tsv("p.tsv",
                          "Hello.\tBonjour.\t0.25\n\nOnly source.\t\n\tSeulement cible.\n"
                          "Tab at end.\tFin.\t\n");
  // The last line has an empty third field, which is not a score.
  CHECK(error_message([&] { talign::read_tsv(tsv.path); }) ==
        tsv.path + ": third field '' is not a score in [0, 1] at line 5");
  const NamedTempFile good("q.tsv",
                           "Hello.\tBonjour.\t0.25\n\nOnly source.\t\n\tSeulement cible.\n");
  const std::vector<ScoredUnit> u = units(talign::read_tsv(good.path));
  REQUIRE(u.size() == 3);
  CHECK(u[0].src == "Hello.");
  CHECK(u[0].tgt == "Bonjour.");
  CHECK(u[0].score == Approx(0.25));
  CHECK(u[1].src == "Only source.");
  CHECK(u[1].tgt.empty());
  CHECK(u[1].score == talign::kUnknownScore);  // no score column
  CHECK(u[2].src.empty());
  CHECK(u[2].tgt == "Seulement cible.");
}

TEST_CASE("TSV: errors name the line", "[convert]") {
  const NamedTempFile no_tab("n.tsv", "a\tb\nno tab here\n");
  CHECK(error_message([&] { talign::read_tsv(no_tab.path); }) ==
        no_tab.path + ": no tab (expected source<TAB>target[<TAB>score]) at line 2");
  const NamedTempFile four("f.tsv", "a\tb\t0.5\textra\n");
  CHECK_THAT(error_message([&] { talign::read_tsv(four.path); }),
             Catch::Contains("more than three fields") && Catch::EndsWith("at line 1"));
  const NamedTempFile score("s.tsv", "a\tb\t1.5\n");
  CHECK_THAT(error_message([&] { talign::read_tsv(score.path); }),
             Catch::Contains("'1.5' is not a score") && Catch::EndsWith("at line 1"));
}

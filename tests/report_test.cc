// Tests for align/write/report_writer: the data the review page carries (beads, sentences,
// paragraphs, joins, anchors, band) and that no sentence text can break out of the inline script.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "align/write/report_writer.h"

namespace {

struct ReportFixture {
  talign::SentenceList src, tgt;
  talign::Alignment alignment;

  // Source 0-3 (paragraph break before 2), target 0-2; the 1-0 bead's target begin is given as
  // 0, not its position 2: the page must get the position.
  ReportFixture() {
    src.add("One.", 0, 0);
    src.add("Two </script><script>alert(1)</script>.", 0, 5);
    src.add("Three \xE2\x80\xA8 line separator.", 1, 50);
    src.add("Four.", 1, 80);
    tgt.add("\xE4\xB8\x80\xE3\x80\x82", 0, 0);  // 一。
    tgt.add("\xE4\xBA\x8C\xE3\x80\x82", 0, 6);  // 二。
    tgt.add("\xE4\xB8\x89\xE3\x80\x82", 0, 12);
    alignment.beads = {{0, 1, 0, 1, 0.9f}, {1, 2, 1, 2, 0.5f}, {3, 1, 0, 0, 0.2f}};
    alignment.stats.anchor_points = {{0, 0}, {3, 2}};
    alignment.stats.seconds = 1.25;
  }

  std::string page() const {
    const talign::AlignedDocuments d{src, tgt, alignment, "en", "zh", 0.0, false,
                                     "20260102T030405Z", "a.en", "b.zh"};
    return talign::render_report(d, "stem");
  }
};

// The inline JSON: between the data script's opening tag and the first "</script>" after it.
std::string data_of(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"talign-data\">";
  const size_t begin = page.find(open);
  REQUIRE(begin != std::string::npos);
  const size_t end = page.find("</script>", begin);
  REQUIRE(end != std::string::npos);
  return page.substr(begin + open.size(), end - begin - open.size());
}

}  // namespace

TEST_CASE("report: beads with positions for empty sides, scores as printed", "[report]") {
  ReportFixture f;
  const std::string data = data_of(f.page());
  CHECK(data.find("\"beads\":[[0,1,0,1,\"0.900\"],[1,2,1,2,\"0.500\"],[3,1,3,0,\"0.200\"]]") !=
        std::string::npos);
  CHECK(data.find("\"anchors\":[[0,0],[3,2]]") != std::string::npos);
  CHECK(data.find("\"src_paragraphs\":[2]") != std::string::npos);
  CHECK(data.find("\"stem\":\"stem\"") != std::string::npos);
  // English sentences join with a space, Chinese ones without.
  CHECK(data.find("\"src_glue\":\"0111\"") != std::string::npos);
  CHECK(data.find("\"tgt_glue\":\"000\"") != std::string::npos);
}

TEST_CASE("report: sentence text cannot end the inline script", "[report]") {
  ReportFixture f;
  const std::string page = f.page();
  const std::string data = data_of(page);
  // The whole JSON object lies before the first </script>: the hostile sentence was escaped.
  CHECK(data.find('<') == std::string::npos);
  CHECK(data.back() == '}');
  CHECK(data.find("Two \\u003c/script>\\u003cscript>alert(1)\\u003c/script>.") != std::string::npos);
  CHECK(data.find("\\u2028") != std::string::npos);
  CHECK(data.find("\xE2\x80\xA8") == std::string::npos);
  CHECK(page.find("@TALIGN_DATA@") == std::string::npos);
}

TEST_CASE("report: loads nothing from the network", "[report]") {
  ReportFixture f;
  const std::string page = f.page();
  for (const char* pattern : {"src=\"http", "href=\"http", "url(http", "@import", "src=\"//"})
    CHECK(page.find(pattern) == std::string::npos);
  CHECK(page.find("default-src 'none'") != std::string::npos);
}

TEST_CASE("report: the time taken is left out for reproducible builds", "[report]") {
  ReportFixture f;
  ::unsetenv("SOURCE_DATE_EPOCH");
  CHECK(data_of(f.page()).find("\"seconds\":1.250") != std::string::npos);
  ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  CHECK(data_of(f.page()).find("\"seconds\":null") != std::string::npos);
  ::unsetenv("SOURCE_DATE_EPOCH");
  f.alignment.stats.seconds = -1;
  CHECK(data_of(f.page()).find("\"seconds\":null") != std::string::npos);
}

TEST_CASE("report: a long band is summarised, keeping its extent", "[report]") {
  ReportFixture f;
  const uint32_t rows = 10001;
  for (uint32_t i = 0; i < rows; ++i) {
    f.alignment.stats.band_lo.push_back(i > 5 ? i - 5 : 0);
    f.alignment.stats.band_hi.push_back(i + 5);
  }
  f.alignment.stats.band_lo[7] = 1;  // a dip inside the second bucket (rows 6-11) must survive
  const std::string data = data_of(f.page());
  const size_t begin = data.find("\"band\":[");
  REQUIRE(begin != std::string::npos);
  const std::string band = data.substr(begin, data.find("]]", begin) - begin + 2);
  size_t entries = 0;
  for (char c : band) entries += c == '[';
  entries -= 1;  // the outer bracket
  CHECK(entries <= 2002);
  CHECK(entries >= 1000);
  CHECK(band.find("\"band\":[[0,0,10]") == 0);  // first bucket (rows 0-5): lo 0, hi 10
  CHECK(band.find(",[6,1,16],") != std::string::npos);
  CHECK(band.find("[10000,9995,10005]]") != std::string::npos);  // the real last row
}

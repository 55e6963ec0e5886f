// Tests for align/write/alignment_writer: every format's layout, escaping and filtering, on a
// small hand-built alignment whose expected output follows from its construction.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "align/common/error.h"
#include "align/write/alignment_writer.h"

namespace fs = std::filesystem;

namespace {

struct Fixture {
  talign::SentenceList src, tgt;
  talign::Alignment alignment;
  fs::path dir;

  // Source sentences 0-3, target 0-3: [0]:[0] 0.9, [1, 2]:[1] 0.5, [3]:[] 0.2, []:[2, 3] 0.7.
  Fixture() {
    for (const char* s : {"A & B < C.", "Tab\there.", "\"Quoted\" end.", "Gone."}) src.add(s, 0, 0);
    for (const char* s : {"Un \u00e9t\u00e9 \xF0\x9F\x98\x80.", "Deux.", "Trois\rquatre.", "Cinq."})
      tgt.add(s, 0, 0);
    alignment.beads = {{0, 1, 0, 1, 0.9f}, {1, 2, 1, 1, 0.5f}, {3, 1, 2, 0, 0.2f},
                       {4, 0, 2, 2, 0.7f}};
    dir = fs::temp_directory_path() / ("talign-writer-" + std::to_string(::getpid()));
    fs::create_directories(dir);
  }
  ~Fixture() { fs::remove_all(dir); }

  talign::AlignedDocuments documents(double min_score = 0.0, bool keep = false) const {
    return {src, tgt, alignment, "en", "fr", min_score, keep, "20260102T030405Z", "a.en", "b.fr"};
  }

  std::string run(const std::string& format, const talign::AlignedDocuments& d,
                  talign::WriteStats* stats = nullptr) const {
    const fs::path path = dir / ("out." + format);
    const talign::WriteStats s = talign::make_writer(format)->write(d, path.string());
    if (stats) *stats = s;
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

}  // namespace

TEST_CASE("beads and text list every bead", "[write]") {
  Fixture f;
  CHECK(f.run("beads", f.documents()) ==
        "[0]:[0]:0.900\n[1, 2]:[1]:0.500\n[3]:[]:0.200\n[]:[2, 3]:0.700\n");
  const std::string text = f.run("text", f.documents());
  CHECK(text.find("A & B < C.\tUn \u00e9t\u00e9 \xF0\x9F\x98\x80.\t0.900\n") == 0);
  CHECK(text.find("Tab here. \"Quoted\" end.\tDeux.\t0.500\n") != std::string::npos);  // tab -> space
  CHECK(text.find("Gone.\t\t0.200\n") != std::string::npos);
  CHECK(text.find("\tTrois quatre. Cinq.\t0.700\n") != std::string::npos);  // CR -> space
}

TEST_CASE("pair formats leave out unmatched beads unless asked, and apply --min-score", "[write]") {
  Fixture f;
  talign::WriteStats stats;
  const std::string tsv = f.run("tsv", f.documents(), &stats);
  CHECK(stats.units == 2);
  CHECK(stats.unmatched_left_out == 2);
  CHECK(std::count(tsv.begin(), tsv.end(), '\n') == 2);
  f.run("tsv", f.documents(0.6), &stats);
  CHECK(stats.units == 1);
  CHECK(stats.below_min_score == 1);
  const std::string kept = f.run("tsv", f.documents(0.0, true), &stats);
  CHECK(stats.units == 4);
  CHECK(kept.find("Gone.\t\t0.200\n") != std::string::npos);
  // Scores are compared as printed: 0.5 passes --min-score 0.5.
  f.run("tsv", f.documents(0.5), &stats);
  CHECK(stats.units == 2);
}

TEST_CASE("moses writes PREFIX.SRC and PREFIX.TGT with equal line counts", "[write]") {
  Fixture f;
  const fs::path prefix = f.dir / "corpus";
  talign::make_writer("moses")->write(f.documents(), prefix.string());
  std::ifstream en(prefix.string() + ".en"), fr(prefix.string() + ".fr");
  std::string line;
  std::vector<std::string> src, tgt;
  while (std::getline(en, line)) src.push_back(line);
  while (std::getline(fr, line)) tgt.push_back(line);
  // Moses has no columns: tabs stay, only line breaks would shift the pairing.
  CHECK(src == std::vector<std::string>{"A & B < C.", "Tab\there. \"Quoted\" end."});
  CHECK(tgt == std::vector<std::string>{"Un \u00e9t\u00e9 \xF0\x9F\x98\x80.", "Deux."});
  CHECK_THROWS_AS(talign::make_writer("moses")->write(f.documents(), "-"), talign::Error);
}

TEST_CASE("jsonl: one object per bead, JSON escaping, UTF-8 kept", "[write]") {
  Fixture f;
  const std::string jsonl = f.run("jsonl", f.documents());
  CHECK(jsonl.find("{\"src_ids\":[0],\"tgt_ids\":[0],\"src\":\"A & B < C.\",\"tgt\":\"Un "
                   "\u00e9t\u00e9 \xF0\x9F\x98\x80.\",\"score\":0.900}\n") == 0);
  CHECK(jsonl.find("\"src\":\"Tab\\there. \\\"Quoted\\\" end.\"") != std::string::npos);
  CHECK(jsonl.find("\"tgt\":\"Trois\\rquatre. Cinq.\"") != std::string::npos);
  CHECK(jsonl.find("{\"src_ids\":[3],\"tgt_ids\":[],\"src\":\"Gone.\",\"tgt\":\"\"") !=
        std::string::npos);
}

TEST_CASE("ladder and xces list every bead by position", "[write]") {
  Fixture f;
  CHECK(f.run("ladder", f.documents()) == "0\t0\t0.900\n1\t1\t0.500\n3\t2\t0.200\n4\t2\t0.700\n"
                                          "4\t4\t1.000\n");
  const std::string xces = f.run("xces", f.documents());
  CHECK(xces.find("fromDoc=\"a.en\" toDoc=\"b.fr\"") != std::string::npos);
  CHECK(xces.find("<link xtargets=\"2 3;2\" certainty=\"0.500\"/>") != std::string::npos);
  CHECK(xces.find("<link xtargets=\"4;\" certainty=\"0.200\"/>") != std::string::npos);
  CHECK(xces.find("<link xtargets=\";3 4\" certainty=\"0.700\"/>") != std::string::npos);
}

TEST_CASE("tmx: header, props, source first, escaping, CR and forbidden characters", "[write]") {
  Fixture f;
  f.src.add(std::string("Bell\x07 and \xEF\xBF\xBF."), 0, 0);  // BEL and U+FFFF: forbidden
  f.tgt.add("Cloche.", 0, 0);
  f.alignment.beads.push_back({4, 1, 4, 1, 1.0f});
  talign::WriteStats stats;
  const std::string tmx = f.run("tmx", f.documents(), &stats);
  CHECK(tmx.find("<header creationtool=\"talign\" creationtoolversion=\"") != std::string::npos);
  CHECK(tmx.find("segtype=\"sentence\" o-tmf=\"talign\" adminlang=\"en\" srclang=\"en\" "
                 "datatype=\"plaintext\" creationdate=\"20260102T030405Z\"") != std::string::npos);
  const size_t first_tu = tmx.find("<tu tuid=\"1\"");
  REQUIRE(first_tu != std::string::npos);
  CHECK(tmx.find("<prop type=\"x-talign-score\">0.900</prop>", first_tu) != std::string::npos);
  CHECK(tmx.find("<prop type=\"x-talign-bead\">1-1</prop>", first_tu) != std::string::npos);
  CHECK(tmx.find("<seg>A &amp; B &lt; C.</seg>") < tmx.find("<tuv xml:lang=\"fr\">"));
  CHECK(tmx.find("&quot;Quoted&quot; end.") != std::string::npos);
  CHECK(tmx.find("Trois&#13;quatre.") == std::string::npos);  // 2-2 bead left out (unmatched)
  CHECK(tmx.find("Bell\xEF\xBF\xBD and \xEF\xBF\xBD.") != std::string::npos);
  CHECK(stats.invalid_characters == 2);
  CHECK(stats.unmatched_left_out == 2);
  // Kept unmatched sentences become single-variant units; CR survives as a reference.
  const std::string kept = f.run("tmx", f.documents(0.0, true));
  CHECK(kept.find("Trois&#13;quatre. Cinq.") != std::string::npos);
  CHECK(kept.find("<prop type=\"x-talign-bead\">1-0</prop>") != std::string::npos);
}

TEST_CASE("sentences of a bead are joined with a space, or nothing between CJK", "[write]") {
  talign::SentenceList s;
  s.add("\u4eca\u5929\u4e0b\u96e8\u3002", 0, 0);
  s.add("\u660e\u5929\u6674\u3002", 0, 0);
  s.add("Hello.", 0, 0);
  CHECK(talign::join_sentences(s, 0, 2, "zh") == "\u4eca\u5929\u4e0b\u96e8\u3002\u660e\u5929\u6674\u3002");
  CHECK(talign::join_sentences(s, 0, 2, "yue-HK") ==
        "\u4eca\u5929\u4e0b\u96e8\u3002\u660e\u5929\u6674\u3002");
  CHECK(talign::join_sentences(s, 0, 2, "xx") == "\u4eca\u5929\u4e0b\u96e8\u3002\u660e\u5929\u6674\u3002");
  CHECK(talign::join_sentences(s, 1, 2, "en") == "\u660e\u5929\u6674\u3002 Hello.");
}

TEST_CASE("TMX creation dates: given, from SOURCE_DATE_EPOCH, malformed", "[write]") {
  CHECK(talign::tmx_creation_date("20250102T030405Z") == "20250102T030405Z");
  CHECK(talign::tmx_creation_date("2025-01-02") == "20250102T000000Z");
  CHECK(talign::tmx_creation_date("2025-01-02T03:04:05Z") == "20250102T030405Z");
  CHECK_THROWS_AS(talign::tmx_creation_date("yesterday"), talign::Error);
  ::setenv("SOURCE_DATE_EPOCH", "86400", 1);
  CHECK(talign::tmx_creation_date("") == "19700102T000000Z");
  ::setenv("SOURCE_DATE_EPOCH", "soon", 1);
  CHECK_THROWS_AS(talign::tmx_creation_date(""), talign::Error);
  ::unsetenv("SOURCE_DATE_EPOCH");
  CHECK(talign::tmx_creation_date("").size() == 16);
}

TEST_CASE("unknown formats are usage errors naming the choices", "[write]") {
  try {
    talign::make_writer("docx");
    FAIL("no error");
  } catch (const talign::Error& e) {
    CHECK(e.kind() == talign::ErrorKind::kUsage);
    CHECK(std::string(e.what()).find("tmx") != std::string::npos);
  }
}

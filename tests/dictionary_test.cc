// Tests for align/align/dictionary: the hunalign and TSV formats, skipped lines, duplicates, and
// errors with the position of the offending line in the file as stored (BOM, CRLF, UTF-16).
// Expected positions are found by searching the input bytes, not copied from the code's output.
#include "align/align/dictionary.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "align/common/error.h"

namespace fs = std::filesystem;

using talign::Dictionary;
using talign::DictionaryEntry;
using talign::Error;
using talign::ErrorKind;

namespace {

std::string data_path(const std::string& name) {
  return std::string(TALIGN_SOURCE_DIR) + "/tests/data/dict/" + name;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A file with exactly the given bytes, removed afterwards.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& bytes) {
    static int counter = 0;
    path = (fs::temp_directory_path() /
            ("talign-dict-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
               .string();
    std::ofstream(path, std::ios::binary) << bytes;
  }
  ~TempFile() { fs::remove(path); }
};

// Entries as (src, tgt) pairs, which Catch can print and compare.
using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs pairs(const Dictionary& dictionary) {
  Pairs out;
  for (const DictionaryEntry& e : dictionary.entries()) out.emplace_back(e.src, e.tgt);
  return out;
}

// Runs `f` and returns the Error it throws; fails the test if it throws nothing.
template <typename F>
Error error_of(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("no error thrown");
  return Error(ErrorKind::kUsage, "", "");
}

// 1-based line number of byte offset `byte` in `bytes`, counting LF only.
int64_t line_at(const std::string& bytes, size_t byte) {
  int64_t line = 1;
  for (size_t i = 0; i < byte; ++i) line += bytes[i] == '\n';
  return line;
}

// Encodes ASCII `text` as UTF-16LE with a BOM.
std::string utf16le(const std::string& text) {
  std::string out = "\xFF\xFE";
  for (char c : text) {
    out += c;
    out += '\0';
  }
  return out;
}

}  // namespace

TEST_CASE("the hunalign format puts the target phrase first", "[dict]") {
  // The file is German -> French: "maison @ Haus" means Haus (source) translates as maison.
  const Dictionary d = Dictionary::load(data_path("de-fr.dic"));
  CHECK(pairs(d) == Pairs{{"Haus", "maison"},
                          {"Berg", "montagne"},
                          {"Kartoffel", "pomme de terre"},
                          {"Wasser", "l'eau"},
                          {"Straße", "Rue"}});
  CHECK(d.size() == 5);
}

TEST_CASE("the TSV format is source, tab, target; further columns are ignored", "[dict]") {
  const Dictionary d = Dictionary::load(data_path("de-fr.tsv"));
  CHECK(pairs(d) == Pairs{{"Haus", "maison"},
                          {"Berg", "montagne"},
                          {"gute Nacht", "bonne nuit"},
                          {"Haus", "demeure"}});
}

TEST_CASE("comments and blank lines are skipped, phrases trimmed and collapsed", "[dict]") {
  const std::string text =
      "# comment\n"
      "\n"
      "   \t \n"
      "\t# indented comment with a tab\n"
      "  Haus \t maison  \n"
      "große   Stadt\tgrande \t ville\n";  // in TSV every tab separates: "ville" is column 3
  const Dictionary d = Dictionary::parse(text, "x.tsv");
  CHECK(pairs(d) == Pairs{{"Haus", "maison"}, {"große Stadt", "grande"}});

  // In the hunalign format tabs are blanks like spaces (but not in the first entry: a tab there
  // makes the file TSV).
  const Dictionary h =
      Dictionary::parse("\n# c\n  grande   ville  @  große   Stadt  \nx \t y\t@ z\n", "x.dic");
  CHECK(pairs(h) == Pairs{{"große Stadt", "grande ville"}, {"z", "x y"}});
}

TEST_CASE("repeated pairs are kept once, in first-seen order", "[dict]") {
  const Dictionary d = Dictionary::parse("b\tB\na\tA\nb\tB\n b  \t B\na\tA2\nA\ta\n",
                                         "x.tsv");  // " b " is "b" after trimming
  CHECK(pairs(d) == Pairs{{"b", "B"}, {"a", "A"}, {"a", "A2"}, {"A", "a"}});

  const Dictionary h = Dictionary::parse("B @ b\nB  @ b\nb @ B\n", "x.dic");
  CHECK(pairs(h) == Pairs{{"b", "B"}, {"B", "b"}});
}

TEST_CASE("a line without a tab in a TSV file is malformed, with its line and offset", "[dict]") {
  const std::string path = data_path("malformed.tsv");
  const std::string bytes = slurp(path);
  const size_t at = bytes.find("Wasser eau\n");
  REQUIRE(at != std::string::npos);
  const Error e = error_of([&] { Dictionary::load(path); });
  CHECK(e.kind() == ErrorKind::kData);
  CHECK(e.file() == path);
  CHECK(e.byte() == static_cast<int64_t>(at));
  CHECK(e.line() == line_at(bytes, at));
  CHECK(e.line() == 5);
  CHECK_THAT(e.what(), Catch::Contains("malformed dictionary entry") && Catch::Contains(path) &&
                           Catch::Contains("(line 5)"));
}

TEST_CASE("lines that do not fit the format detected from the first entry are malformed",
          "[dict]") {
  struct Case {
    std::string text;
    std::string bad_line;
  };
  const std::vector<Case> cases = {
      {"# TSV\nHaus\tmaison\nmontagne @ Berg\n", "montagne @ Berg"},  // TSV, then hunalign
      {"maison @ Haus\nBerg\tmontagne\n", "Berg\tmontagne"},          // hunalign, then TSV
      {"maison @ Haus\n@ Berg\n", "@ Berg"},                          // empty target
      {"maison @ Haus\nmontagne @   \n", "montagne @   "},            // empty source
      {"maison @ Haus\nmontagne@Berg\n", "montagne@Berg"},            // "@" not set off
      {"maison @ Haus\na @ b @ c\n", "a @ b @ c"},                    // two separators
      {"Haus\tmaison\n\tmontagne\n", "\tmontagne"},                   // empty source
      {"Haus\tmaison\nBerg\t  \tmont\n", "Berg\t  \tmont"},           // empty target
      {"Haus\tmaison\n\n\n  Berg  \n", "  Berg  "},                   // no tab
      {"Haus maison\n", "Haus maison"},                               // first line fits neither
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const size_t at = c.text.find(c.bad_line);
    REQUIRE(at != std::string::npos);
    const Error e = error_of([&] { Dictionary::parse(c.text, "in.txt"); });
    CHECK(e.kind() == ErrorKind::kData);
    CHECK(e.file() == "in.txt");
    CHECK(e.byte() == static_cast<int64_t>(at));
    CHECK(e.line() == line_at(c.text, at));
    CHECK_THAT(e.what(), Catch::Contains("malformed dictionary entry"));
  }
}

TEST_CASE("a dictionary with no entries is an error", "[dict]") {
  for (const std::string text : {"", "\n\n", "# only\n#comments\n   \n"}) {
    INFO('"' << text << '"');
    const Error e = error_of([&] { Dictionary::parse(text, "in.txt"); });
    CHECK(e.kind() == ErrorKind::kData);
    CHECK(e.file() == "in.txt");
    CHECK_THAT(e.what(), Catch::Contains("no entries"));
  }
  const std::string path = data_path("empty.tsv");
  const Error e = error_of([&] { Dictionary::load(path); });
  CHECK(e.kind() == ErrorKind::kData);
  CHECK(e.file() == path);
  CHECK_THAT(e.what(), Catch::Contains("no entries"));
}

TEST_CASE("a missing dictionary file is a data error naming the path", "[dict]") {
  const std::string path = data_path("no-such-file.tsv");
  REQUIRE_FALSE(fs::exists(path));
  const Error e = error_of([&] { Dictionary::load(path); });
  CHECK(e.kind() == ErrorKind::kData);
  CHECK(e.file() == path);
  CHECK_THAT(e.what(), Catch::Contains("cannot open"));

  const Error dir = error_of([&] { Dictionary::load(data_path("")); });
  CHECK(dir.kind() == ErrorKind::kData);
}

TEST_CASE("a UTF-8 BOM and CRLF line ends are not part of the phrases", "[dict]") {
  const TempFile tsv("\xEF\xBB\xBFHaus\tmaison\r\nBerg\tmontagne\r\n\r\nStadt\tville");
  CHECK(pairs(Dictionary::load(tsv.path)) ==
        Pairs{{"Haus", "maison"}, {"Berg", "montagne"}, {"Stadt", "ville"}});

  const TempFile dic("\xEF\xBB\xBFmaison @ Haus\r\n# c\r\nmontagne @ Berg\r\n");
  CHECK(pairs(Dictionary::load(dic.path)) == Pairs{{"Haus", "maison"}, {"Berg", "montagne"}});
}

TEST_CASE("load() reports the offset of a malformed line in the file as stored", "[dict]") {
  SECTION("UTF-8 with BOM and CRLF") {
    const std::string bytes = "\xEF\xBB\xBF# c\r\nHaus\tmaison\r\n\r\nBerg montagne\r\n";
    const TempFile file(bytes);
    const Error e = error_of([&] { Dictionary::load(file.path); });
    CHECK(e.byte() == static_cast<int64_t>(bytes.find("Berg montagne")));
    CHECK(e.line() == 4);
  }
  SECTION("the first line, after the BOM") {
    const std::string bytes = "\xEF\xBB\xBFHaus maison\r\n";
    const TempFile file(bytes);
    const Error e = error_of([&] { Dictionary::load(file.path); });
    CHECK(e.byte() == 3);
    CHECK(e.line() == 1);
  }
  SECTION("UTF-16LE with BOM and CRLF") {
    const std::string bytes = utf16le("Haus\tmaison\r\nBerg\tmontagne\r\nStadt ville\r\n");
    const TempFile file(bytes);
    const Error e = error_of([&] { Dictionary::load(file.path); });
    CHECK(e.byte() == static_cast<int64_t>(bytes.find(utf16le("Stadt").substr(2))));
    CHECK(e.line() == 3);
  }
}

TEST_CASE("load() decodes UTF-16 and normalises to NFC; case is kept", "[dict]") {
  const TempFile utf16(utf16le("Haus\tMaison\r\n"));
  CHECK(pairs(Dictionary::load(utf16.path)) == Pairs{{"Haus", "Maison"}});

  // "Cafe" + COMBINING ACUTE ACCENT becomes the precomposed "Café".
  const TempFile nfd("Cafe\xCC\x81\tcaf\x65\xCC\x81\n");
  CHECK(pairs(Dictionary::load(nfd.path)) == Pairs{{"Caf\xC3\xA9", "caf\xC3\xA9"}});
}

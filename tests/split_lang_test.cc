// Per-language splitting cases: tests/split_lang/LANG.txt, one file per language with data in
// align/split/lang/. Adding a language is adding its data file and its cases file; this test
// fails if the cases file is missing.
//
// Cases file format: "#" lines are comments; a case is a line "> text" (the input; several "> "
// lines join with a newline) followed by its expected sentences, one "= sentence" line each; a
// blank line ends a case. Expected sentences are written by hand, not produced by the code.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "align/split/language_data.h"
#include "align/split/splitter.h"

namespace {

struct SplitCase {
  int line = 0;
  std::string text;
  std::vector<std::string> expected;
};

std::vector<SplitCase> read_cases(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<SplitCase> cases;
  SplitCase current;
  std::string line;
  int number = 0;
  auto finish = [&] {
    if (!current.text.empty() || !current.expected.empty()) cases.push_back(current);
    current = SplitCase();
  };
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.starts_with("#")) continue;
    if (line.empty()) {
      finish();
    } else if (line.starts_with("> ")) {
      if (current.text.empty()) current.line = number;
      else current.text += '\n';
      current.text += line.substr(2);
    } else if (line.starts_with("= ")) {
      current.expected.push_back(line.substr(2));
    } else {
      FAIL(path.string() << ":" << number << ": a case line starts with '> ' or '= '");
    }
  }
  finish();
  return cases;
}

std::filesystem::path cases_dir() {
  return std::filesystem::path(TALIGN_SOURCE_DIR) / "tests" / "split_lang";
}

}  // namespace

TEST_CASE("every language with data has a cases file of ten cases or more", "[split][lang]") {
  for (const std::string& lang : talign::LanguageData::languages_with_data()) {
    const auto path = cases_dir() / (lang + ".txt");
    INFO(path.string());
    REQUIRE(std::filesystem::exists(path));
    CHECK(read_cases(path).size() >= 10);
  }
}

TEST_CASE("per-language cases split as written", "[split][lang]") {
  for (const auto& entry : std::filesystem::directory_iterator(cases_dir())) {
    if (entry.path().extension() != ".txt") continue;
    const std::string lang = entry.path().stem().string();
    const talign::Splitter splitter(lang);
    for (const SplitCase& c : read_cases(entry.path())) {
      const talign::SentenceList list = splitter.split(c.text);
      std::vector<std::string> got;
      for (size_t i = 0; i < list.size(); ++i) got.emplace_back(list.text(i));
      INFO(entry.path().filename().string() << ":" << c.line);
      CHECK(got == c.expected);
    }
  }
}

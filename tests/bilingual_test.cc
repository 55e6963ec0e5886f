// split_bilingual (issue 16, "One file, two languages"): each paragraph on its side, page
// furniture dropped for the right reason, the kept text byte for byte, "auto" resolved in file
// order, and errors for a file with one language. Paragraphs come from the bundled corpora.
#include <catch2/catch.hpp>
#include <regex>
#include <string>
#include <vector>

#include "align/common/error.h"
#include "align/detect/bilingual.h"
#include "align/input/document.h"

using talign::BilingualSplit;
using talign::Document;
using talign::DropReason;
using talign::split_bilingual;

namespace {

std::vector<std::string> paragraphs_of(const std::string& relative) {
  const std::string text =
      talign::read_document(std::string(TALIGN_SOURCE_DIR) + "/" + relative).text;
  std::vector<std::string> out;
  const std::regex blank("\n[ \t]*\n");
  for (std::sregex_token_iterator it(text.begin(), text.end(), blank, -1), end; it != end; ++it) {
    std::string p = *it;
    while (!p.empty() && p.back() == '\n') p.pop_back();
    if (!p.empty()) out.push_back(p);
  }
  return out;
}

std::string join(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const std::string& p : paragraphs) out += (out.empty() ? "" : "\n\n") + p;
  return out;
}

Document document(const std::vector<std::string>& paragraphs) {
  Document doc;
  doc.name = "page.txt";
  doc.text = join(paragraphs);
  return doc;
}

std::vector<DropReason> reasons(const BilingualSplit& split) {
  std::vector<DropReason> out;
  for (const auto& d : split.dropped) out.push_back(d.reason);
  return out;
}

}  // namespace

TEST_CASE("split_bilingual: one after the other, texts kept byte for byte", "[bilingual]") {
  const auto en = paragraphs_of("corpora/en-ru/en.txt");
  const auto ru = paragraphs_of("corpora/en-ru/ru.txt");
  std::vector<std::string> all = ru;
  all.insert(all.end(), en.begin(), en.end());
  const BilingualSplit split = split_bilingual(document(all), "en", "ru");
  CHECK(split.src_text == join(en));
  CHECK(split.tgt_text == join(ru));
  CHECK_FALSE(split.interleaved);
  CHECK(split.dropped.empty());
  CHECK(split.paragraphs == en.size() + ru.size());
}

TEST_CASE("split_bilingual: interleaved, auto takes the first language as source", "[bilingual]") {
  const auto en = paragraphs_of("corpora/en-fr/en.txt");
  const auto fr = paragraphs_of("corpora/en-fr/fr.txt");
  std::vector<std::string> all;
  for (size_t i = 0; i < std::max(en.size(), fr.size()); ++i) {
    if (i < fr.size()) all.push_back(fr[i]);
    if (i < en.size()) all.push_back(en[i]);
  }
  const BilingualSplit split = split_bilingual(document(all), "auto", "auto");
  CHECK(split.src_lang == "fr");
  CHECK(split.tgt_lang == "en");
  CHECK(split.interleaved);
  CHECK(split.src_text == join(fr));
  CHECK(split.tgt_text == join(en));
}

TEST_CASE("split_bilingual: furniture dropped by structure", "[bilingual]") {
  const auto en = paragraphs_of("corpora/en-ru/en.txt");
  const auto ru = paragraphs_of("corpora/en-ru/ru.txt");
  std::vector<std::string> all = {"Home | World | Science | Climate", "2026-04-01 12:30",
                                  "Subscribe now"};
  all.insert(all.end(), en.begin(), en.end());
  all.push_back("Ελληνικά");  // a script neither side is written in
  all.insert(all.end(), ru.begin(), ru.end());
  all.push_back("Subscribe now");
  all.push_back("Поделиться");  // a Cyrillic button: Russian by its script, no counterpart
  const BilingualSplit split = split_bilingual(document(all), "en", "ru");
  CHECK(split.src_text == join(en));
  CHECK(split.tgt_text == join(ru));
  CHECK(reasons(split) == std::vector<DropReason>{DropReason::kMenu, DropReason::kNoLetters,
                                                  DropReason::kRepeated,
                                                  DropReason::kOtherLanguage,
                                                  DropReason::kRepeated, DropReason::kEdgeEnd});
}

TEST_CASE("split_bilingual: a title with its translation stays, a button goes", "[bilingual]") {
  const auto en = paragraphs_of("corpora/en-de/en.txt");
  const auto de = paragraphs_of("corpora/en-de/de.txt");
  std::vector<std::string> all = {"Share this page", "The Kessler Hut reopens"};
  all.insert(all.end(), en.begin(), en.end());
  all.push_back("Die Kesslerhütte ist wieder offen");
  all.insert(all.end(), de.begin(), de.end());
  const BilingualSplit split = split_bilingual(document(all), "en", "de");
  CHECK(reasons(split) == std::vector<DropReason>{DropReason::kEdgeStart});
  CHECK(split.dropped.front().text == "Share this page");
  CHECK(split.src_text.rfind("The Kessler Hut reopens\n\n", 0) == 0);
  CHECK(split.tgt_text.rfind("Die Kesslerhütte ist wieder offen\n\n", 0) == 0);
}

TEST_CASE("split_bilingual: link-only lines", "[bilingual]") {
  const auto en = paragraphs_of("corpora/en-fr/en.txt");
  const auto fr = paragraphs_of("corpora/en-fr/fr.txt");
  std::vector<std::string> all = en;
  all.insert(all.end(), fr.begin(), fr.end());
  all.push_back("Next story: a new bridge for Moncton");
  Document doc = document(all);
  const size_t begin = doc.text.rfind("Next story");
  doc.codes.push_back({begin, doc.text.size(), talign::CodeKind::kLink, "/next"});
  const BilingualSplit split = split_bilingual(doc, "en", "fr");
  CHECK(reasons(split) == std::vector<DropReason>{DropReason::kLinkOnly});
}

TEST_CASE("split_bilingual: one language only is an error naming the file", "[bilingual]") {
  const Document doc = document(paragraphs_of("corpora/en-fr/en.txt"));
  CHECK_THROWS_WITH(split_bilingual(doc, "en", "fr"), Catch::Contains("page.txt") &&
                                                          Catch::Contains("French"));
  CHECK_THROWS_AS(split_bilingual(doc, "auto", "auto"), talign::Error);
  CHECK_THROWS_AS(split_bilingual(doc, "en", "en"), talign::Error);
}

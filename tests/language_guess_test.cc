// guess_language / language_mismatch (issue 15, point 2): a sure guess on real text, canonical
// codes (CLD2's "iw" is "he"), no complaint on short text or between related languages and
// scripts, and a complaint where the text is plainly in another language or script. The texts
// are the bundled corpora and hand-written paragraphs (tests/data/detect), whose languages are
// known independently of talign.
#include <catch2/catch.hpp>
#include <string>

#include "align/detect/language_guess.h"
#include "align/input/document.h"

using talign::guess_language;
using talign::guessed_language;
using talign::language_mismatch;

namespace {

std::string text_of(const std::string& relative) {
  return talign::read_document(std::string(TALIGN_SOURCE_DIR) + "/" + relative).text;
}

}  // namespace

TEST_CASE("guess_language: the corpora's languages, canonical", "[detect]") {
  const std::pair<const char*, const char*> cases[] = {
      {"corpora/en-fr/en.txt", "en"}, {"corpora/en-fr/fr.txt", "fr"},
      {"corpora/en-de/de.txt", "de"}, {"corpora/en-ar/ar.txt", "ar"},
      {"corpora/en-ru/ru.txt", "ru"}, {"corpora/en-zh/zh.txt", "zh"},
      {"tests/data/detect/he.txt", "he"},  // CLD2 says "iw"
      {"tests/data/detect/ja.txt", "ja"}, {"tests/data/detect/zh-Hant.txt", "zh-Hant"},
  };
  for (const auto& [path, language] : cases) {
    INFO(path);
    const talign::LanguageGuess guess = guess_language(text_of(path));
    CHECK(guess.language == language);
    CHECK(guessed_language(guess) == language);
    CHECK(language_mismatch(guess, language).empty());
  }
}

TEST_CASE("language_mismatch: wrong languages and scripts", "[detect]") {
  const talign::LanguageGuess en = guess_language(text_of("corpora/en-fr/en.txt"));
  CHECK(language_mismatch(en, "ar") == "text looks like English (en), not Arabic (ar)");
  CHECK(language_mismatch(en, "fr") == "text looks like English (en), not French (fr)");
  const talign::LanguageGuess ja = guess_language(text_of("tests/data/detect/ja.txt"));
  CHECK_FALSE(language_mismatch(ja, "zh").empty());
  CHECK(language_mismatch(ja, "ja-JP").empty());
  // No CLD2 language: the script alone still tells Latin letters from Arabic ones.
  talign::LanguageGuess latin = en;
  latin.language.clear();
  CHECK(language_mismatch(latin, "ar") ==
        "text is in Latin script, not in Arabic script as Arabic (ar) is written");
  CHECK(language_mismatch(latin, "fr").empty());  // same script: no evidence
}

TEST_CASE("language_mismatch: related languages and scripts are no mismatch", "[detect]") {
  const std::pair<const char*, const char*> cases[] = {
      {"hr.txt", "sr"},           {"hr.txt", "bs"},           {"hr.txt", "sr-Latn"},
      {"sr-Latn.txt", "hr"},      {"sr-Latn.txt", "sr"},      {"sr-Latn.txt", "sr-Cyrl"},
      {"sr-Cyrl.txt", "sr-Latn"}, {"sr-Cyrl.txt", "bs"},      {"nb.txt", "no"},
      {"nb.txt", "nn"},           {"nb.txt", "da"},           {"id.txt", "ms"},
      {"zh-Hant.txt", "zh-Hans"}, {"zh-Hant.txt", "zh"},      {"zh-Hant.txt", "zh-Hant-TW"},
  };
  for (const auto& [file, declared] : cases) {
    INFO(file << " as " << declared);
    CHECK(language_mismatch(guess_language(text_of(std::string("tests/data/detect/") + file)),
                            declared) == "");
  }
  // The corpus's simplified Chinese declared traditional: one language.
  CHECK(language_mismatch(guess_language(text_of("corpora/en-zh/zh.txt")), "zh-Hant").empty());
}

TEST_CASE("guess_language: short or mixed text is not sure", "[detect]") {
  // Two lines of German full of English names: CLD2 may call it anything.
  const talign::LanguageGuess guess = guess_language(
      "Der Vorstand hat heute beschlossen. John Smith und Mary Johnson kommen aus New York.\n");
  CHECK(guess.language.empty());
  CHECK(guessed_language(guess).empty());
  for (const char* declared : {"en", "fr", "ar", "zh", "ru"}) CHECK(language_mismatch(guess, declared).empty());
  CHECK(guess_language("").language.empty());
  CHECK(guess_language("12345 ... !!!").letters == 0);
  // Half English, half French: neither language is most of it.
  const std::string en = text_of("corpora/en-fr/en.txt"), fr = text_of("corpora/en-fr/fr.txt");
  const talign::LanguageGuess mixed = guess_language(en.substr(0, 3000) + fr.substr(0, 3000));
  CHECK(language_mismatch(mixed, "en").empty());
  CHECK(language_mismatch(mixed, "fr").empty());
}

TEST_CASE("check_pair_languages: swapped sides, same text", "[detect]") {
  const talign::LanguageGuess en = guess_language(text_of("corpora/en-fr/en.txt"));
  const talign::LanguageGuess fr = guess_language(text_of("corpora/en-fr/fr.txt"));
  CHECK(talign::check_pair_languages(en, fr, "en", "fr", "a", "b", false).empty());
  const auto swapped = talign::check_pair_languages(fr, en, "en", "fr", "a", "b", false);
  REQUIRE(swapped.size() == 1);  // one finding, not two wrong languages
  CHECK(swapped[0].file == "a");
  CHECK(swapped[0].message.find("swapped") != std::string::npos);
  const auto same = talign::check_pair_languages(en, en, "en", "en", "a", "a", true);
  REQUIRE(same.size() == 1);
  CHECK(same[0].message.find("same text") != std::string::npos);
  // Anything goes for "mul" and "und".
  CHECK(talign::check_pair_languages(en, fr, "mul", "und", "a", "b", false).empty());
}

// Tests for align/align/dictionary: the hunalign, TSV and CC-CEDICT formats (with the gloss
// rules), skipped lines, duplicates, errors with the position of the offending line in the file
// as stored (BOM, CRLF, UTF-16), and the choice of column order (fits_reversed, add_dictionary).
// Expected positions are found by searching the input bytes, not copied from the code's output.
#include "align/align/dictionary.h"

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "align/align/lexicon.h"
#include "align/common/error.h"
#include "align/features/features.h"
#include "align/features/tokenizer.h"
#include "align/split/presplit.h"
#include "tests/test_util.h"

namespace fs = std::filesystem;

using talign::Dictionary;
using talign::DictionaryEntry;
using talign::Error;
using talign::ErrorKind;
using talign::testing::error_of;
using talign::testing::read_file;

namespace {

std::string data_path(const std::string& name) {
  return std::string(TALIGN_SOURCE_DIR) + "/tests/data/dict/" + name;
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
  const std::string bytes = read_file(path);
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

// --- CC-CEDICT's text format ----------------------------------------------------------------

TEST_CASE("CC-CEDICT text gives the pairs worked out by hand in cedict-sample.tsv", "[dict]") {
  // The same expected file checks scripts/get-dict --from (tests/get_dict_cli_test.py), so the
  // two implementations of the gloss rules cannot drift apart unnoticed.
  const Dictionary cedict = Dictionary::load(data_path("cedict-sample.u8"));
  const Dictionary expected = Dictionary::load(data_path("cedict-sample.tsv"));
  CHECK(pairs(cedict) == pairs(expected));
  CHECK(cedict.size() == 65);
}

TEST_CASE("reduce_cedict_gloss keeps the words a translation can contain", "[dict]") {
  using talign::reduce_cedict_gloss;
  using Items = std::vector<std::string>;
  const std::vector<std::pair<std::string, Items>> cases = {
      {"China", {"China"}},
      {"to learn; to study", {"learn", "study"}},  // ';' alternatives, leading "to"
      {"to be careful", {"careful"}},              // "to be"
      {"to", {"to"}},                              // only when words follow
      {"the Internet", {"Internet"}},              // article
      {"a (article)", {"a"}},                      // article alone stays
      {"an apple; a cat; the", {"apple", "cat", "the"}},
      {"(coll.) bullshit", {"bullshit"}},  // notes in brackets
      {"to feel jealous (lit. to eat vinegar)", {"feel jealous"}},
      {"cup [of tea] {x}", {"cup"}},                                  // all three kinds of brackets
      {"to bring up (a topic (in talk)) again", {"bring up again"}},  // nested
      {"test (unclosed; and more", {"test"}},  // an unclosed bracket ends the gloss
      {"stray) bracket", {"stray bracket"}},
      {"CL:個|个[ge4],位[wei4]", {}},  // classifiers
      {"variant of 碗[wan3]", {}},
      {"old variant of thing", {}},   // "variant of" anywhere
      {"used in 垃圾[la1 ji1]", {}},  // CJK cross-reference
      {"see also X", {}},
      {"See above", {}},  // ASCII case-insensitive
      {"Taiwan pr. [le4]", {}},
      {"abbr. for Lebanon", {}},
      {"name of a river", {}},
      {"surname Zhang", {"Zhang"}},
      {"surname of the emperor", {}},
      {"lit. smooth sailing (idiom)", {"smooth sailing"}},
      {"fig. everything is going smoothly", {"everything is going smoothly"}},
      {"to do sb a favor; to do sth etc", {"do a favor", "do"}},
      {"to focus one's attention", {"focus attention"}},
      {"a second wall built around a city wall", {}},                 // more than 4 words
      {"Sarajevo, capital of Bosnia and Herzegovina", {"Sarajevo"}},  // cut at the comma
      {"Vinh, Vietnam", {"Vinh, Vietnam"}},                           // short enough: kept whole
      {"date, day of the month", {"date"}},
      {" , ; : ", {}},
      {"...", {}},  // no letter or digit
      {"3", {"3"}},
      {"café; café", {"café"}},  // each once
  };
  for (const auto& [gloss, expected] : cases) {
    INFO(gloss);
    CHECK(reduce_cedict_gloss(gloss) == expected);
  }
}

TEST_CASE("a CC-CEDICT file is recognised by its first entry, and its lines must all fit",
          "[dict]") {
  // Simplified first, then traditional when it differs; duplicates once; CRLF and a BOM.
  const TempFile file(
      "\xEF\xBB\xBF# CC-CEDICT\r\n#! format=ts\r\n"
      "中國 中国 [Zhong1 guo2] /China/\r\n"
      "三 三 [san1] /three/3/  \r\n"            // trailing blanks
      "盌 碗 [wan3] /variant of 碗[wan3]/\r\n"  // a line that reduces to nothing adds nothing
      "臺灣 台湾 [Tai2 wan1] /Taiwan/\r\n"
      "台灣 台湾 [Tai2 wan1] /Taiwan/\r\n");
  CHECK(pairs(Dictionary::load(file.path)) == Pairs{{"中国", "China"},
                                                    {"中國", "China"},
                                                    {"三", "three"},
                                                    {"三", "3"},
                                                    {"台湾", "Taiwan"},
                                                    {"臺灣", "Taiwan"},
                                                    {"台灣", "Taiwan"}});

  const std::vector<std::string> bad_lines = {
      "中國 中国 China",                   // no pinyin, no glosses
      "中國 中国 [Zhong1 guo2] China",     // no slashes
      "中國 中国 [Zhong1 guo2] /China",    // unterminated
      "中國 [Zhong1 guo2] /China/",        // one headword
      "中國  中国 [Zhong1 guo2] /China/",  // two spaces
      "China @ 中国",                      // hunalign
  };
  for (const std::string& bad : bad_lines) {
    const std::string text = "# c\n三 三 [san1] /three/\n\n" + bad + "\n";
    INFO(text);
    const Error e = error_of([&] { Dictionary::parse(text, "c.u8"); });
    CHECK(e.kind() == ErrorKind::kData);
    CHECK(e.byte() == static_cast<int64_t>(text.find(bad)));
    CHECK(e.line() == 4);
    CHECK_THAT(e.what(), Catch::Contains("malformed dictionary entry"));
  }

  // Only references: a CC-CEDICT file with nothing usable has no entries.
  const Error none =
      error_of([&] { Dictionary::parse("盌 碗 [wan3] /variant of 碗[wan3]/\n", "c"); });
  CHECK_THAT(none.what(), Catch::Contains("no entries"));

  // A hunalign or TSV file is not taken for CC-CEDICT.
  CHECK(pairs(Dictionary::parse("maison @ Haus\n", "h")) == Pairs{{"Haus", "maison"}});
  CHECK(pairs(Dictionary::parse("a b [c] /d/\tx\n", "t")) == Pairs{{"a b [c] /d/", "x"}});
}

// --- orientation -----------------------------------------------------------------------------

namespace {

// Words split at spaces, as a stand-in for the aligner's tokenizer.
Dictionary::PhraseWords space_words() {
  auto words = std::make_shared<std::vector<std::string>>();
  return [words](std::string_view phrase) -> const std::vector<std::string>& {
    words->clear();
    std::istringstream in{std::string(phrase)};
    for (std::string w; in >> w;) words->push_back(w);
    return *words;
  };
}

Dictionary::WordTest in(std::vector<std::string> vocabulary) {
  return [vocabulary](std::string_view w) {
    return std::find(vocabulary.begin(), vocabulary.end(), w) != vocabulary.end();
  };
}

}  // namespace

TEST_CASE("fits_reversed: the column order that more entries fit, the file's order on a tie",
          "[dict]") {
  const Dictionary d = Dictionary::parse(
      "Haus\tmaison\nBerg\tmontagne\ngute Nacht\tbonne nuit\nParis\tParis\nBaum\tarbre\n", "d");
  const auto german = in({"Haus", "Berg", "Nacht", "Paris", "und"});
  const auto french = in({"maison", "montagne", "nuit", "Paris", "et"});
  // de -> fr documents: 4 entries fit as written ("Paris" both ways), 1 reversed.
  CHECK_FALSE(d.fits_reversed(space_words(), german, french));
  // fr -> de documents: the same file, read the other way round.
  CHECK(d.fits_reversed(space_words(), french, german));
  // Nothing fits either way, or as many each way: the file's order.
  CHECK_FALSE(d.fits_reversed(space_words(), in({"x"}), in({"y"})));
  CHECK_FALSE(d.fits_reversed(space_words(), in({"Paris"}), in({"Paris"})));
  // One entry more reversed than as written is enough; a phrase fits through any of its words.
  CHECK(d.fits_reversed(space_words(), in({"Paris", "bonne"}), in({"Paris", "Nacht"})));
  CHECK_FALSE(d.fits_reversed(space_words(), in({"Paris", "gute"}), in({"Paris", "nuit"})));
}

TEST_CASE("add_dictionary reads a dictionary either way round", "[dict]") {
  using talign::DocumentFeatures;
  using talign::TranslationTable;
  // The words of a phrase by the aligner's own tokenizer, whichever way it cuts Chinese.
  const auto tokens = [](const std::string& phrase) {
    talign::SentenceTokens t;
    talign::tokenize(phrase, t);
    return t.words;
  };
  // (source word, target word) pairs of the table.
  const auto table_pairs = [](const TranslationTable& table, const DocumentFeatures& f) {
    std::set<std::pair<std::string, std::string>> out;
    for (int32_t col = 0; col < table.matrix().outerSize(); ++col)
      for (TranslationTable::Matrix::InnerIterator it(table.matrix(), col); it; ++it)
        out.emplace(f.src_words.word(static_cast<uint32_t>(it.col())),
                    f.tgt_words.word(static_cast<uint32_t>(it.row())));
    return out;
  };
  const Dictionary zh_en = Dictionary::load(data_path("cedict-sample.u8"));
  const std::string zh = "中国和台湾。\n学习很小心。\n",
                    en = "China and Taiwan.\nStudy carefully.\n";
  for (const bool zh_first : {true, false}) {
    INFO((zh_first ? "-s zh -t en" : "-s en -t zh"));
    const DocumentFeatures f =
        talign::build_features(talign::sentences_from_lines(zh_first ? zh : en, false),
                               talign::sentences_from_lines(zh_first ? en : zh, false), {});
    TranslationTable table;
    table.add_dictionary(zh_en, f, 1.0f);
    const auto got = table_pairs(table, f);
    CHECK_FALSE(got.empty());
    for (const auto& [chinese, english] : {std::pair<std::string, std::string>{"中国", "china"},
                                           {"台湾", "taiwan"},
                                           {"学习", "study"}}) {
      for (const std::string& t : tokens(chinese)) {
        INFO(chinese << " / " << t);
        CHECK(got.count(zh_first ? std::make_pair(t, english) : std::make_pair(english, t)) == 1);
      }
    }
    // Nothing the wrong way round: the English side of every pair is English.
    for (const auto& [s, t] : got) {
      const std::string& english_word = zh_first ? t : s;
      CHECK(std::all_of(english_word.begin(), english_word.end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
    }
  }
}

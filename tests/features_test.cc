// Tests for align/features: canonical numbers, the tokenizer (case folding, names, CJK, digits of
// any script, grapheme length, "12 300" grouping) and build_features (shared anchor ids for the
// same number, name or cognate on both sides; deterministic vocabularies). Every expected value is
// worked out from the input and the contracts in tokenizer.h / features.h.
#include "align/features/features.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "align/features/tokenizer.h"
#include "align/split/presplit.h"

using talign::build_features;
using talign::canonical_number;
using talign::DocumentFeatures;
using talign::FeatureOptions;
using talign::SentenceList;
using talign::SentenceTokens;
using talign::SideFeatures;
using talign::Vocabulary;
using Strings = std::vector<std::string>;

namespace {

SentenceTokens tok(std::string_view sentence) {
  SentenceTokens t;
  tokenize(sentence, t);
  return t;
}

SentenceList lines(std::string_view text) { return talign::sentences_from_lines(text, false); }

// The anchor ids of sentence i of one side.
// (Index loops rather than pointer ranges: GCC 12 at -O3 warns falsely about the latter.)
std::vector<uint32_t> row(const talign::IdLists& lists, size_t i) {
  std::vector<uint32_t> out;
  for (uint32_t k = lists.begin[i]; k < lists.begin[i + 1]; ++k) out.push_back(lists.ids[k]);
  return out;
}

std::vector<uint32_t> anchors_of(const SideFeatures& side, size_t i) {
  return row(side.anchors, i);
}

std::vector<uint32_t> words_of(const SideFeatures& side, size_t i) { return row(side.words, i); }

bool has(const std::vector<uint32_t>& ids, uint32_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// The anchor keys of sentence i of one side, as strings.
Strings anchor_keys(const DocumentFeatures& f, const SideFeatures& side, size_t i) {
  Strings keys;
  for (uint32_t id : anchors_of(side, i)) keys.push_back(f.anchors.word(id));
  std::sort(keys.begin(), keys.end());
  return keys;
}

bool contains(const Strings& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// True if the key exists and sentence 0 of both sides carries it.
bool shared_anchor(const DocumentFeatures& f, const std::string& key) {
  const uint32_t id = f.anchors.find(key);
  return id != Vocabulary::kMissing && has(anchors_of(f.src, 0), id) &&
         has(anchors_of(f.tgt, 0), id);
}

}  // namespace

// --- canonical_number --------------------------------------------------------------------------

TEST_CASE("canonical_number: a separator before exactly three digits groups thousands",
          "[features]") {
  CHECK(canonical_number(U"1,200") == "1200");
  CHECK(canonical_number(U"1.200") == "1200");
  CHECK(canonical_number(U"1\u00A0200") == "1200");  // no-break space
  CHECK(canonical_number(U"1\u202F200") == "1200");  // narrow no-break space
  CHECK(canonical_number(U"1\u2009200") == "1200");  // thin space
  CHECK(canonical_number(U"1'200") == "1200");       // Swiss
  CHECK(canonical_number(U"1,234,567") == "1234567");
  CHECK(canonical_number(U"1.234.567") == "1234567");
  CHECK(canonical_number(U"1\u00A0234\u00A0567") == "1234567");
}

TEST_CASE("canonical_number: any other separator is the decimal point", "[features]") {
  CHECK(canonical_number(U"3,5") == "3.5");
  CHECK(canonical_number(U"3.5") == "3.5");
  CHECK(canonical_number(U"12,25") == "12.25");
  CHECK(canonical_number(U"1.2345") == "1.2345");
  // Two kinds of separator: the last one is the decimal point, trailing zeros go.
  CHECK(canonical_number(U"1,200.50") == "1200.5");
  CHECK(canonical_number(U"1.200,50") == "1200.5");
  CHECK(canonical_number(U"1\u00A0200,50") == "1200.5");
  CHECK(canonical_number(U"1.234.567,89") == "1234567.89");
  // "0." starts a decimal even before three digits.
  CHECK(canonical_number(U"0.500") == "0.5");
  CHECK(canonical_number(U"0,050") == "0.05");
  CHECK(canonical_number(U"0,5") == "0.5");
  // A fraction of zeros disappears.
  CHECK(canonical_number(U"3.0") == "3");
  CHECK(canonical_number(U"1,200.00") == "1200");
}

TEST_CASE("canonical_number: leading zeros go, digits of any script count", "[features]") {
  CHECK(canonical_number(U"007") == "7");
  CHECK(canonical_number(U"0") == "0");
  CHECK(canonical_number(U"000") == "0");
  CHECK(canonical_number(U"1200") == "1200");
  // Arabic-Indic digits with the Arabic decimal (U+066B) and thousands (U+066C) separators.
  CHECK(canonical_number(U"\u0663\u066B\u0665") == "3.5");               // ٣٫٥
  CHECK(canonical_number(U"\u0661\u066C\u0662\u0660\u0660") == "1200");  // ١٬٢٠٠
  CHECK(canonical_number(U"\u0661\u0662\u0660\u0660") == "1200");        // ١٢٠٠
  CHECK(canonical_number(U"\u0669\u0666\u066B\u0665") == "96.5");        // ٩٦٫٥
  CHECK(canonical_number(U"\u06F1\u06F2\u06F0\u06F0") == "1200");        // Persian ۱۲۰۰
  CHECK(canonical_number(U"\u0967\u0968\u0966\u0966") == "1200");        // Devanagari
  CHECK(canonical_number(U"\uFF11\uFF12\uFF10\uFF10") == "1200");        // full width
}

// --- tokenize --------------------------------------------------------------------------------

TEST_CASE("tokenize: words are case-folded runs of letters and marks", "[features]") {
  auto t = tok("HAUS und Garten, ÉTÉ; ДОМ — Ωραίο!");
  CHECK(t.words == Strings{"haus", "und", "garten", "été", "дом", "ωραίο"});
  CHECK(t.numbers.empty());
  // Decomposed marks stay in their word.
  t = tok("cafe\u0301 ok");
  CHECK(t.words == Strings{"cafe\u0301", "ok"});
  // Apostrophes and hyphens split words; nothing but letters gets in.
  t = tok("l'eau re-entry");
  CHECK(t.words == Strings{"l", "eau", "re", "entry"});
  // tokenize clears what it is given.
  tokenize("", t);
  CHECK(t.words.empty());
  CHECK(t.names.empty());
  CHECK(t.numbers.empty());
  CHECK(t.length == 0);
}

TEST_CASE("tokenize: a capital that is not the sentence's first letter marks a name",
          "[features]") {
  auto t = tok("The train reached Zermatt at noon.");
  CHECK(t.words == Strings{"the", "train", "reached", "zermatt", "at", "noon"});
  CHECK(t.names == Strings{"zermatt"});
  t = tok("Zermatt is car-free.");
  CHECK(t.names.empty());
  // The first word stays the first word behind an opening quote.
  t = tok("\"Hello,\" said Anna to GPT.");
  CHECK(t.names == Strings{"anna", "gpt"});
  // A number first: the word after it is not the sentence's first word.
  t = tok("12 Kessler huts");
  CHECK(t.names == Strings{"kessler"});
}

TEST_CASE("tokenize: letters mixed with digits make a name, even first", "[features]") {
  auto t = tok("Take the R1 road.");
  CHECK(t.words == Strings{"take", "the", "r1", "road"});
  CHECK(t.names == Strings{"r1"});
  CHECK(t.numbers.empty());
  t = tok("R1 opened in a9 style.");
  CHECK(t.names == Strings{"r1", "a9"});
}

TEST_CASE("tokenize: Chinese, Japanese and Thai are cut into dictionary words", "[features]") {
  auto t = tok("我们的伟大友谊");
  CHECK(t.words == Strings{"我们", "的", "伟大", "友谊"});
  t = tok("我们在北京。");
  CHECK(t.words == Strings{"我们", "在", "北京"});
  CHECK(t.length == 6);
  t = tok("これはペンです");  // hiragana and katakana
  CHECK(t.words == Strings{"これ", "は", "ペン", "です"});
  t = tok("Zürich是城市");
  CHECK(t.words == Strings{"zürich", "是", "城市"});
  CHECK(t.length == 9);
  // Thai: no spaces between words, vowel signs (marks) inside them.
  t = tok("ภาษาไทยเป็นภาษาที่สวยงาม");
  CHECK(t.words == Strings{"ภาษา", "ไทย", "เป็น", "ภาษา", "ที่", "สวยงาม"});
  // Digits inside such a run stay numbers; a lone character is a word.
  t = tok("票价涨到1200美元。好");
  CHECK(t.numbers == Strings{"1200"});
  CHECK(t.words.back() == "好");
  CHECK(std::find(t.words.begin(), t.words.end(), "美元") != t.words.end());
  // Words of a dictionary script are flagged; the first one starts the sentence.
  t = tok("我们的伟大友谊");
  REQUIRE(t.word_flags.size() == 4);
  CHECK(t.word_flags[0] == (talign::kDictionary | talign::kClauseStart));
  CHECK(t.word_flags[1] == talign::kDictionary);
}

TEST_CASE("tokenize: one Tokenizer reused, and the free function on several threads, agree",
          "[features]") {
  const std::vector<std::string> sentences = {
      "我们的伟大友谊", "The train reached Zermatt.", "ภาษาไทยเป็นภาษาที่สวยงาม", "これはペンです",
      "林黛玉和贾宝玉", "1,200 francs"};
  std::vector<SentenceTokens> expected;
  for (const auto& s : sentences) expected.push_back(tok(s));
  talign::Tokenizer tokenizer;
  SentenceTokens t;
  for (int round = 0; round < 3; ++round)
    for (size_t k = 0; k < sentences.size(); ++k) {
      tokenizer.tokenize(sentences[k], t);
      CHECK(t.words == expected[k].words);
      CHECK(t.numbers == expected[k].numbers);
      CHECK(t.length == expected[k].length);
    }
  std::vector<int> same(4, 0);
  std::vector<std::thread> threads;
  for (size_t n = 0; n < same.size(); ++n)
    threads.emplace_back([&, n] {
      SentenceTokens mine;
      int ok = 1;
      for (int round = 0; round < 200; ++round)
        for (size_t k = 0; k < sentences.size(); ++k) {
          tokenize(sentences[(k + n) % sentences.size()], mine);
          ok &= mine.words == expected[(k + n) % sentences.size()].words;
        }
      same[n] = ok;
    });
  for (auto& thread : threads) thread.join();
  CHECK(same == std::vector<int>(4, 1));
}

TEST_CASE("tokenize: word flags mark capitals, clause starts and joined words", "[features]") {
  using talign::kAfterSpace;
  using talign::kCapitalised;
  using talign::kClauseStart;
  using talign::kJoined;
  auto t = tok("Then Jia Bao-yu's friend came. \"Where?\" asked Xi'an.");
  REQUIRE(t.words == Strings{"then", "jia", "bao", "yu", "s", "friend", "came", "where", "asked",
                             "xi", "an"});
  const std::vector<uint8_t> expected = {
      kCapitalised | kClauseStart,  // Then
      kCapitalised | kAfterSpace,   // Jia
      kCapitalised | kAfterSpace,   // Bao
      kJoined,                      // yu
      kJoined,                      // s
      kAfterSpace,                  // friend
      kAfterSpace,                  // came
      kCapitalised | kClauseStart,  // "Where: after ". " and an opening quote
      kClauseStart,                 // asked: after ?" (a space, but not only a space)
      kCapitalised | kAfterSpace,   // Xi
      kJoined};                     // an
  CHECK(t.word_flags == expected);
  // "Mr." does not end a clause; a number breaks a run of words.
  t = tok("They saw Mr. Zhou and 3 Rui.");
  CHECK(t.word_flags[3] == kCapitalised);                  // Zhou: after ". "
  CHECK(t.word_flags[5] == kCapitalised);                  // Rui: after a number
  // An apostrophe inside a word is not a quotation mark.
  CHECK(tok("I don’t know O’Brien.").quotes == 0);
  CHECK(tok("He said ‘no’.").quotes == 2);
}

TEST_CASE("tokenize: numbers in any digits, canonical, not words", "[features]") {
  auto t = tok("Sie zahlten 1.200 Euro, d. h. ٣٫٥ Prozent, ๓ und १२ mehr.");
  CHECK(t.numbers == Strings{"1200", "3.5", "3", "12"});
  CHECK(t.words == Strings{"sie", "zahlten", "euro", "d", "h", "prozent", "und", "mehr"});
  t = tok("It cost $3.5 million (1,200.50 each) in 2019.");
  CHECK(t.numbers == Strings{"3.5", "1200.5", "2019"});
  // A separator not followed by a digit ends the number.
  t = tok("In 2019, 300 people came.");
  CHECK(t.numbers == Strings{"2019", "300"});
  t = tok("Version 3. Then 4.");
  CHECK(t.numbers == Strings{"3", "4"});
}

TEST_CASE("tokenize: a plain space groups thousands only after a short first group", "[features]") {
  CHECK(tok("Il y a 12 300 habitants.").numbers == Strings{"12300"});
  CHECK(tok("1 200 francs").numbers == Strings{"1200"});
  CHECK(tok("en 2019 300 personnes").numbers == Strings{"2019", "300"});
  CHECK(tok("12 3000 km").numbers == Strings{"12", "3000"});
  CHECK(tok("12 300km").numbers == Strings{"12", "300"});  // "300km" is not a group of three
  CHECK(tok("12 300 km").length == 9);
}

// French writes a million with plain spaces ("1 234 567", corpora/README.md); English writes
// "1,234,567". Both should give one number so that the anchor links the two sentences.
TEST_CASE("tokenize: a plain space groups every thousands group of a long number",
          "[features]") {
  CHECK(tok("1 234 567 euros").numbers == Strings{"1234567"});
  CHECK(tok("1,234,567 euros").numbers == Strings{"1234567"});
}

TEST_CASE("tokenize: length counts user-perceived characters, not combining marks", "[features]") {
  CHECK(tok("abc").length == 3);
  CHECK(tok("a b").length == 3);
  CHECK(tok("café").length == 4);           // precomposed é
  CHECK(tok("cafe\u0301").length == 4);     // e + combining acute
  CHECK(tok("e\u0301\u0323").length == 1);  // two marks on one letter
  CHECK(tok("\u0301").length == 0);         // a lone mark has nothing to sit on
  CHECK(tok("1,200").length == 5);          // numbers count all their characters
  CHECK(tok("\u0661\u066C\u0662\u0660\u0660").length == 5);
  CHECK(tok("北京").length == 2);
  CHECK(tok("Ωραίο!").length == 6);
}

TEST_CASE("tokenize: question and exclamation marks, quotes and brackets of any script",
          "[features]") {
  auto t = tok("Why? Really?! «Oui» (sic) ¿Qué? ¡Ya! هل؟ 什么？ 好！ [1] “x”");
  CHECK(t.question_marks == 6);     // Why? Really? ¿ Qué? ؟ ？
  CHECK(t.exclamation_marks == 4);  // ?! ¡ Ya! ！
  CHECK(t.brackets == 2);           // ( [
  CHECK(t.quotes == 4);             // « » “ ”
  CHECK(t.corner_quotes == 0);
  CHECK_FALSE(t.dialogue_dash);
}

TEST_CASE("tokenize: dialogue dashes, corner quotes, colons and ellipses", "[features]") {
  // A dialogue line opens with a dash (French, Russian, Spanish novels).
  for (const char* line : {"— Oui, dit-il.", " – Да, сказал он.", "―Sí.", "- Yes, he said."}) {
    INFO(line);
    CHECK(tok(line).dialogue_dash);
  }
  for (const char* line : {"Il dit — oui.", "-5 degrees", "Bao-yu came.", "Oui —"}) {
    INFO(line);
    CHECK_FALSE(tok(line).dialogue_dash);
  }
  // Chinese and Japanese dialogue: corner brackets are quotes too, and the colon before them.
  auto t = tok("他问：「怎么了？」『好』");
  CHECK(t.corner_quotes == 4);
  CHECK(t.quotes == 4);
  CHECK(t.colons == 1);
  t = tok("问：“是怎么了？”");
  CHECK(t.colons == 1);
  CHECK(t.quotes == 2);
  CHECK(t.corner_quotes == 0);
  // A colon between digits is a time, not a colon.
  CHECK(tok("At 10:30 we left: all of us.").colons == 1);
  // Ellipses: one per run, whatever the form.
  CHECK(tok("Well… maybe...").ellipses == 2);
  CHECK(tok("他……走了").ellipses == 1);
  CHECK(tok("So . . . no. 3.5 km").ellipses == 0);
}

// --- build_features --------------------------------------------------------------------------

TEST_CASE("build_features: the same number in any notation gets one anchor id on both sides",
          "[features]") {
  const SentenceList en = lines("The fare rose to 1,200 dollars.\n");
  for (const char* other : {"Le tarif est passé à 1 200 dollars.",       // plain space
                            "Le tarif est passé à 1\u00A0200 dollars.",  // no-break space
                            "Der Fahrpreis stieg auf 1.200 Dollar.",     // German grouping
                            "ارتفعت الأجرة إلى ١٢٠٠ دولار.",             // Arabic-Indic digits
                            "ارتفعت الأجرة إلى ١٬٢٠٠ دولار.",            // with U+066C
                            "票价涨到1200美元。"}) {
    INFO(other);
    const DocumentFeatures f = build_features(en, lines(other), FeatureOptions{});
    CHECK(shared_anchor(f, "#1200"));
  }
  // Different numbers are different anchors.
  const DocumentFeatures f = build_features(en, lines("Le tarif est de 1 300 dollars."), {});
  CHECK(contains(anchor_keys(f, f.src, 0), "#1200"));
  CHECK(contains(anchor_keys(f, f.tgt, 0), "#1300"));
  CHECK_FALSE(contains(anchor_keys(f, f.tgt, 0), "#1200"));
  // Decimals: English point, French comma, Arabic decimal separator.
  const DocumentFeatures d = build_features(lines("It fell by 3.5 percent.\n"),
                                            lines("Il a baissé de 3,5 pour cent.\n"), {});
  CHECK(shared_anchor(d, "#3.5"));
  const DocumentFeatures a =
      build_features(lines("It fell by 3.5 percent.\n"), lines("انخفض بنسبة ٣٫٥ في المئة.\n"), {});
  CHECK(shared_anchor(a, "#3.5"));
}

TEST_CASE("build_features: names and cognates are shared keys", "[features]") {
  DocumentFeatures f = build_features(lines("We climbed the Matterhorn yesterday.\n"),
                                      lines("Gestern bestiegen wir das Matterhorn.\n"), {});
  CHECK(shared_anchor(f, "=matterhorn"));
  CHECK(shared_anchor(f, "~matt"));
  // "information" is not a name in English (lower case) but is in German (a noun); both have
  // the cognate key of their first four letters.
  f = build_features(lines("More information follows.\n"), lines("Weitere Information folgt.\n"),
                     {});
  CHECK(shared_anchor(f, "~info"));
  CHECK(contains(anchor_keys(f, f.tgt, 0), "=information"));
  CHECK_FALSE(contains(anchor_keys(f, f.src, 0), "=information"));
  // Latin-ASCII removes accents; Cyrillic is transliterated first.
  f = build_features(lines("The station opened.\n"), lines("La station a ouvert.\n"), {});
  CHECK(shared_anchor(f, "~stat"));
  f = build_features(lines("We need information.\n"), lines("Нужна информация.\n"), {});
  CHECK(shared_anchor(f, "~info"));
  f = build_features(lines("The élite team.\n"), lines("Die Elite siegt.\n"), {});
  CHECK(shared_anchor(f, "~elit"));
  // Words shorter than four letters have no cognate key; Arabic and Chinese words have none.
  f = build_features(lines("Sun sea sky.\n"), lines("شمس وبحر وسماء جميلة.\n"), {});
  for (const auto* side : {&f.src, &f.tgt})
    for (const std::string& key : anchor_keys(f, *side, 0)) CHECK(key[0] != '~');
  f = build_features(lines("x.\n"), lines("我们在北京学习。\n"), {});
  for (const std::string& key : anchor_keys(f, f.tgt, 0)) CHECK(key[0] != '~');
}

TEST_CASE("build_features: punctuation anchors and FeatureOptions switches", "[features]") {
  const SentenceList src = lines("Did Anna pay 1,200 francs? \"Yes!\" (Really.)\n");
  const SentenceList tgt = lines("Est-ce qu'Anna a payé 1 200 francs ? « Oui ! » (Vraiment.)\n");
  const DocumentFeatures all = build_features(src, tgt, {});
  for (const char* key : {"#1200", "=anna", "~fran", "?", "!", "\"", "("}) {
    INFO(key);
    CHECK(shared_anchor(all, key));
  }
  const DocumentFeatures none =
      build_features(src, tgt, FeatureOptions{false, false, false, false});
  CHECK(none.anchors.size() == 0);
  CHECK(none.src.anchors.count(0) == 0);
  CHECK(none.tgt.anchors.count(0) == 0);
  CHECK(words_of(none.src, 0) == words_of(all.src, 0));  // words do not depend on the options

  const DocumentFeatures numbers_only =
      build_features(src, tgt, FeatureOptions{true, false, false, false});
  CHECK(anchor_keys(numbers_only, numbers_only.src, 0) == Strings{"#1200"});
  CHECK(anchor_keys(numbers_only, numbers_only.tgt, 0) == Strings{"#1200"});
  const DocumentFeatures names_only =
      build_features(src, tgt, FeatureOptions{false, true, false, false});
  // "Yes" and "Really" are capitalised but not first in the sentence: names too.
  CHECK(anchor_keys(names_only, names_only.src, 0) == Strings{"=anna", "=really", "=yes"});
  const DocumentFeatures punctuation_only =
      build_features(src, tgt, FeatureOptions{false, false, false, true});
  CHECK(anchor_keys(punctuation_only, punctuation_only.src, 0) == Strings{"!", "\"", "(", "?"});
}

TEST_CASE("build_features: dialogue punctuation keys", "[features]") {
  // A dash-opened dialogue line has a key of its own (how far it agrees with quotation marks on
  // the other side is the aligner's to weigh).
  DocumentFeatures f = build_features(lines("— Oui, dit-elle.\n"), lines("— Yes, she said.\n"), {});
  CHECK(shared_anchor(f, "—"));
  CHECK_FALSE(contains(anchor_keys(f, f.src, 0), "\""));
  f = build_features(lines("Il dit — oui.\n"), lines("\"Yes,\" she said.\n"), {});
  CHECK_FALSE(contains(anchor_keys(f, f.src, 0), "—"));
  CHECK(contains(anchor_keys(f, f.tgt, 0), "\""));
  f = build_features(lines("他问：「怎么了……」\n"), lines("彼は言った：「どうした…」\n"), {});
  for (const char* key : {"\"", "「", ":", "…"}) {
    INFO(key);
    CHECK(shared_anchor(f, key));
  }
  const DocumentFeatures none =
      build_features(lines("他问：「怎么了……」\n"), lines("— Oui...\n"), FeatureOptions{true, true, true, false});
  CHECK(none.anchors.size() == 0);
}

// --- names across scripts ------------------------------------------------------------------

// The "@" and "&" keys (names across scripts) of sentence i of one side.
Strings name_keys(const DocumentFeatures& f, const SideFeatures& side, size_t i) {
  Strings keys;
  for (const std::string& key : anchor_keys(f, side, i))
    if (key[0] == '@' || key[0] == '&') keys.push_back(key);
  return keys;
}

Strings all_name_keys(const DocumentFeatures& f) {
  Strings keys;
  for (uint32_t id = 0; id < f.anchors.size(); ++id)
    if (f.anchors.word(id)[0] == '@' || f.anchors.word(id)[0] == '&') keys.push_back(f.anchors.word(id));
  std::sort(keys.begin(), keys.end());
  return keys;
}

TEST_CASE("build_features: Chinese names meet their pinyin", "[features]") {
  // Han-Latin without tones, syllables joined: 林黛玉 is "lindaiyu", and so is "Lin Daiyu".
  DocumentFeatures f = build_features(lines("林黛玉笑了。\n"), lines("Then Lin Daiyu laughed.\n"), {});
  CHECK(shared_anchor(f, "@lindaiyu"));
  CHECK(shared_anchor(f, "@daiyu"));
  // Tone marks and accents go; hyphens fold: "Dài-yù" and "Dai-yu" are "daiyu".
  for (const char* en : {"Then Lín Dàiyù laughed.", "Then Lin Dai-yu laughed.",
                         "Then Dai-yu laughed.", "And Dai-yu's maid laughed."}) {
    INFO(en);
    f = build_features(lines("林黛玉笑了。\n"), lines(en), {});
    CHECK(shared_anchor(f, "@daiyu"));
  }
  // 贾宝玉 and Hawkes's "Bao-yu", with and without the surname.
  for (const char* en : {"Then Bao-yu came in.", "Then Jia Bao-yu came in.", "Then Baoyu came in.",
                         "It was Jia Baoyu."}) {
    INFO(en);
    f = build_features(lines("贾宝玉进来了。\n"), lines(en), {});
    CHECK(shared_anchor(f, "@baoyu"));
  }
  f = build_features(lines("贾宝玉进来了。\n"), lines("Then Jia Bao-yu came in.\n"), {});
  CHECK(shared_anchor(f, "@jiabaoyu"));
  // Either side may be the Chinese one; traditional characters are read too.
  f = build_features(lines("Then Jia Bao-yu came in.\n"), lines("賈寶玉進來了。\n"), {});
  CHECK(shared_anchor(f, "@jiabaoyu"));
  // Only the keys that meet enter the shared vocabulary.
  CHECK(all_name_keys(f) == Strings{"@baoyu", "@jiabaoyu"});
}

TEST_CASE("build_features: names in Cyrillic, Arabic, Hebrew, Devanagari and hangul",
          "[features]") {
  DocumentFeatures f =
      build_features(lines("Мы купили акции Нвидиа.\n"), lines("We bought Nvidia shares.\n"), {});
  CHECK(shared_anchor(f, "@nvidia"));
  // Arabic writes no short vowels: both sides are compared as consonant skeletons (vowels, y, w
  // dropped, p as b, v as f, c as k, doubled letters once): محمد "mhmd", Mohammed "mhmd".
  for (const char* ar : {"التقينا محمد أمس.", "التقينا ومحمد أمس."}) {  // with "and" attached
    INFO(ar);
    for (const char* en : {"We met Mohammed yesterday.", "We met Muhammad yesterday."}) {
      INFO(en);
      f = build_features(lines(ar), lines(en), {});
      CHECK(shared_anchor(f, "&mhmd"));
    }
  }
  f = build_features(lines("We met Donald Trump.\n"), lines("التقينا دونالد ترامب.\n"), {});
  CHECK(shared_anchor(f, "&trmb"));
  f = build_features(lines("פגשנו את משה.\n"), lines("We met Moshe.\n"), {});
  CHECK(shared_anchor(f, "&msh"));
  f = build_features(lines("कल नरेन्द्र मोदी आए।\n"), lines("Yesterday Narendra Modi came.\n"), {});
  CHECK(shared_anchor(f, "@narendramodi"));
  CHECK(shared_anchor(f, "@modi"));
  f = build_features(lines("우리는 서울에 갔다.\n"), lines("We went to Seoul.\n"), {});
  CHECK(shared_anchor(f, "@seoul"));
}

TEST_CASE("build_features: no name anchors from common words or chance", "[features]") {
  // Short keys do not count: 他 is "ta", 是 "shi"; and lower-case English words are not names.
  DocumentFeatures f = build_features(lines("他是我的朋友。\n"), lines("Ta Shi is my friend.\n"), {});
  CHECK(all_name_keys(f).empty());
  // 我们 is "women": "Women" first in a sentence, or also written in lower case, is no name.
  f = build_features(lines("我们走了。\n"), lines("Women left.\n"), {});
  CHECK(all_name_keys(f).empty());
  f = build_features(lines("我们走了。\n我们来了。\n"), lines("Then Women left.\nThe women came.\n"),
                     {});
  CHECK(all_name_keys(f).empty());
  // A name first in its sentence counts once it is seen as a name elsewhere in the document.
  f = build_features(lines("宝玉笑了。\n宝玉来了。\n"), lines("Bao-yu laughed.\nThen Bao-yu came.\n"), {});
  CHECK(shared_anchor(f, "@baoyu"));
  CHECK(name_keys(f, f.src, 1) == Strings{"@baoyu"});
  CHECK(name_keys(f, f.tgt, 1) == Strings{"@baoyu"});
  // Names spelled the same in the same script are "=" keys only: no "@" twin.
  f = build_features(lines("We climbed the Matterhorn with Anna.\n"),
                     lines("Mit Anna bestiegen wir das Matterhorn.\n"), {});
  CHECK(all_name_keys(f).empty());
  // A name without a counterpart on the other side adds nothing.
  f = build_features(lines("他笑了。\n"), lines("Then Lin Daiyu laughed.\n"), {});
  CHECK(all_name_keys(f).empty());
  // The switch: names off, no name keys.
  f = build_features(lines("林黛玉笑了。\n"), lines("Then Lin Daiyu laughed.\n"),
                     FeatureOptions{true, false, true, true});
  CHECK(all_name_keys(f).empty());
}

TEST_CASE("build_features: lengths, paragraphs, repeated words and anchors", "[features]") {
  const SentenceList src = talign::sentences_from_lines(
      "the the the cat\n\nCafe\u0301 1,200 and 1.200 again\nZ\n", true);
  const DocumentFeatures f = build_features(src, lines("x\n"), {});
  REQUIRE(f.src.size() == 3);
  CHECK(f.src.length == std::vector<float>{15, 26, 1});
  CHECK(f.src.paragraph == std::vector<uint32_t>{0, 1, 1});
  // Words keep repeats, in order; ids follow first appearance.
  CHECK(words_of(f.src, 0) == std::vector<uint32_t>{0, 0, 0, 1});
  CHECK(f.src_words.word(0) == "the");
  CHECK(f.src_words.word(1) == "cat");
  CHECK(f.src_words.find("café") == Vocabulary::kMissing);  // NFC is the input stage's job
  CHECK(f.src_words.find("cafe\u0301") != Vocabulary::kMissing);
  // Anchors are a set per sentence: "1,200" and "1.200" are one key, listed once.
  const Strings keys = anchor_keys(f, f.src, 1);
  CHECK(std::count(keys.begin(), keys.end(), "#1200") == 1);
  CHECK(std::adjacent_find(keys.begin(), keys.end()) == keys.end());
  // A one-letter sentence still has a positive length.
  CHECK(f.src.length[2] == 1);
}

TEST_CASE("build_features: deterministic, ids in order of first appearance", "[features]") {
  const SentenceList src =
      lines("Anna met Bruno in Zermatt on 3 May 2021.\nBruno paid 1,200 francs.\nThe end?\n");
  const SentenceList tgt = lines(
      "Anna a rencontré Bruno à Zermatt le 3 mai 2021.\nBruno a payé 1 200 francs.\nLa fin ?\n");
  const DocumentFeatures a = build_features(src, tgt, {});
  const DocumentFeatures b = build_features(src, tgt, {});
  for (const auto& [va, vb] :
       {std::pair{&a.src_words, &b.src_words}, std::pair{&a.tgt_words, &b.tgt_words},
        std::pair{&a.anchors, &b.anchors}}) {
    REQUIRE(va->size() == vb->size());
    for (uint32_t id = 0; id < va->size(); ++id) CHECK(va->word(id) == vb->word(id));
  }
  CHECK(a.src.words.ids == b.src.words.ids);
  CHECK(a.tgt.words.ids == b.tgt.words.ids);
  CHECK(a.src.anchors.ids == b.src.anchors.ids);
  CHECK(a.tgt.anchors.ids == b.tgt.anchors.ids);
  CHECK(a.src.anchors.begin == b.src.anchors.begin);
  // First appearance: the words of the first source sentence get ids 0, 1, 2, ...
  const Strings first = {"anna", "met", "bruno", "in", "zermatt", "on", "may"};
  for (uint32_t id = 0; id < first.size(); ++id) CHECK(a.src_words.word(id) == first[id]);
  CHECK(a.tgt_words.word(0) == "anna");
  CHECK(a.tgt_words.word(1) == "a");
  // Every word id is below the vocabulary size and every word is found again by its text.
  for (uint32_t id : a.src.words.ids) REQUIRE(id < a.src_words.size());
  for (uint32_t id = 0; id < a.src_words.size(); ++id)
    CHECK(a.src_words.find(a.src_words.word(id)) == id);
  // The anchor vocabulary is shared: the target's "#1200" is the source's.
  CHECK(a.anchors.find("#1200") != Vocabulary::kMissing);
  const uint32_t bruno = a.anchors.find("=bruno");
  CHECK(has(anchors_of(a.src, 0), bruno));
  CHECK(has(anchors_of(a.src, 1), bruno) == false);  // "Bruno" is the first word of sentence 1
  CHECK(has(anchors_of(a.tgt, 0), bruno));
}

TEST_CASE("Vocabulary: intern and find", "[features]") {
  Vocabulary v;
  CHECK(v.find("a") == Vocabulary::kMissing);
  CHECK(v.intern("a") == 0);
  CHECK(v.intern("b") == 1);
  CHECK(v.intern("a") == 0);
  CHECK(v.size() == 2);
  CHECK(v.find("b") == 1);
  CHECK(v.word(1) == "b");
  // Many entries: references to earlier words must survive growth.
  for (int k = 0; k < 1000; ++k) {
    std::string word = "w";
    word.append(std::to_string(k));  // not "w" + ...: GCC 12 warns falsely (-Wrestrict) at -O3
    v.intern(word);
  }
  CHECK(v.find("a") == 0);
  CHECK(v.find("w999") == 1001);
  CHECK(v.word(1001) == "w999");
}

// Tests for align/split: sentence and paragraph boundaries across languages and scripts.
// The examples are written for this project; expected splits are what a careful human would do.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "align/split/language_data.h"
#include "align/split/splitter.h"

using Sentences = std::vector<std::string>;

namespace {

Sentences split(const std::string& lang, const std::string& text) {
  const talign::Splitter splitter(lang);
  const talign::SentenceList list = splitter.split(text);
  Sentences out;
  for (size_t i = 0; i < list.size(); ++i) out.emplace_back(list.text(i));
  return out;
}

// The text without any white space or invisible separator (U+200B may be trimmed off a
// sentence): what must survive splitting, in order.
std::string ink(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\n' && c != '\t') out.push_back(c);
  for (size_t at; (at = out.find("\u200B")) != std::string::npos;) out.erase(at, 3);
  return out;
}

}  // namespace

TEST_CASE("plain sentence ends", "[split]") {
  CHECK(split("en", "The bridge opened in May. Traffic doubled! Was it worth it? Yes.") ==
        Sentences{"The bridge opened in May.", "Traffic doubled!", "Was it worth it?", "Yes."});
}

TEST_CASE("titles, initials and dotted abbreviations do not end English sentences", "[split]") {
  CHECK(split("en", "Dr. Okafor met Mrs. Lindqvist at St. Mary's. They talked.") ==
        Sentences{"Dr. Okafor met Mrs. Lindqvist at St. Mary's.", "They talked."});
  CHECK(split("en", "The novel by J. R. R. Tolkien sold well. Critics agreed.") ==
        Sentences{"The novel by J. R. R. Tolkien sold well.", "Critics agreed."});
  CHECK(split("en", "Prices in the U.S. Midwest rose. Wages in the U.K. did not.") ==
        Sentences{"Prices in the U.S. Midwest rose.", "Wages in the U.K. did not."});
  CHECK(split("en", "We moved to the U.S. It was cold.") ==
        Sentences{"We moved to the U.S.", "It was cold."});
  CHECK(split("en", "Bring tools, e.g. Hammers and saws. Then start.") ==
        Sentences{"Bring tools, e.g. Hammers and saws.", "Then start."});
  CHECK(split("en", "See No. 7 and p. 12 for details.") ==
        Sentences{"See No. 7 and p. 12 for details."});
}

TEST_CASE("numbers, money and percentages", "[split]") {
  CHECK(split("en", "Revenue reached $5.6 million in 2023. Costs fell 17%. Margins grew 3.14 points.") ==
        Sentences{"Revenue reached $5.6 million in 2023.", "Costs fell 17%.",
                  "Margins grew 3.14 points."});
  CHECK(split("en", "The loan was 1,250.75 euros.The bank agreed.") ==
        Sentences{"The loan was 1,250.75 euros.", "The bank agreed."});
}

TEST_CASE("quotations stay whole and closing quotes stay with their sentence", "[split]") {
  CHECK(split("en", "She said, \"We will build it. Then we will see.\" Nobody answered.") ==
        Sentences{"She said, \"We will build it. Then we will see.\"", "Nobody answered."});
  CHECK(split("en", "\u201CIt works!\u201D he shouted. The crowd cheered.") ==
        Sentences{"\u201CIt works!\u201D he shouted.", "The crowd cheered."});
  CHECK(split("en", "(The vote was close.) Results came later.") ==
        Sentences{"(The vote was close.)", "Results came later."});
}

TEST_CASE("ellipses", "[split]") {
  CHECK(split("en", "He hesitated... then he signed.") ==
        Sentences{"He hesitated... then he signed."});
  CHECK(split("en", "The report [...] was never published.") ==
        Sentences{"The report [...] was never published."});
}

TEST_CASE("numbered and lettered lists split before each item", "[split]") {
  CHECK(split("en", "1) Open the valve 2) Check the gauge 3) Close the valve") ==
        Sentences{"1) Open the valve", "2) Check the gauge", "3) Close the valve"});
  CHECK(split("en", "a. Measure b. Cut c. Sand") == Sentences{"a. Measure", "b. Cut", "c. Sand"});
}

TEST_CASE("lower-case continuation after ! and ?", "[split]") {
  CHECK(split("en", "He joined Yahoo! in 2004. She left.") ==
        Sentences{"He joined Yahoo! in 2004.", "She left."});
}

TEST_CASE("German ordinals and abbreviations", "[split]") {
  CHECK(split("de", "Am 3. Oktober wurde z. B. die Hütte eröffnet. Dr. Keller sprach.") ==
        Sentences{"Am 3. Oktober wurde z. B. die Hütte eröffnet.", "Dr. Keller sprach."});
  CHECK(split("de", "Das geschah im Jahr 2020. Die Zahl stieg.") ==
        Sentences{"Das geschah im Jahr 2020.", "Die Zahl stieg."});
}

TEST_CASE("French, Spanish and Russian abbreviations", "[split]") {
  CHECK(split("fr", "M. Dubois a parlé. Mme Roy a répondu.") ==
        Sentences{"M. Dubois a parlé.", "Mme Roy a répondu."});
  CHECK(split("es", "¿Vienes mañana? ¡Claro que sí! La Sra. Gómez también.") ==
        Sentences{"¿Vienes mañana?", "¡Claro que sí!", "La Sra. Gómez también."});
  CHECK(split("ru", "Роман написал А. С. Пушкин. Он жил в Москве.") ==
        Sentences{"Роман написал А. С. Пушкин.", "Он жил в Москве."});
}

TEST_CASE("Chinese and Japanese full-width stops, closing quotes kept", "[split]") {
  CHECK(split("zh", "我们到了。他说：“很好！”然后离开了。") ==
        Sentences{"我们到了。", "他说：“很好！”", "然后离开了。"});
  CHECK(split("ja", "雨が降った。風も強かった！") == Sentences{"雨が降った。", "風も強かった！"});
}

TEST_CASE("Arabic question mark and full stop", "[split]") {
  CHECK(split("ar", "هل وصل القطار؟ نعم، وصل في الساعة 5. كان الركاب سعداء.") ==
        Sentences{"هل وصل القطار؟", "نعم، وصل في الساعة 5.", "كان الركاب سعداء."});
  // Urdu and Persian-style full stop U+06D4.
  CHECK(split("ur", "یہ پہلا جملہ ہے۔ یہ دوسرا ہے۔") == Sentences{"یہ پہلا جملہ ہے۔", "یہ دوسرا ہے۔"});
}

TEST_CASE("Thai has no stops: ICU's breaks are used", "[split]") {
  const Sentences out = split("th", "สวัสดีครับ ผมชื่อสมชาย");
  REQUIRE_FALSE(out.empty());
  std::string joined;
  for (const auto& s : out) joined += s;
  CHECK(ink(joined) == ink("สวัสดีครับ ผมชื่อสมชาย"));
}

TEST_CASE("blank lines separate paragraphs; wrapped lines are folded", "[split]") {
  const talign::Splitter splitter("en");
  const std::string text =
      "The committee met on Tuesday to discuss the budget for the coming\n"
      "year. It approved the plan.\n"
      "   \n"
      "A second paragraph follows here.\n\n\n"
      "Third.";
  const auto list = splitter.split(text);
  REQUIRE(list.size() == 4);
  CHECK(list.text(0) ==
        "The committee met on Tuesday to discuss the budget for the coming year.");
  CHECK(list.paragraph(0) == 0);
  CHECK(list.paragraph(1) == 0);
  CHECK(list.paragraph(2) == 1);
  CHECK(list.paragraph(3) == 2);
  CHECK(text.substr(list.source_offset(1), 3) == "It ");
  CHECK(text.substr(list.source_offset(3)) == "Third.");
}

TEST_CASE("short lines and list items stand on their own; CJK wraps join without space",
          "[split]") {
  CHECK(split("en", "Contents\nIntroduction\nMethods") ==
        Sentences{"Contents", "Introduction", "Methods"});
  CHECK(split("en", "It was a cold \nnight.") == Sentences{"It was a cold night."});
  CHECK(split("en", "Steps to take before the inspection of the building:\n- clean the floors\n- open the windows") ==
        Sentences{"Steps to take before the inspection of the building:", "- clean the floors",
                  "- open the windows"});
  CHECK(split("zh", "今天天气很好，我们一起去公园散步，然后在湖边的咖啡馆喝茶聊\n天。") ==
        Sentences{"今天天气很好，我们一起去公园散步，然后在湖边的咖啡馆喝茶聊天。"});
  CHECK(split("en", "This is a well-established, long-running and widely-\nknown practice.") ==
        Sentences{"This is a well-established, long-running and widely-known practice."});
}

TEST_CASE("nothing is lost: random text keeps every non-space character, in order", "[split]") {
  const std::vector<std::string> pieces = {
      "Mr.", "U.S.", "word", "Word", ".", "!", "?", "...", ". . .", "\"", "“", "”", "(", ")",
      "3.5", "$5", "1.", "a.", "2)", "\n", "\n\n", " ", "  ", "。", "？", "日本", "مرحبا", "؟",
      "é", "Ø", "-", "•", "«", "»", "z. B.", "e.g.", "[...]", "'", "’", "N°.", "\t",
      "\u2026", "「", "」", "：", "Corp.", "No.", "12.", "2000", "\u200B", "www.a.com."};
  std::mt19937 rng(12345);
  for (int round = 0; round < 500; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) {
      text += pieces[rng() % pieces.size()];
      if (rng() % 3 == 0) text += ' ';
    }
    for (const char* lang : {"en", "de", "zh"}) {
      const talign::Splitter splitter(lang);
      const auto list = splitter.split(text);
      std::string joined;
      for (size_t i = 0; i < list.size(); ++i) {
        REQUIRE_FALSE(list.text(i).empty());
        CHECK(list.text(i).front() != ' ');
        CHECK(list.text(i).back() != ' ');
        CHECK(list.text(i).find('\n') == std::string_view::npos);
        joined += list.text(i);
      }
      INFO("text: " << text);
      REQUIRE(ink(joined) == ink(text));
    }
  }
}

TEST_CASE("language data: own lists for eight languages, ICU suppressions merged", "[split]") {
  const auto languages = talign::LanguageData::languages_with_data();
  for (const char* lang : {"de", "en", "es", "fr", "it", "nl", "pt", "ru"})
    CHECK(std::find(languages.begin(), languages.end(), lang) != languages.end());
  const auto& en = talign::LanguageData::for_language("en-GB");
  CHECK(en.abbreviation_kind("Mr") == talign::AbbreviationKind::kNonfinal);
  CHECK(en.abbreviation_kind("Approx") == talign::AbbreviationKind::kNonfinal);
  CHECK(en.abbreviation_kind("Inc") == talign::AbbreviationKind::kAmbiguous);
  CHECK(en.abbreviation_kind("house") == talign::AbbreviationKind::kNone);
  CHECK(en.icu_suppression_count() > 0);
  CHECK(talign::primary_language("zh_Hant-TW") == "zh");
  CHECK(talign::is_language_tag("en"));
  CHECK(talign::is_language_tag("zh-Hant-TW"));
  CHECK(talign::is_language_tag("sr_Latn"));
  CHECK_FALSE(talign::is_language_tag(""));
  CHECK_FALSE(talign::is_language_tag("e"));
  CHECK_FALSE(talign::is_language_tag("en-"));
  CHECK_FALSE(talign::is_language_tag("en us"));
  CHECK_FALSE(talign::is_language_tag("../etc"));
}

TEST_CASE("a number before a period is a list marker only at the start of its sentence",
          "[split]") {
  CHECK(split("en", "See p. 12. It is short.") == Sentences{"See p. 12.", "It is short."});
  CHECK(split("en", "He was ranked No. 5. It was a surprise.") ==
        Sentences{"He was ranked No. 5.", "It was a surprise."});
  CHECK(split("en", "See Fig. 3. They agree.") == Sentences{"See Fig. 3.", "They agree."});
  CHECK(split("en", "It was 5 vs. 3. It passed.") == Sentences{"It was 5 vs. 3.", "It passed."});
  CHECK(split("es", "Vive en el núm. 5. Es lejos.") ==
        Sentences{"Vive en el núm. 5.", "Es lejos."});
  // Markers that do start their sentence still keep their period.
  CHECK(split("en", "1. Open the valve. 2. Check it. 3. Close it.") ==
        Sentences{"1. Open the valve.", "2. Check it.", "3. Close it."});
  CHECK(split("en", "\u20439. The first item \u204310. The second item") ==
        Sentences{"\u20439. The first item", "\u204310. The second item"});
  CHECK(split("en", "3. Results are good.") == Sentences{"3. Results are good."});
}

TEST_CASE("'No.'-like abbreviations are abbreviations only before a number", "[split]") {
  CHECK(split("en", "I said no. He left.") == Sentences{"I said no.", "He left."});
  CHECK(split("en", "The answer is no. Nobody agreed.") ==
        Sentences{"The answer is no.", "Nobody agreed."});
  CHECK(split("en", "Read Vol. II of the series.") == Sentences{"Read Vol. II of the series."});
  // Units after a number are not of that kind: "5 Mio. Euro" is one sentence.
  CHECK(split("de", "Das kostet 5 Mio. Euro im Jahr.") ==
        Sentences{"Das kostet 5 Mio. Euro im Jahr."});
}

TEST_CASE("line breaks: the paragraph's widest line tells wrapping from lines of their own",
          "[split]") {
  // Prose wrapped at 34 columns is folded back.
  CHECK(split("en",
              "The committee met on Tuesday to\n"
              "discuss the budget for the coming\n"
              "year. It approved the plan after\n"
              "a long debate about the new roads\n"
              "and bridges.") ==
        Sentences{"The committee met on Tuesday to discuss the budget for the coming year.",
                  "It approved the plan after a long debate about the new roads and bridges."});
  // Chinese wrapped at 15 characters joins without spaces.
  CHECK(split("zh",
              "今天天气很好我们一起去公园散步然\n"
              "后在湖边的咖啡馆喝茶聊天直到太阳\n"
              "下山才回家。") ==
        Sentences{"今天天气很好我们一起去公园散步然后在湖边的咖啡馆喝茶聊天直到太阳下山才回家。"});
  // A heading above a one-line paragraph, and one paragraph per line, stand alone.
  CHECK(split("en",
              "Introduction\n"
              "This first paragraph is written on one long line, as word processors export "
              "text, and it is much wider than any wrap column could be, since nobody fills "
              "text that wide\n"
              "Methods\n"
              "The second paragraph.") ==
        Sentences{"Introduction",
                  "This first paragraph is written on one long line, as word processors export "
                  "text, and it is much wider than any wrap column could be, since nobody fills "
                  "text that wide",
                  "Methods", "The second paragraph."});
  // Two short lines (a title and a subtitle) are not a wrapped paragraph.
  CHECK(split("en", "Most read stories this year\nOpinion poll") ==
        Sentences{"Most read stories this year", "Opinion poll"});
  // A line ending in a space was wrapped (format=flowed), whatever its width.
  CHECK(split("en", "It was a cold \nnight in the city.") ==
        Sentences{"It was a cold night in the city."});
}

TEST_CASE("line_paragraphs makes every line a paragraph", "[split]") {
  talign::SplitterOptions options;
  options.line_paragraphs = true;
  const talign::Splitter splitter("en", nullptr, options);
  const auto list = splitter.split("One. Two\nThree.\n\nFour.");
  REQUIRE(list.size() == 4);
  CHECK(list.text(1) == "Two");
  CHECK(list.paragraph(0) == 0);
  CHECK(list.paragraph(1) == 0);
  CHECK(list.paragraph(2) == 1);
  CHECK(list.paragraph(3) == 2);
}

TEST_CASE("an opening bracket or quote after a stop begins the next sentence", "[split]") {
  CHECK(split("zh", "他很好。“你好”她说。") == Sentences{"他很好。", "“你好”她说。"});
  CHECK(split("en", "He left.(He was tired.)") == Sentences{"He left.", "(He was tired.)"});
}

TEST_CASE("the Unicode ellipsis, and a period before a number, can end a sentence", "[split]") {
  CHECK(split("en", "I wonder\u2026 Maybe not.") == Sentences{"I wonder\u2026", "Maybe not."});
  CHECK(split("en", "I wonder\u2026 maybe not.") == Sentences{"I wonder\u2026 maybe not."});
  CHECK(split("en", "The year was 1990. 2000 was better.") ==
        Sentences{"The year was 1990.", "2000 was better."});
  CHECK(split("de", "Er wurde 1990 geboren. 2000 zog er nach Berlin.") ==
        Sentences{"Er wurde 1990 geboren.", "2000 zog er nach Berlin."});
  CHECK(split("de", "Das steht z. B. 5 Mal da und am 3. 10. 2020 war es kalt.") ==
        Sentences{"Das steht z. B. 5 Mal da und am 3. 10. 2020 war es kalt."});
  CHECK(split("ru", "Бюджет составляет ок. 12 млн руб. в год.") ==
        Sentences{"Бюджет составляет ок. 12 млн руб. в год."});
  // An unlisted abbreviation before a number: a capitalised word ("Bahnhofstr." for
  // "Bahnhofstraße") is not taken for a sentence end.
  CHECK(split("de", "Sie wohnt in der Bahnhofstr. 5 in Bern.") ==
        Sentences{"Sie wohnt in der Bahnhofstr. 5 in Bern."});
}

TEST_CASE("a quoted sentence followed by its speaker goes on", "[split]") {
  CHECK(split("en", "\"Really?\" Smith asked. Nobody answered.") ==
        Sentences{"\"Really?\" Smith asked.", "Nobody answered."});
  CHECK(split("en", "\"I think the reaction was 'Oh no, it is over!'\" Huang said, \"and the "
                    "opposite is true.\"") ==
        Sentences{"\"I think the reaction was 'Oh no, it is over!'\" Huang said, \"and the "
                  "opposite is true.\""});
  // A quotation inside a sentence ends with it; so does one before a sentence starter.
  CHECK(split("en", "Prices have \"recovered lost ground.\" Huang also spoke.") ==
        Sentences{"Prices have \"recovered lost ground.\"", "Huang also spoke."});
  CHECK(split("en", "\"We won.\" The crowd cheered.") ==
        Sentences{"\"We won.\"", "The crowd cheered."});
  CHECK(split("fr", "« Elle pourrait devenir un choix. » L'étude conclut aussi.") ==
        Sentences{"« Elle pourrait devenir un choix. »", "L'étude conclut aussi."});
  // Chinese and Japanese: a closing mark directly followed by text goes on, unless a colon
  // introduced the quotation.
  CHECK(split("ja", "「はい。」と言った。次に行った。") ==
        Sentences{"「はい。」と言った。", "次に行った。"});
  CHECK(split("zh", "他说“好。”就走了。") == Sentences{"他说“好。”就走了。"});
  CHECK(split("ja", "「はい。」「いいえ。」") == Sentences{"「はい。」", "「いいえ。」"});
  CHECK(split("zh", "他说：“很好！”然后离开了。") == Sentences{"他说：“很好！”", "然后离开了。"});
}

TEST_CASE("ambiguous abbreviations end a sentence before a common word", "[split]") {
  CHECK(split("en", "It happened in the U.S. Nobody noticed.") ==
        Sentences{"It happened in the U.S.", "Nobody noticed."});
  CHECK(split("en", "They met at 5 p.m. Everyone went home.") ==
        Sentences{"They met at 5 p.m.", "Everyone went home."});
  // The document writes "shares" in lower case elsewhere: a common word, not a name.
  CHECK(split("en", "He works for Nvidia Corp. Shares rose. The shares of rivals fell.") ==
        Sentences{"He works for Nvidia Corp.", "Shares rose.", "The shares of rivals fell."});
  CHECK(split("en", "He works for Nvidia Corp. Shares rose.") ==
        Sentences{"He works for Nvidia Corp. Shares rose."});
  CHECK(split("en", "He bought it from Acme Corp. Smith said so, and smiled.") ==
        Sentences{"He bought it from Acme Corp. Smith said so, and smiled."});
}

TEST_CASE("domains and file names are not dotted abbreviations", "[split]") {
  CHECK(split("en", "Go to www.example.com. It is free.") ==
        Sentences{"Go to www.example.com.", "It is free."});
  CHECK(split("en", "Read the README.md. It explains.") ==
        Sentences{"Read the README.md.", "It explains."});
  CHECK(split("en", "Hello world.Today is Tuesday.Mr. Smith went home.") ==
        Sentences{"Hello world.", "Today is Tuesday.", "Mr. Smith went home."});
}

TEST_CASE("ISO 639-2/3 codes map to the languages with data; tags need a 2-3 letter language",
          "[split]") {
  CHECK(talign::primary_language("eng") == "en");
  CHECK(talign::primary_language("deu") == "de");
  CHECK(talign::primary_language("ger") == "de");
  CHECK(talign::primary_language("fre") == "fr");
  CHECK(talign::primary_language("dut") == "nl");
  CHECK(talign::primary_language("chi") == "zh");
  CHECK(talign::primary_language("jpn-JP") == "ja");
  CHECK(talign::LanguageData::for_language("spa").has_own_data());
  CHECK(talign::LanguageData::for_language("zho").has_own_data());
  CHECK_FALSE(talign::LanguageData::for_language("xx").has_own_data());
  CHECK(split("eng", "Dr. Okafor met Mrs. Lindqvist. They talked.") ==
        Sentences{"Dr. Okafor met Mrs. Lindqvist.", "They talked."});
  CHECK(talign::is_language_tag("eng"));
  CHECK_FALSE(talign::is_language_tag("english"));
  CHECK_FALSE(talign::is_language_tag("abcd-US"));
}

TEST_CASE("invisible separators are trimmed and never make a sentence of their own", "[split]") {
  CHECK(split("en", "One.\n\u200B\nTwo.\u2060 \uFEFF") == Sentences{"One.", "Two."});
  CHECK(split("en", "One. \u200BTwo.") == Sentences{"One.", "Two."});
  CHECK(split("en", "Zero\u200Bwidth stays.") == Sentences{"Zero\u200Bwidth stays."});
}

// Tokenizer: turns one sentence into the numbers the aligner works with: case-folded word tokens,
// normalised numbers (any digits, any separators) and its length in user-perceived characters.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace talign {

// Bits of SentenceTokens::word_flags: what the feature stage needs to see names across scripts
// ("Jia Bao-yu" is one name of three words; "Where" after an opening quote is not a name).
enum WordFlag : uint8_t {
  kCapitalised = 1,  // the first letter is upper or title case
  kClauseStart = 2,  // first word of the sentence, or first after . ! ? : ; an opening quote or
                     // bracket or a dash: a capital there says nothing about a name
  kAfterSpace = 4,   // only white space between this word and the previous one
  kJoined = 8,       // exactly one hyphen or apostrophe between this word and the previous one
                     // ("Bao-yu", "Xi'an", "don't")
  kDictionary = 16,  // a word of a script written without spaces (from ICU's word break)
};

// What a tokenizer found in one sentence. Strings stop here: the feature stage maps them to ids.
struct SentenceTokens {
  std::vector<std::string> words;    // case-folded letters-and-marks runs; runs of Chinese,
                                     // Japanese, Thai, Lao, Khmer and Myanmar script are cut into
                                     // dictionary words by ICU ("我们的伟大友谊" -> 我们 的 伟大 友谊)
  std::vector<uint8_t> word_flags;   // WordFlag bits, one per entry of `words`
  std::vector<std::string> numbers;  // canonical numbers: "1200", "3.5" (from "1,200", "3,5", "٣٫٥")
  std::vector<std::string> names;    // tokens written with a capital or mixing letters and digits
                                     // ("Zermatt", "R1", "GPT"), case-folded; also in `words`
  int question_marks = 0;            // ? ¿ ؟ ？
  int exclamation_marks = 0;         // ! ¡ ！
  int quotes = 0;                    // quotation marks of any script, 「」『』 included
  int corner_quotes = 0;             // 「」『』﹁﹂﹃﹄ (Chinese and Japanese dialogue)
  int brackets = 0;                  // opening brackets
  int colons = 0;                    // : ： ﹕ (not between digits, as in 10:30)
  int ellipses = 0;                  // … ⋯ ... (a run counts once: "……" is one)
  bool dialogue_dash = false;        // the sentence opens with — – ― or "- " (a dialogue line)
  size_t length = 0;                 // grapheme clusters (combining marks do not count)

  void clear();
};

// A tokenizer with its own ICU word-break iterator (created on the first text that needs it,
// reused after): one per thread. Deterministic: the words depend on the sentence alone.
class Tokenizer {
 public:
  Tokenizer();
  ~Tokenizer();
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  // Splits `sentence` (valid UTF-8) into `out` (cleared first).
  void tokenize(std::string_view sentence, SentenceTokens& out);

 private:
  struct WordBreak;
  std::unique_ptr<WordBreak> word_break_;
};

// Splits `sentence` (valid UTF-8) into `out` (cleared first) with a tokenizer of the calling
// thread's own. Thread-safe.
void tokenize(std::string_view sentence, SentenceTokens& out);

// Canonical form of a number written with digits of any script and "." "," "٫" "٬" or thin /
// no-break spaces as separators: a separator followed by exactly three digits groups thousands,
// any other is the decimal point. "1,200" "1.200" "1 200" -> "1200"; "3,5" "3.5" -> "3.5".
std::string canonical_number(std::u32string_view digits_and_separators);

}  // namespace talign

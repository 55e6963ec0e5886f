// Tokenizer: turns one sentence into the numbers the aligner works with: case-folded word tokens,
// normalised numbers (any digits, any separators) and its length in user-perceived characters.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace talign {

// What a tokenizer found in one sentence. Strings stop here: the feature stage maps them to ids.
struct SentenceTokens {
  std::vector<std::string> words;    // case-folded letters-and-marks runs; each CJK character alone
  std::vector<std::string> numbers;  // canonical numbers: "1200", "3.5" (from "1,200", "3,5", "٣٫٥")
  std::vector<std::string> names;    // tokens written with a capital or mixing letters and digits
                                     // ("Zermatt", "R1", "GPT"), case-folded; also in `words`
  int question_marks = 0;            // ? ¿ ؟ ？
  int exclamation_marks = 0;         // ! ¡ ！
  int quotes = 0;                    // quotation marks of any script
  int brackets = 0;                  // opening brackets
  size_t length = 0;                 // grapheme clusters (combining marks do not count)

  void clear();
};

// Splits `sentence` (valid UTF-8) into `out` (cleared first). Thread-compatible.
void tokenize(std::string_view sentence, SentenceTokens& out);

// Canonical form of a number written with digits of any script and "." "," "٫" "٬" or thin /
// no-break spaces as separators: a separator followed by exactly three digits groups thousands,
// any other is the decimal point. "1,200" "1.200" "1 200" -> "1200"; "3,5" "3.5" -> "3.5".
std::string canonical_number(std::u32string_view digits_and_separators);

}  // namespace talign

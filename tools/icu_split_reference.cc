// talign-icu-ref: ICU's sentence BreakIterator alone, with no talign rules, as the speed and
// quality reference for scripts/bench-split. Usage: talign-icu-ref LANG FILE > OUT
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: talign-icu-ref LANG FILE\n";
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    std::cerr << "talign-icu-ref: " << argv[2] << ": cannot open\n";
    return 1;
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> breaker(
      icu::BreakIterator::createSentenceInstance(icu::Locale(argv[1]), status));
  UText utext = UTEXT_INITIALIZER;
  utext_openUTF8(&utext, text.data(), static_cast<int64_t>(text.size()), &status);
  breaker->setText(&utext, status);
  if (U_FAILURE(status)) {
    std::cerr << "talign-icu-ref: " << u_errorName(status) << '\n';
    return 1;
  }
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  int32_t start = breaker->first();
  for (int32_t end = breaker->next(); end != icu::BreakIterator::DONE;
       start = end, end = breaker->next()) {
    out.append(text, static_cast<size_t>(start), static_cast<size_t>(end - start));
    out.push_back('\n');
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  utext_close(&utext);
  return 0;
}

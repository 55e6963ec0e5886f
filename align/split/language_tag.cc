#include "align/split/language_tag.h"

#include <unicode/locid.h>

#include "align/split/language_data.h"

namespace talign {

std::optional<std::string> canonical_language_tag(std::string_view tag) {
  // ICU takes almost any string for a locale ("english" becomes a language of its own): the
  // shape is checked first, the language against ICU's ISO 639 table after canonicalisation.
  if (!is_language_tag(tag)) return std::nullopt;
  const icu::Locale locale = icu::Locale::createCanonical(std::string(tag).c_str());
  if (locale.isBogus() || locale.getISO3Language()[0] == '\0') return std::nullopt;
  UErrorCode status = U_ZERO_ERROR;
  std::string canonical = locale.toLanguageTag<std::string>(status);
  if (U_FAILURE(status) || canonical.empty()) return std::nullopt;
  return canonical;
}

}  // namespace talign

// Language tags as users type them ("eng", "en_US", "EN-us", "iw") in the BCP-47 form that TMX
// readers match on ("en", "en-US", "he"): one canonical spelling for every option and format.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace talign {

// The canonical BCP-47 form of `tag` by ICU's alias data: "eng" -> "en", "fre" -> "fr",
// "en_US" -> "en-US", "EN-us" -> "en-US", "zh_Hans_CN" -> "zh-Hans-CN", "iw" -> "he"; the
// script, region and variants the user gave are kept. Nothing when `tag` does not have the shape
// of a language tag or its language is not an ISO 639 code ("english", "xx", "und").
std::optional<std::string> canonical_language_tag(std::string_view tag);

}  // namespace talign

// The per-record part of `talign stream`, apart from its option handling so that the fuzzer
// (fuzz/) drives the same code the command runs.
#pragma once

#include <set>
#include <string>

#include "align/align/pipeline.h"

namespace talign::cli {

// Everything fixed for the whole stream.
struct StreamSettings {
  std::string src_lang;  // defaults for records without languages ("" = none)
  std::string tgt_lang;
  PairOptions pair;  // languages filled in per record
  std::set<std::string> warned_languages;
};

// The output line for one input line (a JSON record, no newline): {"id":..,"beads":[..]} or
// {"id":..,"error":".."}. Never throws for bad input (only std::bad_alloc escapes); a language
// without splitting rules is warned about (warn()) once per stream.
std::string process_line(const std::string& line, StreamSettings& settings);

}  // namespace talign::cli

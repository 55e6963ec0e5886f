#include "tools/cli.h"

#include <sys/stat.h>

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "align/align/memory.h"
#include "align/common/error.h"
#include "align/input/format.h"
#include "align/split/language_data.h"
#include "align/split/language_tag.h"

namespace talign::cli {

const char* const kExitCodes =
    "Exit codes:\n"
    "  0  success\n"
    "  1  data error: unreadable, empty or invalid input (bad UTF-8, binary), unwritable output\n"
    "  2  usage error: unknown command or option, missing or bad option value\n";
const char* const kBatchExitCode = "  3  some pairs failed (the others were written)\n";

bool quiet = false;

void warn(const std::string& message) {
  if (!quiet) std::cerr << "talign: " << message << '\n';
}

bool parse_command(const std::vector<std::string>& args, const po::options_description& visible,
                   const po::options_description& hidden,
                   const po::positional_options_description& positionals,
                   const std::string& usage, po::variables_map& vm, bool batch_exit_code) {
  po::options_description all;
  all.add(visible).add(hidden);
  po::store(po::command_line_parser(args).options(all).positional(positionals).run(), vm);
  if (vm.count("help")) {
    std::cout << usage << "\n\n" << visible << "\n" << kExitCodes
              << (batch_exit_code ? kBatchExitCode : "");
    return false;
  }
  po::notify(vm);
  if (vm.count("quiet")) quiet = true;
  return true;
}

namespace {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

ProgressMeter::ProgressMeter(const std::string& mode, std::string label)
    : enabled_(mode != "never"), always_(mode == "always"), tty_(::isatty(STDERR_FILENO) != 0),
      label_(std::move(label)), start_(now_seconds()) {
  if (mode != "never" && mode != "always" && mode != "auto")
    throw UsageError("--progress must be never, auto or always");
  if (quiet) enabled_ = false;
}

ProgressMeter::~ProgressMeter() {
  if (printed_ && tty_) std::fprintf(stderr, "\r\033[K");  // clear the line we kept rewriting
}

void ProgressMeter::update(double share) {
  if (!enabled_) return;
  const double now = now_seconds(), elapsed = now - start_;
  if (!always_ && (!tty_ || elapsed < 1.0)) return;
  const int percent = static_cast<int>(share * 100.0);
  const double eta = share > 0.01 ? elapsed * (1.0 - share) / share : -1.0;
  if (tty_) {
    if (now - last_print_ < 0.1 && share < 1.0) return;
    last_print_ = now;
    std::fprintf(stderr, "\rtalign: %s %d%%", label_.c_str(), percent);
    if (eta >= 0) std::fprintf(stderr, ", ETA %.0f s", eta);
    std::fprintf(stderr, "\033[K");
  } else {
    const int decile = percent / 10;
    if (decile == last_decile_) return;
    last_decile_ = decile;
    std::fprintf(stderr, "talign: %s %d%%", label_.c_str(), percent);
    if (eta >= 0) std::fprintf(stderr, ", ETA %.0f s", eta);
    std::fprintf(stderr, "\n");
  }
  std::fflush(stderr);
  printed_ = true;
}

void add_abbreviation_option(po::options_description& options) {
  options.add_options()
      ("abbrev", po::value<std::vector<std::string>>()->composing(),
       "[LANG=]FILE: abbreviations that do not end a sentence, one per line (\"TP.\"), for "
       "LANG or every language; repeatable");
}

void apply_abbreviation_option(const po::variables_map& vm) {
  if (!vm.count("abbrev")) return;
  for (const std::string& value : vm["abbrev"].as<std::vector<std::string>>()) {
    std::string lang, path = value;
    const size_t equals = value.find('=');
    if (equals != std::string::npos && is_language_tag(value.substr(0, equals))) {
      lang = value.substr(0, equals);
      path = value.substr(equals + 1);
    }
    check_not_empty(path, "--abbrev");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::kData, path, "cannot read the abbreviation list");
    std::ostringstream content;
    content << in.rdbuf();
    LanguageData::add_user_data(lang, content.str());
  }
}

void add_splitting_options(po::options_description& options) {
  options.add_options()
      ("from", po::value<std::string>(), "input format of both files, or SRC,TGT: auto (by "
       "content; the default), text, docx, odt, html, md, srt, vtt, xliff")
      ("presplit", "inputs are one sentence per line (no sentence splitting)")
      ("paragraphs", "with --presplit: a blank line marks a paragraph boundary")
      ("no-p-markers", "with --presplit: a line '<p>' is text like any other, not a paragraph "
       "marker (by default it is one, as in hunalign: paired only with markers, kept in beads, "
       "never in text output)")
      ("strict-langs", "a text that does not look like its language (or source and target "
       "swapped, or the same text twice) is an error (exit 1), not a warning");
  add_abbreviation_option(options);
}

void apply_splitting_options(const po::variables_map& vm, PairOptions& pair) {
  if (vm.count("paragraphs") && !vm.count("presplit"))
    throw UsageError("--paragraphs goes with --presplit (split text always has paragraphs)");
  if (vm.count("no-p-markers") && !vm.count("presplit"))
    throw UsageError("--no-p-markers goes with --presplit (only presplit input has <p> lines)");
  apply_abbreviation_option(vm);
  if (vm.count("from")) {
    const std::string from = vm["from"].as<std::string>();
    const size_t comma = from.find(',');
    try {
      pair.src_format = parse_input_format(from.substr(0, comma));
      pair.tgt_format =
          comma == std::string::npos ? pair.src_format : parse_input_format(from.substr(comma + 1));
    } catch (const Error& e) {
      throw UsageError(std::string("--from: ") + e.what());
    }
  }
  pair.presplit = vm.count("presplit") > 0;
  pair.paragraphs = vm.count("paragraphs") > 0;
  pair.p_markers = vm.count("no-p-markers") == 0;
  // A finding is only a warning unless --strict-langs: with -q nobody would see it, and the
  // check reads each side again (CLD2, about 6% of a batch of 50-sentence documents).
  pair.strict_languages = vm.count("strict-langs") > 0;
  pair.check_languages = !quiet || pair.strict_languages;
}

void add_model_options(po::options_description& options, std::string& dict_path) {
  add_splitting_options(options);
  options.add_options()
      ("dict", po::value(&dict_path), "dictionary: TSV, hunalign or CC-CEDICT, either way round")
      ("no-length", "evaluation: switch off the length model")
      ("no-anchors", "evaluation: switch off anchors (numbers, names, cognates, punctuation)")
      ("no-lexicon", "evaluation: switch off translated words (trained, loaded or dictionary)")
      ("no-paragraph-first", "align sentences directly even when paragraphs correspond")
      ("max-memory", po::value<std::string>(),
       "limit on the estimated peak memory of aligning one pair (its sentences and features, "
       "the search matrix, lexicon training), e.g. 512M, 2G or bytes; default: half of RAM, "
       "shared by batch's workers. A pair estimated over it is aligned in a reduced search or "
       "refused (exit 1); 0 = no limit");
}

size_t parse_size(const std::string& text) {
  double value = -1;
  const char* end = text.data() + text.size();
  const auto [rest, status] = std::from_chars(text.data(), end, value);
  std::string unit(rest, end);
  if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b')) unit.pop_back();
  if (unit.size() == 2 && unit[1] == 'i') unit.pop_back();  // "MiB"
  double scale = 0;
  if (unit.empty()) scale = 1;
  else if (unit.size() == 1)
    switch (unit[0]) {
      case 'k': case 'K': scale = 1024.0; break;
      case 'm': case 'M': scale = 1024.0 * 1024; break;
      case 'g': case 'G': scale = 1024.0 * 1024 * 1024; break;
      case 't': case 'T': scale = 1024.0 * 1024 * 1024 * 1024; break;
    }
  // NaN and negative numbers fail `value >= 0`, infinity the upper bound.
  if (status != std::errc() || !(value >= 0) || scale == 0 || !(value * scale < 1e19))
    throw UsageError("'" + text + "' is not a size (e.g. 512M, 2G, 1048576)");
  return static_cast<size_t>(value * scale);
}

void apply_model_options(const po::variables_map& vm, PairOptions& pair) {
  apply_splitting_options(vm, pair);
  pair.align.use_length = !vm.count("no-length");
  pair.align.use_anchors = !vm.count("no-anchors");
  pair.align.use_lexicon = !vm.count("no-lexicon");
  pair.align.paragraph_first = !vm.count("no-paragraph-first");
  pair.max_memory = vm.count("max-memory") ? parse_size(vm["max-memory"].as<std::string>())
                                           : default_memory_limit();
}

void check_output_is_not_input(const std::string& output, const std::vector<std::string>& inputs) {
  struct stat out_info {};
  if (output == "-" || ::stat(output.c_str(), &out_info) != 0 || !S_ISREG(out_info.st_mode)) return;
  for (const std::string& input : inputs) {
    struct stat in_info {};
    if (input != "-" && ::stat(input.c_str(), &in_info) == 0 && in_info.st_dev == out_info.st_dev &&
        in_info.st_ino == out_info.st_ino)
      throw UsageError("output '" + output + "' is also an input; refusing to overwrite it");
  }
}

void lowercase_format(std::string& format) {
  for (char& c : format)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

void canonicalise_language(std::string& lang, const char* option, bool allow_empty,
                           bool allow_auto) {
  if (allow_empty && lang.empty()) return;
  if (allow_auto && is_auto_language(lang)) {
    lang = "auto";
    return;
  }
  const std::optional<std::string> canonical = canonical_language_tag(lang);
  if (!canonical)
    throw UsageError(std::string(option) + " '" + lang +
                     "' is not a language tag with an ISO 639 language (e.g. en, de-CH, "
                     "zh-Hans, fra)");
  lang = *canonical;
}

void check_filters(const AlignmentWriter& writer, const std::string& format, bool has_min_score,
                   bool keep_unmatched) {
  if (has_min_score && writer.lists_every_bead() && format != "text")
    throw UsageError("--min-score filters text, tmx, tsv and moses; " + format +
                     " lists every sentence");
  if (keep_unmatched && writer.lists_every_bead())
    throw UsageError("--keep-unmatched is for tmx, tsv and moses; " + format +
                     " lists every sentence anyway");
}

bool is_auto_language(const std::string& lang) {
  if (lang.size() != 4) return false;
  std::string lower = lang;
  lowercase_format(lower);
  return lower == "auto";
}

std::vector<std::string> pair_warnings(const AlignedPair& pair, const std::string& src_path,
                                       const std::string& tgt_path) {
  std::vector<std::string> out;
  for (const LanguageProblem& problem : pair.language_problems)
    out.push_back(display_name(problem.file) + ": " + problem.message);
  if (pair.src.empty())
    out.push_back(display_name(src_path) + ": no sentences; every target sentence is unmatched");
  if (pair.tgt.empty())
    out.push_back(display_name(tgt_path) + ": no sentences; every source sentence is unmatched");
  if (pair.reduced_search)
    out.push_back(display_name(src_path) + ", " + display_name(tgt_path) +
                  ": aligned in a reduced search (band, smaller lexicon sample) to stay within "
                  "the memory limit (--max-memory)");
  if (!pair.src.empty() && !pair.tgt.empty() && pair.alignment.stats.looks_unrelated())
    out.push_back(
        display_name(src_path) + ", " + display_name(tgt_path) +
        ": the documents do not look like translations of each other (only " +
        std::to_string(static_cast<int>(100 * pair.alignment.stats.confident_share + 0.5)) +
        "% of sentences in confident pairs)");
  return out;
}

std::vector<std::string> write_warnings(const WriteStats& written, const std::string& format) {
  std::vector<std::string> out;
  if (written.unmatched_left_out)
    out.push_back(std::to_string(written.unmatched_left_out) + " unmatched bead(s) left out of the " +
                  format + " output (--keep-unmatched keeps them)");
  if (written.below_min_score)
    out.push_back(std::to_string(written.below_min_score) + " bead(s) below --min-score left out");
  if (written.invalid_characters)
    out.push_back(std::to_string(written.invalid_characters) +
                  " control character(s) written as U+FFFD");
  return out;
}

std::string splitting_warning(const std::string& lang) {
  if (LanguageData::for_language(lang).has_own_data()) return std::string();
  return "no splitting rules for '" + lang + "'; using generic rules";
}

void check_not_empty(const std::string& value, const std::string& option) {
  if (value.empty()) throw UsageError(option + " needs a file name, not an empty string");
}

}  // namespace talign::cli

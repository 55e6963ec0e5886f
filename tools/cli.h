// Shared pieces of the talign subcommands: exit codes, usage errors, warnings, option parsing.
#pragma once

#include <boost/program_options.hpp>

#include "align/align/pipeline.h"
#include "align/write/alignment_writer.h"
#include <stdexcept>
#include <string>
#include <vector>

namespace talign::cli {

namespace po = boost::program_options;

enum ExitCode { kOk = 0, kDataError = 1, kUsageError = 2, kSomeFailed = 3 };

// The exit-code table printed by every --help (0, 1, 2), and the line for code 3, which only
// batch returns.
extern const char* const kExitCodes;
extern const char* const kBatchExitCode;

// A usage error found by a command itself (Boost's parser throws po::error); exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Set by -q/--quiet: warnings are not printed.
extern bool quiet;

// Prints "talign: MESSAGE" on stderr unless quiet.
void warn(const std::string& message);

// Parses `args` against `visible` (shown in --help) and `hidden` options with `positionals`.
// Returns false after printing `usage`, the options and the exit codes if --help was given;
// otherwise notifies (so required options are checked) and applies --quiet. The exit codes
// listed include 3 only for `batch_exit_code` (the one command that returns it).
bool parse_command(const std::vector<std::string>& args, const po::options_description& visible,
                   const po::options_description& hidden,
                   const po::positional_options_description& positionals,
                   const std::string& usage, po::variables_map& vm, bool batch_exit_code = false);

// A progress line on stderr for long runs: "talign: LABEL 42%, ETA 12 s". Mode "never",
// "always", or "auto" (the default: only when stderr is a terminal and the run has taken more
// than a second). On a terminal the line is rewritten in place and cleared at the end; otherwise
// a line is printed per 10%.
class ProgressMeter {
 public:
  ProgressMeter(const std::string& mode, std::string label);  // throws UsageError on a bad mode
  ~ProgressMeter();
  void update(double share);  // 0..1; cheap, thread-compatible (call from one thread)

 private:
  bool enabled_, always_, tty_;
  std::string label_;
  double start_ = 0, last_print_ = -1;
  int last_decile_ = -1;
  bool printed_ = false;
};

// --abbrev [LANG=]FILE, repeatable: a user's abbreviation list (one per line, "TP." or "TP"; or
// the sections of align/split/lang/*.txt) for splitting LANG, or every language.
void add_abbreviation_option(po::options_description& options);
// Reads the --abbrev files and hands them to the splitter's language data; throws Error when a
// file cannot be read and UsageError for a bad LANG.
void apply_abbreviation_option(const po::variables_map& vm);

// How the inputs are cut into sentences and checked, shared by align, batch, stream and report:
// --presplit, --paragraphs, --no-p-markers, --abbrev, --strict-langs (languages are checked,
// with warnings, unless -q; with --strict-langs always, as errors). Call after parse_command,
// which sets -q.
void add_splitting_options(po::options_description& options);
// Applies them to `pair`; throws UsageError for --paragraphs or --no-p-markers without
// --presplit.
void apply_splitting_options(const po::variables_map& vm, PairOptions& pair);

// The model options align, batch and stream share (the splitting options among them): --presplit, --paragraphs, --dict FILE (into
// `dict_path`; the caller loads it), --no-length, --no-anchors, --no-lexicon,
// --no-paragraph-first, --max-memory SIZE.
void add_model_options(po::options_description& options, std::string& dict_path);
// Applies them to `pair` (max_memory: default_memory_limit() unless given); throws UsageError
// for --paragraphs without --presplit or a bad size.
void apply_model_options(const po::variables_map& vm, PairOptions& pair);

// Bytes from "512M", "2G", "1.5G", "100k", "64MiB" or plain "1048576" (binary units). Throws
// UsageError otherwise.
size_t parse_size(const std::string& text);

// Lower-cases a format name (`-f TMX` is `tmx`): format names are ASCII words.
void lowercase_format(std::string& format);

// Replaces `lang` with its canonical BCP-47 form ("en_US" -> "en-US", "fra" -> "fr"); throws
// UsageError naming `option` unless it is a language tag with an ISO 639 language ("" is
// accepted when `allow_empty`, "auto" in any case as "auto" when `allow_auto`: the pipeline
// guesses it from the text).
void canonicalise_language(std::string& lang, const char* option, bool allow_empty = false,
                           bool allow_auto = false);
// Whether `lang` is "auto" (any case).
bool is_auto_language(const std::string& lang);

// Throws UsageError for --min-score / --keep-unmatched with a format that lists every bead.
void check_filters(const AlignmentWriter& writer, const std::string& format, bool has_min_score,
                   bool keep_unmatched);

// The warnings about one aligned pair (a side without sentences, documents that do not look
// like translations) and about what a writer left out or changed, as lines for warn().
std::vector<std::string> pair_warnings(const AlignedPair& pair, const std::string& src_path,
                                       const std::string& tgt_path);
std::vector<std::string> write_warnings(const WriteStats& written, const std::string& format);
// "no splitting rules for 'xx'..." when a language has no data of its own, else "".
std::string splitting_warning(const std::string& lang);

// Throws UsageError if `output` names the same existing file as one of `inputs` (writing it would
// destroy the input) or if a path option was given as an empty string.
void check_output_is_not_input(const std::string& output, const std::vector<std::string>& inputs);
void check_not_empty(const std::string& value, const std::string& option);

// The subcommands, each taking the arguments after its name and returning an exit code.
int run_split(const std::vector<std::string>& args);
int run_eval(const std::vector<std::string>& args);
int run_align(const std::vector<std::string>& args);
int run_convert(const std::vector<std::string>& args);
int run_batch(const std::vector<std::string>& args);
int run_stream(const std::vector<std::string>& args);
int run_report(const std::vector<std::string>& args);

}  // namespace talign::cli

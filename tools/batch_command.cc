// talign batch: aligns many document pairs listed in a manifest, in parallel. Each pair is aligned
// and written exactly as `talign align` would with the same options; a failing pair is reported
// with its manifest line and does not stop the others.
#include <sys/stat.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "align/split/language_tag.h"
#include "align/align/dictionary.h"
#include "align/align/pipeline.h"
#include "align/common/error.h"
#include "align/input/document.h"
#include "align/split/language_data.h"
#include "align/write/output_file.h"
#include "align/write/alignment_writer.h"
#include "tools/cli.h"

namespace talign::cli {
namespace {

// One manifest item: its 1-based line number and its tab-separated fields.
struct Item {
  size_t line = 0;
  std::vector<std::string> fields;
};

enum class Outcome { kAligned, kSkipped, kFailed };

// The options every pair shares, checked once.
struct BatchSettings {
  std::string src_lang;  // defaults for lines without languages ("" = none)
  std::string tgt_lang;
  std::string format;  // "" = from the output's extension
  double min_score = 0.0;
  bool has_min_score = false;
  bool keep_unmatched = false;
  bool skip_existing = false;
  bool warn = true;      // each pair's warnings, naming its manifest line
  bool verbose = false;  // also a line per pair aligned or skipped
  std::string creation_date;
  PairOptions pair;  // without languages and dictionary
  const Dictionary* dictionary = nullptr;
};

// Serialises whole lines on stderr so that workers never interleave mid-line.
class Reporter {
 public:
  explicit Reporter(std::string manifest_name) : manifest_name_(std::move(manifest_name)) {}
  void line(size_t line, const std::string& message) {
    const std::string text =
        "talign: " + manifest_name_ + ":" + std::to_string(line) + ": " + message + "\n";
    const std::lock_guard<std::mutex> lock(mutex_);
    std::cerr << text << std::flush;
  }

 private:
  std::string manifest_name_;
  std::mutex mutex_;
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return fields;
}

bool is_blank(const std::string& line) {
  return line.find_first_not_of(" \t\r\f\v") == std::string::npos;
}

// The format for `output` from its extension, or "" if the extension is not known.
std::string format_from_extension(const std::string& output) {
  const size_t slash = output.find_last_of('/');
  const size_t dot = output.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  const std::string ext = output.substr(dot + 1);
  if (ext == "tmx" || ext == "tsv" || ext == "jsonl" || ext == "beads" || ext == "ladder" ||
      ext == "xces")
    return ext;
  if (ext == "txt") return "text";
  if (ext == "xml") return "xces";
  if (ext == "html" || ext == "htm") return "html";
  return "";
}

bool file_exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

// Aligns and writes one item. Throws (Error, UsageError, ...) for a failure of this item;
// `warnings` receives the messages `talign align` would print as warnings.
Outcome process_item(const Item& item, const BatchSettings& settings,
                     const Dictionary* dictionary, std::vector<std::string>& warnings) {
  const std::vector<std::string>& f = item.fields;
  if (f.size() != 3 && f.size() != 5)
    throw UsageError("malformed manifest line: expected SOURCE<TAB>TARGET<TAB>OUTPUT"
                     "[<TAB>SRC_LANG<TAB>TGT_LANG], got " + std::to_string(f.size()) + " field(s)");
  for (size_t i = 0; i < f.size(); ++i)
    if (f[i].empty())
      throw UsageError("malformed manifest line: field " + std::to_string(i + 1) + " is empty");
  const std::string& src_path = f[0];
  const std::string& tgt_path = f[1];
  const std::string& output = f[2];
  std::string src_lang = f.size() == 5 ? f[3] : settings.src_lang;
  std::string tgt_lang = f.size() == 5 ? f[4] : settings.tgt_lang;
  if (src_lang.empty() || tgt_lang.empty())
    throw UsageError("no languages: give SRC_LANG and TGT_LANG columns or --src-lang and "
                     "--tgt-lang");
  canonicalise_language(src_lang, "SRC_LANG", false, true);
  canonicalise_language(tgt_lang, "TGT_LANG", false, true);
  if (output == "-") throw UsageError("batch writes files: the output cannot be '-'");
  if (src_path == "-" || tgt_path == "-")
    throw UsageError("batch reads files: an input cannot be '-'");
  std::string format = settings.format;
  if (!format.empty() && format != "moses") {
    // jsonl written to x.tmx would be read by the next tool as TMX: say so, write it anyway.
    const std::string implied = format_from_extension(output);
    if (!implied.empty() && implied != format)
      warnings.push_back(display_name(output) + ": written as " + format +
                         " (--format), but its extension says " + implied);
  }
  if (format.empty()) {
    format = format_from_extension(output);
    if (format.empty())
      throw UsageError("cannot tell the format of '" + output +
                       "' from its extension (.tmx, .tsv, .jsonl, .beads, .txt, .xces, .xml, "
                       ".ladder, .html); give --format");
  }
  const std::unique_ptr<AlignmentWriter> writer = make_writer(format);
  check_filters(*writer, format, settings.has_min_score, settings.keep_unmatched);
  std::vector<std::string> outputs{output};
  // Moses outputs are named by language: an "auto" one is known only once the text is read.
  const bool outputs_known = format != "moses" || (src_lang != "auto" && tgt_lang != "auto");
  if (format == "moses") outputs = {output + "." + src_lang, output + "." + tgt_lang};
  if (outputs_known)
    for (const std::string& out : outputs) check_output_is_not_input(out, {src_path, tgt_path});
  if (settings.skip_existing && outputs_known) {
    bool all_exist = true;
    for (const std::string& out : outputs) all_exist = all_exist && file_exists(out);
    if (all_exist) return Outcome::kSkipped;
  }

  if (!settings.pair.presplit)
    for (const std::string* lang : {&src_lang, &tgt_lang})
      if (std::string w = *lang == "auto" ? "" : splitting_warning(*lang); !w.empty())
        warnings.push_back(std::move(w));
  PairOptions pair_options = settings.pair;
  pair_options.src_lang = src_lang;
  pair_options.tgt_lang = tgt_lang;
  pair_options.align.dictionary = dictionary;
  pair_options.align.two_threads = false;  // parallelism is across pairs here
  pair_options.align.keep_band = format == "html";  // the report plots the search band
  const AlignedPair pair = align_files(src_path, tgt_path, pair_options);
  if (!outputs_known) {
    outputs = {output + "." + pair.src_lang, output + "." + pair.tgt_lang};
    for (const std::string& out : outputs) check_output_is_not_input(out, {src_path, tgt_path});
  }
  if (!settings.pair.presplit)
    for (const auto& [declared, used] : {std::pair{&src_lang, &pair.src_lang}, {&tgt_lang, &pair.tgt_lang}})
      if (std::string w = *declared == "auto" ? splitting_warning(*used) : ""; !w.empty())
        warnings.push_back(std::move(w));
  // A manifest names outputs in folders per language or project: make the missing ones.
  for (const std::string& out : outputs) {
    const std::filesystem::path parent = std::filesystem::path(out).parent_path();
    std::error_code error;
    if (!parent.empty() && !std::filesystem::exists(parent, error) &&
        !std::filesystem::create_directories(parent, error) && error)
      throw Error(ErrorKind::kData, out, "cannot create its folder: " + error.message());
  }
  for (std::string& w : pair_warnings(pair, src_path, tgt_path)) warnings.push_back(std::move(w));
  const AlignedDocuments documents{pair.src,
                                   pair.tgt,
                                   pair.alignment,
                                   pair.src_lang,
                                   pair.tgt_lang,
                                   settings.min_score,
                                   settings.keep_unmatched,
                                   settings.creation_date,
                                   display_name(src_path),
                                   display_name(tgt_path),
                                   &pair.src_codes,
                                   &pair.tgt_codes};
  for (std::string& w : write_warnings(writer->write(documents, output), format))
    warnings.push_back(std::move(w));
  return Outcome::kAligned;
}

// Reads the manifest's items (comments and blank lines skipped). Throws Error(kData) if it cannot
// be read.
std::vector<Item> read_manifest(const std::string& path) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) throw Error(ErrorKind::kData, path, "cannot open the manifest");
    in = &file;
  }
  std::vector<Item> items;
  std::string line;
  size_t number = 0;
  while (std::getline(*in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (is_blank(line) || line.front() == '#') continue;
    items.push_back(Item{number, split_tabs(line)});
  }
  if (in->bad()) throw Error(ErrorKind::kData, path, "cannot read the manifest");
  return items;
}

// Parses "K/N" with 0 <= K < N. Throws UsageError.
std::pair<size_t, size_t> parse_shard(const std::string& shard) {
  const size_t slash = shard.find('/');
  size_t k = 0, n = 0;
  const char* end = shard.data() + shard.size();
  if (slash == std::string::npos ||
      std::from_chars(shard.data(), shard.data() + slash, k).ptr != shard.data() + slash ||
      slash == 0 || slash + 1 == shard.size() ||
      std::from_chars(shard.data() + slash + 1, end, n).ptr != end || n == 0 || k >= n)
    throw UsageError("--shard must be K/N with 0 <= K < N, not '" + shard + "'");
  return {k, n};
}

}  // namespace

int run_batch(const std::vector<std::string>& args) {
  std::string manifest_path, src_lang, tgt_lang, format, dict_path, date, shard, progress_mode,
      lexicon_in_path, lexicon_out_path, sync_mode;
  double min_score = 0.0;
  int jobs = 0;
  po::options_description options("Options");
  options.add_options()
      ("help,h", "show this help")
      ("src-lang,s", po::value(&src_lang), "source language for lines without languages (or auto: guessed from the text)")
      ("tgt-lang,t", po::value(&tgt_lang), "target language for lines without languages")
      ("format,f", po::value(&format),
       "output format for every line (as in 'talign align'); default: from the output's "
       "extension (.tmx, .tsv, .jsonl, .beads, .txt = text, .xces/.xml = xces, .ladder, "
       ".html = review report); "
       "moses needs --format moses (OUTPUT is the prefix)")
      ("jobs,j", po::value(&jobs), "worker threads (default: the number of processors)")
      ("skip-existing", "skip pairs whose output exists already (moses: both files)")
      ("sync", po::value(&sync_mode)->default_value("end"),
       "end: outputs renamed into place as they finish, one sync of the disk at the end "
       "(a machine crash during the run can leave this run's outputs empty); each: every "
       "output synced before its rename, as 'talign align' does (about 0.4 ms a file)")
      ("shard", po::value(&shard), "K/N: only manifest items K, K+N, K+2N, ... (from 0)")
      ("keep-unmatched", "tmx, tsv, moses: also write unmatched sentences (one-sided units)")
      ("date", po::value(&date), "tmx creation date, YYYYMMDDThhmmssZ or YYYY-MM-DD "
       "(default: SOURCE_DATE_EPOCH, else now)")
      ("min-score", po::value(&min_score), "text, tmx, tsv, moses: leave out beads scoring below this")
      ("verbose,v", "also a line per pair aligned or skipped (warnings are printed anyway)")
      ("lexicon-out", po::value(&lexicon_out_path),
       "first train one lexicon over all pairs (Moore), write it here, align every pair with it")
      ("lexicon-in", po::value(&lexicon_in_path), "align every pair with this lexicon (TSV)")
      ("progress", po::value(&progress_mode)->default_value("auto"),
       "never, auto (on a terminal, for runs over a second) or always: pairs done, ETA")
      ("quiet,q", "no warnings on stderr (failures and the summary are still printed)");
  add_model_options(options, dict_path);
  po::options_description hidden;
  hidden.add_options()("manifest", po::value(&manifest_path), "manifest file");
  po::positional_options_description positionals;
  positionals.add("manifest", 1);
  po::variables_map vm;
  const std::string usage =
      "Usage: talign batch [options] MANIFEST|-\n"
      "Aligns every document pair listed in MANIFEST, one per line:\n"
      "  SOURCE<TAB>TARGET<TAB>OUTPUT[<TAB>SRC_LANG<TAB>TGT_LANG]\n"
      "('#' comments and blank lines are skipped; relative paths are relative to the current\n"
      "directory). Each output is what 'talign align' writes with the same options. A failing\n"
      "pair is reported as 'talign: MANIFEST:LINE: error' and the others go on; the last line\n"
      "on stderr sums up. Exit 3 if any pair failed.";
  if (!parse_command(args, options, hidden, positionals, usage, vm, true)) return kOk;
  lowercase_format(format);
  if (manifest_path.empty()) throw UsageError("missing MANIFEST ('-' for standard input)");
  if (vm.count("dict")) check_not_empty(dict_path, "--dict");
  canonicalise_language(src_lang, "--src-lang", true, true);
  canonicalise_language(tgt_lang, "--tgt-lang", true, true);
  if (!(min_score >= 0.0 && min_score <= 1.0)) throw UsageError("--min-score must be in [0, 1]");
  if (vm.count("jobs") && jobs < 1) throw UsageError("--jobs must be at least 1");
  if (sync_mode != "end" && sync_mode != "each")
    throw UsageError("--sync must be end or each, not '" + sync_mode + "'");
  set_sync_each_output(sync_mode == "each");
  if (vm.count("format")) {
    check_filters(*make_writer(format), format, vm.count("min-score") > 0,
                  vm.count("keep-unmatched") > 0);
  }
  if (vm.count("date") && date.empty()) throw UsageError("--date needs a date");
  std::pair<size_t, size_t> shard_of{0, 1};
  if (vm.count("shard")) shard_of = parse_shard(shard);

  BatchSettings settings;
  settings.src_lang = src_lang;
  settings.tgt_lang = tgt_lang;
  settings.format = format;
  settings.min_score = min_score;
  settings.has_min_score = vm.count("min-score") > 0;
  settings.keep_unmatched = vm.count("keep-unmatched") > 0;
  settings.skip_existing = vm.count("skip-existing") > 0;
  settings.warn = !quiet;
  settings.verbose = vm.count("verbose") > 0 && !quiet;
  settings.creation_date = tmx_creation_date(date);
  apply_model_options(vm, settings.pair);
  std::optional<Dictionary> dictionary;
  if (!dict_path.empty()) dictionary = Dictionary::load(dict_path);
  if (vm.count("lexicon-in")) check_not_empty(lexicon_in_path, "--lexicon-in");
  if (vm.count("lexicon-out")) check_not_empty(lexicon_out_path, "--lexicon-out");
  if (!lexicon_in_path.empty() && !lexicon_out_path.empty())
    throw UsageError("--lexicon-in and --lexicon-out exclude each other");
  if ((!lexicon_in_path.empty() || !lexicon_out_path.empty()) && vm.count("no-lexicon"))
    throw UsageError("--no-lexicon leaves no use for a lexicon file");
  std::string corpus_lexicon;
  if (!lexicon_in_path.empty()) corpus_lexicon = read_document(lexicon_in_path).text;

  const auto start = std::chrono::steady_clock::now();
  std::vector<Item> items;
  {
    std::vector<Item> all = read_manifest(manifest_path);
    for (size_t i = 0; i < all.size(); ++i)
      if (i % shard_of.second == shard_of.first) items.push_back(std::move(all[i]));
  }
  if (!vm.count("jobs")) jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const size_t workers = std::max<size_t>(1, std::min<size_t>(jobs, items.size()));
  // An explicit --max-memory is per pair, so that outputs do not depend on -j; the default
  // (half of RAM) is shared by the workers, each holding one pair at a time.
  if (!vm.count("max-memory")) settings.pair.max_memory /= workers;

  if (!lexicon_out_path.empty()) {
    // First pass (Moore): align every pair on its own, pool the confident 1-1 pairs of all,
    // train one lexicon on them. Pairs that fail here fail again, with a message, below.
    std::vector<std::vector<std::pair<std::string, std::string>>> pooled(items.size());
    std::atomic<size_t> next_item{0};
    auto gather = [&] {
      for (size_t i = next_item++; i < items.size(); i = next_item++) {
        const std::vector<std::string>& fields = items[i].fields;
        if (fields.size() < 3) continue;
        try {
          PairOptions options = settings.pair;
          // "auto" stays auto; a bad tag fails below with a message.
          const auto item_language = [](const std::string& lang) -> std::optional<std::string> {
            return is_auto_language(lang) ? std::optional<std::string>("auto")
                                          : canonical_language_tag(lang);
          };
          const auto item_src = item_language(fields.size() >= 5 ? fields[3] : src_lang);
          const auto item_tgt = item_language(fields.size() >= 5 ? fields[4] : tgt_lang);
          if (!item_src || !item_tgt) continue;
          options.src_lang = *item_src;
          options.tgt_lang = *item_tgt;
          options.check_languages = false;  // warned about in the second pass
          options.align.two_threads = false;
          options.align.dictionary = dictionary ? &*dictionary : nullptr;
          pooled[i] = confident_pairs(align_files(fields[0], fields[1], options),
                                      options.align.train_min_posterior);
        } catch (const std::exception&) {
        }
      }
    };
    std::vector<std::thread> gatherers;
    for (size_t t = 1; t < workers; ++t) gatherers.emplace_back(gather);
    gather();
    for (std::thread& thread : gatherers) thread.join();
    std::vector<std::pair<std::string, std::string>> all_pairs;
    for (auto& pairs : pooled) all_pairs.insert(all_pairs.end(), pairs.begin(), pairs.end());
    corpus_lexicon = train_corpus_lexicon(all_pairs, settings.pair.align);
    OutputFile lexicon(lexicon_out_path);
    lexicon.write(corpus_lexicon);
    lexicon.commit();
    if (!quiet)
      std::cerr << "talign: batch: lexicon trained on " << all_pairs.size() << " sentence pairs of "
                << items.size() << " documents -> " << lexicon_out_path << "\n";
  }
  if (!corpus_lexicon.empty() || !lexicon_in_path.empty()) {
    settings.pair.align.lexicon_in = &corpus_lexicon;
    settings.pair.align.lexicon_in_name = lexicon_in_path.empty() ? lexicon_out_path : lexicon_in_path;
  }

  Reporter reporter(display_name(manifest_path));
  std::atomic<size_t> next{0}, aligned{0}, skipped{0}, failed{0};
  ProgressMeter meter(progress_mode, "batch: pairs done");
  std::mutex progress_mutex;
  size_t done = 0;
  auto work = [&] {
    // Every worker has its own copy of the shared objects.
    std::optional<Dictionary> own_dictionary = dictionary;
    const Dictionary* dict = own_dictionary ? &*own_dictionary : nullptr;
    for (size_t i = next++; i < items.size(); i = next++) {
      const Item& item = items[i];
      std::vector<std::string> warnings;
      std::string error;
      Outcome outcome = Outcome::kFailed;
      try {
        outcome = process_item(item, settings, dict, warnings);
      } catch (const std::bad_alloc&) {
        error = "out of memory";
      } catch (const std::exception& e) {  // Error, UsageError, po::error
        error = e.what();
      }
      if (settings.warn)
        for (const std::string& warning : warnings) reporter.line(item.line, warning);
      if (settings.verbose && outcome != Outcome::kFailed)
        reporter.line(item.line, outcome == Outcome::kSkipped ? "skipped (output exists)" : "aligned");
      if (outcome == Outcome::kFailed) {
        reporter.line(item.line, error);
        ++failed;
      } else if (outcome == Outcome::kSkipped) {
        ++skipped;
      } else {
        ++aligned;
      }
      {
        const std::lock_guard<std::mutex> lock(progress_mutex);
        meter.update(double(++done) / double(items.size()));
      }
    }
  };
  std::vector<std::thread> threads;
  for (size_t t = 1; t < workers; ++t) threads.emplace_back(work);
  work();
  for (std::thread& thread : threads) thread.join();
  if (sync_mode == "end") sync_outputs();

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char time_text[32];
  std::snprintf(time_text, sizeof time_text, "%.2f", seconds);
  std::cerr << "talign: batch: " << items.size() << " pairs, " << aligned << " aligned, "
            << skipped << " skipped, " << failed << " failed, " << time_text << " s\n";
  return failed ? kSomeFailed : kOk;
}

}  // namespace talign::cli

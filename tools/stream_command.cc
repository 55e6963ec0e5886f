// talign stream: a filter for distributed engines (Hadoop Streaming, Spark RDD.pipe, Beam,
// GNU Parallel --pipe). One JSON record per input line in, one JSON line per record out, in
// order; a bad record becomes an error line and the stream goes on.
#include <charconv>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "align/split/language_tag.h"
#include "align/write/escape.h"
#include "align/align/aligner.h"
#include "align/align/dictionary.h"
#include "align/align/pipeline.h"
#include "align/common/error.h"
#include "align/input/document.h"
#include "align/split/language_data.h"
#include "align/write/alignment_writer.h"
#include "tools/cli.h"
#include "tools/stream_command.h"

namespace talign::cli {

namespace {

// ordered_json: an echoed id object keeps its key order, and beads list their fields in the
// order of 'talign align --format jsonl'.
using json = nlohmann::ordered_json;

// A record that cannot be aligned; its message goes into the error line.
struct RecordError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The string field `key` of `record`, or nullopt when absent or null; RecordError if it is
// present with another type.
std::optional<std::string> string_field(const json& record, const char* key) {
  const auto it = record.find(key);
  if (it == record.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw RecordError(std::string("\"") + key + "\" is not a string");
  return it->get<std::string>();
}

// The record's text `key` decoded as a file would be (NFC, LF newlines). NUL bytes are refused
// before decode_document, which would take them for UTF-16.
std::string record_text(const json& record, const char* key) {
  const std::optional<std::string> text = string_field(record, key);
  if (!text) throw RecordError(std::string("missing \"") + key + "\" (a string)");
  const size_t nul = text->find('\0');
  if (nul != std::string::npos)
    throw RecordError(std::string("\"") + key + "\" contains a NUL character at byte " +
                      std::to_string(nul));
  return decode_document(*text, key).text;
}

std::string record_language(const json& record, const char* key, const std::string& fallback,
                            const char* option) {
  std::string lang = string_field(record, key).value_or(fallback);
  if (lang.empty())
    throw RecordError(std::string("no \"") + key + "\" in the record and no " + option +
                      " default");
  if (is_auto_language(lang)) return "auto";
  const std::optional<std::string> canonical = canonical_language_tag(lang);
  if (!canonical)
    throw RecordError(std::string("\"") + key + "\": '" + lang +
                      "' is not a language tag with an ISO 639 language (e.g. en, de-CH, "
                      "zh-Hans, fra)");
  return *canonical;
}

// The score as talign align --format jsonl prints it (3 decimals), as a JSON number.
double rounded_score(float score) {
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, static_cast<double>(score),
                                 std::chars_format::fixed, 3);
  double value = 0;
  std::from_chars(buffer, end.ptr, value);
  return value;
}

// Aligns one parsed record; fills `out` with "beads" or throws RecordError / Error.
void align_record(const json& record, StreamSettings& settings, json& out) {
  const std::string src_text = record_text(record, "src");
  const std::string tgt_text = record_text(record, "tgt");
  if (src_text.find_first_not_of(" \t\n") == std::string::npos &&
      tgt_text.find_first_not_of(" \t\n") == std::string::npos)
    throw RecordError("both \"src\" and \"tgt\" are empty");
  PairOptions options = settings.pair;
  options.src_lang = record_language(record, "src_lang", settings.src_lang, "-s");
  options.tgt_lang = record_language(record, "tgt_lang", settings.tgt_lang, "-t");
  if (!options.presplit)
    for (const std::string* lang : {&options.src_lang, &options.tgt_lang})
      if (const std::string w = *lang == "auto" ? "" : splitting_warning(*lang);
          !w.empty() && settings.warned_languages.insert(*lang).second)
        warn(w);
  const AlignedPair pair = align_texts(src_text, tgt_text, options, "src", "tgt");
  for (const LanguageProblem& problem : pair.language_problems)
    warn("record " + out["id"].dump() + ": " + problem.file + ": " + problem.message);
  options.src_lang = pair.src_lang;
  options.tgt_lang = pair.tgt_lang;
  json beads = json::array();
  size_t controls = 0;
  for (const Bead& b : pair.alignment.beads) {
    // As --format jsonl: a bead of paragraph markers alone is no text.
    if (text_sentences(pair.src, b.src_begin, b.src_count) == 0 &&
        text_sentences(pair.tgt, b.tgt_begin, b.tgt_count) == 0)
      continue;
    json src_ids = json::array(), tgt_ids = json::array();
    for (uint32_t k = 0; k < b.src_count; ++k) src_ids.push_back(b.src_begin + k);
    for (uint32_t k = 0; k < b.tgt_count; ++k) tgt_ids.push_back(b.tgt_begin + k);
    json bead = json::object();
    bead["src_ids"] = std::move(src_ids);
    bead["tgt_ids"] = std::move(tgt_ids);
    std::string src = join_sentences(pair.src, b.src_begin, b.src_count, options.src_lang);
    std::string tgt = join_sentences(pair.tgt, b.tgt_begin, b.tgt_count, options.tgt_lang);
    controls += replace_controls(src) + replace_controls(tgt);
    bead["src"] = std::move(src);
    bead["tgt"] = std::move(tgt);
    bead["score"] = b.score >= 0 ? json(rounded_score(b.score)) : json(nullptr);
    beads.push_back(std::move(bead));
  }
  out["beads"] = std::move(beads);
  if (controls)
    warn("record " + out["id"].dump() + ": " + std::to_string(controls) +
         " control character(s) written as U+FFFD");
}

}  // namespace

std::string process_line(const std::string& line, StreamSettings& settings) {
  json out = json::object();
  out["id"] = nullptr;
  try {
    const json record = json::parse(line);  // accepts valid UTF-8 only
    if (!record.is_object()) throw RecordError("the record is not a JSON object");
    if (const auto it = record.find("id"); it != record.end()) out["id"] = *it;
    align_record(record, settings, out);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const json::parse_error& e) {
    out["error"] = std::string("invalid JSON: ") + e.what();
  } catch (const std::exception& e) {  // RecordError, talign::Error, json::exception
    out["error"] = e.what();
  }
  // A parse error message may quote invalid bytes: replace them rather than throw (type_error
  // 316). Record texts were validated already, so replacement never changes a bead.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

int run_stream(const std::vector<std::string>& args) {
  StreamSettings settings;
  std::string dict_path, lexicon_in_path;
  po::options_description options("Options");
  options.add_options()
      ("help,h", "show this help")
      ("src-lang,s", po::value(&settings.src_lang), "source language for records without \"src_lang\" (or auto: guessed from the text)")
      ("tgt-lang,t", po::value(&settings.tgt_lang), "target language for records without \"tgt_lang\"")
      ("lexicon-in", po::value(&lexicon_in_path), "use this translation table instead of training")
      ("quiet,q", "no warnings on stderr");
  add_model_options(options, dict_path);
  po::options_description hidden;
  po::positional_options_description positionals;
  po::variables_map vm;
  const std::string usage =
      "Usage: talign stream [options] < RECORDS.jsonl > RESULTS.jsonl\n"
      "A filter for Hadoop Streaming, Spark RDD.pipe, Beam or 'parallel --pipe': reads one JSON\n"
      "record per line, {\"id\":..,\"src\":\"..\",\"tgt\":\"..\",\"src_lang\":\"..\",\"tgt_lang\":\"..\"}\n"
      "(id: any JSON value, echoed; languages default to -s/-t), and writes one line per input\n"
      "line, in order, flushed at once: {\"id\":..,\"beads\":[..]} with the beads of\n"
      "'talign align --format jsonl', or {\"id\":..,\"error\":\"..\"} for a record that cannot be\n"
      "aligned (id null when unknown). Bad records do not stop the stream: the exit code is 0\n"
      "even when some records failed; look for \"error\" lines.";
  if (!parse_command(args, options, hidden, positionals, usage, vm)) return kOk;
  for (const auto& [value, option] :
       {std::pair{&dict_path, "--dict"}, std::pair{&lexicon_in_path, "--lexicon-in"}})
    if (vm.count(option + 2)) check_not_empty(*value, option);
  canonicalise_language(settings.src_lang, "--src-lang", true, true);
  canonicalise_language(settings.tgt_lang, "--tgt-lang", true, true);
  if (vm.count("src-lang") && settings.src_lang.empty()) throw UsageError("-s needs a language");
  if (vm.count("tgt-lang") && settings.tgt_lang.empty()) throw UsageError("-t needs a language");

  PairOptions& pair = settings.pair;
  apply_model_options(vm, pair);
  std::optional<Dictionary> dictionary;
  if (!dict_path.empty()) {
    dictionary = Dictionary::load(dict_path);
    pair.align.dictionary = &*dictionary;
  }
  std::string lexicon_in;
  if (!lexicon_in_path.empty()) {
    lexicon_in = read_document(lexicon_in_path).text;
    pair.align.lexicon_in = &lexicon_in;
    pair.align.lexicon_in_name = lexicon_in_path;
  }

  std::string line;
  while (std::getline(std::cin, line)) {
    // Flushed per line: a pipe consumer sees each result as soon as it is ready.
    std::cout << process_line(line, settings) << '\n' << std::flush;
    if (!std::cout) throw Error(ErrorKind::kOutput, "-", "cannot write to standard output");
  }
  if (std::cin.bad()) throw Error(ErrorKind::kData, "-", "cannot read standard input");
  return kOk;
}

}  // namespace talign::cli

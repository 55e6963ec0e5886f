// talign: the command line. It parses options, calls the library and maps errors to exit codes;
// all the work is in align/.
#include <boost/program_options.hpp>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

#include "align/common/error.h"
#include "align/common/version.h"
#include "align/input/document.h"
#include "align/split/language_data.h"
#include "align/split/splitter.h"
#include "align/split/srx.h"
#include "align/write/output_file.h"

namespace po = boost::program_options;

namespace {

enum ExitCode { kOk = 0, kDataError = 1, kUsageError = 2, kSomeFailed = 3 };

constexpr const char* kExitCodes =
    "Exit codes:\n"
    "  0  success\n"
    "  1  data error: unreadable, empty or invalid input (bad UTF-8, binary), unwritable output\n"
    "  2  usage error: unknown command or option, missing or bad option value\n"
    "  3  some items of a batch failed (the others were written)\n";

// A usage error found by the tool itself (as opposed to Boost's parser).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool quiet = false;

void warn(const std::string& message) {
  if (!quiet) std::cerr << "talign: " << message << '\n';
}

int run_split(const std::vector<std::string>& args) {
  std::string lang, input, output, srx_path, srx_lang;
  po::options_description options("Options");
  options.add_options()
      ("help,h", "show this help")
      ("lang,l", po::value(&lang)->required(), "language of the text (BCP-47: en, de, zh, ar, ...)")
      ("output,o", po::value(&output)->default_value("-"), "output file ('-' = stdout)")
      ("no-paragraphs", "do not print an empty line between paragraphs")
      ("srx", po::value(&srx_path), "SRX 2.0 file whose rules override the built-in ones")
      ("srx-lang", po::value(&srx_lang), "language to look up in the SRX file (default: --lang)")
      ("quiet,q", "no warnings on stderr");
  po::options_description hidden;
  hidden.add_options()("input", po::value(&input)->default_value("-"), "input file");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positionals;
  positionals.add("input", 1);
  po::variables_map vm;
  const std::string usage =
      "Usage: talign split --lang LANG [FILE|-] [-o OUT]\n"
      "Splits a document into sentences: one per line, an empty line between paragraphs.\n"
      "A blank line in the input ends a paragraph; other line breaks inside a paragraph are\n"
      "folded into spaces unless the line stands on its own (a short line, a list item).";
  po::store(po::command_line_parser(args).options(all).positional(positionals).run(), vm);
  if (vm.count("help")) {
    std::cout << usage << "\n\n" << options << "\n" << kExitCodes;
    return kOk;
  }
  po::notify(vm);
  if (vm.count("quiet")) quiet = true;
  if (!talign::is_language_tag(lang))
    throw UsageError("--lang '" + lang + "' is not a language tag (e.g. en, de-CH, zh-Hans)");
  if (vm.count("srx-lang") && srx_path.empty()) throw UsageError("--srx-lang needs --srx");

  std::optional<talign::SrxRules> srx;
  if (!srx_path.empty()) {
    srx = talign::SrxRules::load(srx_path, srx_lang.empty() ? lang : srx_lang);
    for (const std::string& w : srx->warnings()) warn(w);
  }
  const talign::Document doc = talign::read_document(input);
  const talign::Splitter splitter(lang, srx ? &*srx : nullptr);
  const talign::SentenceList sentences = splitter.split(doc.text);
  if (sentences.empty())
    throw talign::Error(talign::ErrorKind::kData, input, "no text to split (empty input)");

  const bool paragraphs = !vm.count("no-paragraphs");
  talign::OutputFile out(output);
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (paragraphs && i > 0 && sentences.paragraph(i) != sentences.paragraph(i - 1)) out.write("\n");
    out.write(sentences.text(i));
    out.write("\n");
  }
  out.commit();
  return kOk;
}

struct Command {
  const char* name;
  const char* summary;
  std::function<int(const std::vector<std::string>&)> run;
};

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"split", "split a document into sentences, one per line", run_split},
  };
  return list;
}

void print_main_help() {
  std::cout << "talign " << talign::version()
            << " - sentence alignment of translated documents\n\n"
               "Usage: talign COMMAND [OPTIONS] [ARGS]\n"
               "       talign --help | --version\n\n"
               "Commands:\n";
  for (const Command& c : commands()) std::printf("  %-8s %s\n", c.name, c.summary);
  std::cout << "\nRun 'talign COMMAND --help' for a command's options. Files may be '-' for\n"
               "stdin/stdout; data goes to stdout, messages to stderr.\n\n"
            << kExitCodes;
}

void on_signal(int signal) {
  talign::remove_pending_outputs();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGHUP, on_signal);
  std::ios::sync_with_stdio(false);

  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_main_help();
    return kUsageError;
  }
  const std::string name = args.front();
  if (name == "--help" || name == "-h" || name == "help") {
    print_main_help();
    return kOk;
  }
  if (name == "--version" || name == "-V") {
    std::cout << "talign " << talign::version() << '\n';
    return kOk;
  }
  const Command* command = nullptr;
  for (const Command& c : commands())
    if (name == c.name) command = &c;
  if (command == nullptr) {
    std::cerr << "talign: unknown command '" << name << "' (see 'talign --help')\n";
    return kUsageError;
  }
  args.erase(args.begin());
  try {
    return command->run(args);
  } catch (const po::error& e) {
    std::cerr << "talign " << name << ": " << e.what() << " (see 'talign " << name << " --help')\n";
    return kUsageError;
  } catch (const UsageError& e) {
    std::cerr << "talign " << name << ": " << e.what() << " (see 'talign " << name << " --help')\n";
    return kUsageError;
  } catch (const talign::Error& e) {
    std::cerr << "talign: " << e.what() << '\n';
    return e.kind() == talign::ErrorKind::kUsage ? kUsageError : kDataError;
  } catch (const std::bad_alloc&) {
    std::cerr << "talign: out of memory\n";
    return kDataError;
  }
}

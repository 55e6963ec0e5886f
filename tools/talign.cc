// talign: the command line. Each subcommand parses its options, calls the library and maps
// errors to exit codes; all the work is in align/.
#include <csignal>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "align/common/error.h"
#include "align/common/version.h"
#include "align/write/output_file.h"
#include "tools/cli.h"

namespace {

using talign::cli::kDataError;
using talign::cli::kOk;
using talign::cli::kUsageError;

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>&);
};

// Every subcommand, in the order --help lists them.
const Command kCommands[] = {
    {"split", "split a document into sentences, one per line", talign::cli::run_split},
    {"align", "align a document with its translation", talign::cli::run_align},
    {"convert", "convert between TMX, Moses, TSV and JSON Lines", talign::cli::run_convert},
    {"report", "an HTML page to review and correct an alignment", talign::cli::run_report},
    {"eval", "score alignments against gold beads (precision, recall, F1)", talign::cli::run_eval},
    {"batch", "align many document pairs listed in a manifest", talign::cli::run_batch},
    {"stream", "align JSON Lines records from stdin (Hadoop, Spark, GNU Parallel)", talign::cli::run_stream},
};

void print_main_help() {
  std::cout << "talign " << talign::version()
            << " - sentence alignment of translated documents\n\n"
               "Usage: talign COMMAND [OPTIONS] [ARGS]\n"
               "       talign --help | --version\n\n"
               "Commands:\n";
  // Through cout like the rest: with sync_with_stdio(false), printf output would not be in order.
  for (const Command& c : kCommands)
    std::cout << "  " << std::left << std::setw(8) << c.name << ' ' << c.summary << '\n';
  std::cout << "\nRun 'talign COMMAND --help' for a command's options. Files may be '-' for\n"
               "stdin/stdout; data goes to stdout, messages to stderr.\n\n"
            << talign::cli::kExitCodes << "  3  talign batch: some pairs failed (the others were written)\n";
}

// Removes unfinished output files, then dies of the signal as the caller expects.
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
  // Past a file-size limit (ulimit -f) the kernel would kill us with SIGXFSZ and leave the
  // temporary file behind; ignored, the write fails with EFBIG and is reported like a full disk.
  std::signal(SIGXFSZ, SIG_IGN);
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
  for (const Command& c : kCommands)
    if (name == c.name) command = &c;
  if (command == nullptr) {
    std::cerr << "talign: unknown command '" << name << "' (see 'talign --help')\n";
    return kUsageError;
  }
  args.erase(args.begin());
  try {
    return command->run(args);
  } catch (const boost::program_options::error& e) {
    std::cerr << "talign " << name << ": " << e.what() << " (see 'talign " << name << " --help')\n";
    return kUsageError;
  } catch (const talign::cli::UsageError& e) {
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

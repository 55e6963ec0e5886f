#include "tools/cli.h"

#include <sys/stat.h>

#include <iostream>

namespace talign::cli {

const char* const kExitCodes =
    "Exit codes:\n"
    "  0  success\n"
    "  1  data error: unreadable, empty or invalid input (bad UTF-8, binary), unwritable output\n"
    "  2  usage error: unknown command or option, missing or bad option value\n"
    "  3  reserved for batch commands (some items failed); no command uses it yet\n";

bool quiet = false;

void warn(const std::string& message) {
  if (!quiet) std::cerr << "talign: " << message << '\n';
}

bool parse_command(const std::vector<std::string>& args, const po::options_description& visible,
                   const po::options_description& hidden,
                   const po::positional_options_description& positionals,
                   const std::string& usage, po::variables_map& vm) {
  po::options_description all;
  all.add(visible).add(hidden);
  po::store(po::command_line_parser(args).options(all).positional(positionals).run(), vm);
  if (vm.count("help")) {
    std::cout << usage << "\n\n" << visible << "\n" << kExitCodes;
    return false;
  }
  po::notify(vm);
  if (vm.count("quiet")) quiet = true;
  return true;
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

void check_not_empty(const std::string& value, const std::string& option) {
  if (value.empty()) throw UsageError(option + " needs a file name, not an empty string");
}

}  // namespace talign::cli

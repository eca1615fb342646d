// Shared by the `mobilenmt` subcommands: exit codes, argument parsing, error reporting, model loading.
#pragma once

#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "mobilenmt/model.h"

namespace mnmt::cli {

constexpr int kExitOk = 0;
constexpr int kExitEngine = 1;    // an internal failure
constexpr int kExitUsage = 2;     // usage error or bad input
constexpr int kExitBadModel = 3;  // the model file cannot be used

// A command-line mistake; main() prints it with a hint and exits with kExitUsage.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The arguments after the subcommand. Options are taken out by name ("--beam 4" or "--beam=4");
// what is left must be positional.
class Arguments {
 public:
  explicit Arguments(std::vector<std::string> args) : args_(std::move(args)) {}

  std::optional<std::string> take(std::initializer_list<std::string_view> names);
  bool take_flag(std::initializer_list<std::string_view> names);
  int take_int(std::initializer_list<std::string_view> names, int fallback, int min, int max);
  float take_float(std::initializer_list<std::string_view> names, float fallback, float min, float max);
  std::string require(std::initializer_list<std::string_view> names);  // a mandatory option
  // The remaining arguments; throws UsageError for a leftover option or a count outside [min, max].
  std::vector<std::string> positional(size_t min, size_t max);

 private:
  std::vector<std::string> args_;
};

// "mobilenmt: <message>" on stderr.
void report(const std::string& message);
// Loads the model or throws the mnmt::Error; the caller maps it with exit_code().
std::shared_ptr<const Model> load_model(const std::string& path);
int exit_code(const std::exception& e);
// Runs a subcommand body, turning exceptions into a one-line message and an exit code.
int guarded(const char* command, int (*body)(Arguments&), Arguments& args);

}  // namespace mnmt::cli

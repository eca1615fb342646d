#include "cli_common.h"

#include <cmath>
#include <iostream>

#include "mobilenmt/errors.h"

namespace mnmt::cli {
namespace {

bool matches(std::string_view arg, std::initializer_list<std::string_view> names, std::string_view* inline_value) {
  for (std::string_view name : names) {
    if (arg == name) return true;
    if (arg.size() > name.size() && arg.substr(0, name.size()) == name && arg[name.size()] == '=') {
      *inline_value = arg.substr(name.size() + 1);
      return true;
    }
  }
  return false;
}

std::string first_name(std::initializer_list<std::string_view> names) { return std::string(*names.begin()); }

}  // namespace

std::optional<std::string> Arguments::take(std::initializer_list<std::string_view> names) {
  std::optional<std::string> value;
  for (size_t i = 0; i < args_.size();) {
    std::string_view inline_value;
    if (!matches(args_[i], names, &inline_value)) {
      ++i;
      continue;
    }
    if (inline_value.data() != nullptr) {
      value = std::string(inline_value);
      args_.erase(args_.begin() + static_cast<long>(i));
    } else {
      if (i + 1 >= args_.size()) throw UsageError(first_name(names) + " needs a value");
      value = args_[i + 1];
      args_.erase(args_.begin() + static_cast<long>(i), args_.begin() + static_cast<long>(i) + 2);
    }
  }
  return value;
}

bool Arguments::take_flag(std::initializer_list<std::string_view> names) {
  bool found = false;
  for (size_t i = 0; i < args_.size();) {
    bool hit = false;
    for (std::string_view name : names) hit = hit || args_[i] == name;
    if (hit) {
      found = true;
      args_.erase(args_.begin() + static_cast<long>(i));
    } else {
      ++i;
    }
  }
  return found;
}

int Arguments::take_int(std::initializer_list<std::string_view> names, int fallback, int min, int max) {
  const std::optional<std::string> text = take(names);
  if (!text) return fallback;
  size_t used = 0;
  long value = 0;
  try {
    value = std::stol(*text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text->size() || value < min || value > max) {
    throw UsageError(first_name(names) + " must be an integer in " + std::to_string(min) + ".." + std::to_string(max) +
                     ", not '" + *text + "'");
  }
  return static_cast<int>(value);
}

float Arguments::take_float(std::initializer_list<std::string_view> names, float fallback, float min, float max) {
  const std::optional<std::string> text = take(names);
  if (!text) return fallback;
  size_t used = 0;
  float value = NAN;
  try {
    value = std::stof(*text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text->size() || !(value >= min && value <= max)) {
    throw UsageError(first_name(names) + " must be a number in " + std::to_string(min) + ".." + std::to_string(max) +
                     ", not '" + *text + "'");
  }
  return value;
}

std::string Arguments::require(std::initializer_list<std::string_view> names) {
  std::optional<std::string> value = take(names);
  if (!value) throw UsageError("missing " + first_name(names));
  return *value;
}

std::vector<std::string> Arguments::positional(size_t min, size_t max) {
  for (const std::string& a : args_) {
    if (a.size() > 1 && a[0] == '-') throw UsageError("unknown option '" + a + "'");
  }
  if (args_.size() < min) throw UsageError("missing argument");
  if (args_.size() > max) throw UsageError("unexpected argument '" + args_[max] + "'");
  return args_;
}

void report(const std::string& message) { std::cerr << "mobilenmt: " << message << std::endl; }

std::shared_ptr<const Model> load_model(const std::string& path) {
  try {
    return Model::load(path);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kBadModel) throw;
    throw Error(ErrorCode::kBadModel, "cannot load model '" + path + "': " + e.what());
  }
}

int exit_code(const std::exception& e) {
  if (dynamic_cast<const UsageError*>(&e) != nullptr) return kExitUsage;
  const auto* error = dynamic_cast<const Error*>(&e);
  if (error == nullptr) return kExitEngine;
  switch (error->code()) {
    case ErrorCode::kBadModel:
      return kExitBadModel;
    case ErrorCode::kBadInput:
      return kExitUsage;
    case ErrorCode::kAborted:
    case ErrorCode::kEngine:
      return kExitEngine;
  }
  return kExitEngine;
}

int guarded(const char* command, int (*body)(Arguments&), Arguments& args) {
  try {
    return body(args);
  } catch (const UsageError& e) {
    report(std::string(command) + ": " + e.what() + " (see 'mobilenmt --help')");
    return kExitUsage;
  } catch (const std::exception& e) {
    report(e.what());
    return exit_code(e);
  }
}

}  // namespace mnmt::cli

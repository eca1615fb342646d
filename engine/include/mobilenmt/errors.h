// Typed errors of the MobileNMT engine. Every failure the library reports is an mnmt::Error whose
// code says whose fault it is and whose message is one line naming the problem.
#pragma once

#include <stdexcept>
#include <string>

namespace mnmt {

enum class ErrorCode {
  kBadModel,  // the model file or buffer is truncated, foreign, corrupted or inconsistent
  kBadInput,  // the caller's text or arguments cannot be translated (invalid UTF-8, too long, ...)
  kAborted,   // the caller's cancellation flag was raised
  kEngine,    // an internal failure (a bug, or the system refused a resource)
};

// "MODEL_INVALID", "BAD_INPUT", "ABORTED", "ENGINE": the codes of the JS API (design.md §5).
const char* error_code_name(ErrorCode code);

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace mnmt

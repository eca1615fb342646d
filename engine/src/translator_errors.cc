#include "mobilenmt/errors.h"

namespace mnmt {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadModel:
      return "MODEL_INVALID";
    case ErrorCode::kBadInput:
      return "BAD_INPUT";
    case ErrorCode::kAborted:
      return "ABORTED";
    case ErrorCode::kEngine:
      return "ENGINE";
  }
  return "ENGINE";
}

}  // namespace mnmt

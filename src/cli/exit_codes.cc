#include "cli/exit_codes.h"

#include <iostream>

namespace giai::cli {

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case Code::kOk: return 0;
    case Code::kInvalidInput:
    case Code::kPayloadTooLarge:
    case Code::kUnsupportedMediaType:
    case Code::kPreconditionRequired: return 2;
    case Code::kNotFound: return 3;
    case Code::kForbidden:
    case Code::kUnauthenticated:
    case Code::kConsentDenied:
    case Code::kRateLimited: return 4;
    case Code::kConflict:
    case Code::kPreconditionFailed: return 5;
    case Code::kDigestMismatch:
    case Code::kIntegrity: return 6;
    case Code::kUnavailable: return 7;
    case Code::kInternal: return 1;
  }
  return 1;
}

int Fail(const Status& status) {
  std::cerr << "giai: " << status.ToString() << "\n";
  return ExitCodeFor(status);
}

}  // namespace giai::cli

// The one mapping from a Status code to the process exit code of every `giai` subcommand.
//
//   0 success             1 internal error        2 usage / invalid input
//   3 not found           4 forbidden / unauthenticated
//   5 conflict            6 integrity failure (stored data failed verification)
//   7 unavailable (storage locked, port in use, missing key)
#pragma once

#include "core/status.h"

namespace giai::cli {

int ExitCodeFor(const Status& status);

// Prints the status to stderr as "giai: <code>: <message>" and returns its exit code.
int Fail(const Status& status);

}  // namespace giai::cli

// The original file name of an evidence item, made safe to keep and to write into an export
// bundle: the last path component only (no "../", no directories, either slash), no control
// characters, no leading dots, valid UTF-8, at most 200 bytes. The original name can itself be
// identifying ("statement of <name>.pdf"), so the service stores it sealed, like a narrative.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace giai::vault {

// kInvalidInput for invalid UTF-8 or a name with nothing left after sanitising.
Result<std::string> SanitiseFileName(std::string_view name);

}  // namespace giai::vault

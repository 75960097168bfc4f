// Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
// Used wherever text arrives outside JSON (headers, file names), which nlohmann already checks.
#pragma once

#include <string_view>

namespace giai {

bool IsValidUtf8(std::string_view text);

}  // namespace giai

// ISO 3166-1 alpha-2 country codes, as incidents and nationalities record them.
#pragma once

#include <string_view>

namespace giai {

// True for an assigned ISO 3166-1 alpha-2 code (upper case), and for XK (Kosovo), the
// user-assigned code that the UN, the EU and most human-rights databases use.
bool IsCountryCode(std::string_view code);

}  // namespace giai

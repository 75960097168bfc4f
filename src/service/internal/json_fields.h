// Strict readers for the fields of a JSON request body, private to service/.
// Each returns invalid_input naming the offending field, so clients can point at it.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/edtf.h"
#include "core/status.h"

namespace giai::service::internal {

using nlohmann::json;

// Every key of `body` must be in `allowed`.
Status ExpectOnly(const json& body, std::initializer_list<std::string_view> allowed,
                  const std::string& prefix = "");
// A string field; "" when absent or null and not required. UTF-8 validity is checked by the
// JSON parser before this point.
Result<std::string> Text(const json& body, const char* name, bool required, std::size_t max_size,
                         const std::string& prefix = "");
Result<std::string> OneOf(const json& body, const char* name,
                          std::initializer_list<std::string_view> values,
                          std::string_view default_value, const std::string& prefix = "");
Result<bool> Flag(const json& body, const char* name, bool default_value);
Result<std::vector<std::string>> TextList(const json& body, const char* name, std::size_t max_items,
                                          std::size_t max_size, const std::string& prefix = "");
// An EDTF date; nullopt when absent and not required.
Result<std::optional<Edtf>> Date(const json& body, const char* name, bool required,
                                 const std::string& prefix = "");
Result<std::string> CountryField(const json& body, const char* name, bool required,
                                 const std::string& prefix = "");

}  // namespace giai::service::internal

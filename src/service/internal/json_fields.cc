#include "service/internal/json_fields.h"

#include <algorithm>

#include "core/country.h"

namespace giai::service::internal {

namespace {
std::string Where(const std::string& prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
}
}  // namespace

Status ExpectOnly(const json& body, std::initializer_list<std::string_view> allowed,
                  const std::string& prefix) {
  if (!body.is_object()) return InvalidInput("must be a JSON object", prefix);
  for (const auto& [key, value] : body.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return InvalidInput("unknown field", Where(prefix, key));
    }
  }
  return Status::Ok();
}

Result<std::string> Text(const json& body, const char* name, bool required, std::size_t max_size,
                         const std::string& prefix) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) return InvalidInput("is required", Where(prefix, name));
    return std::string();
  }
  if (!it->is_string()) return InvalidInput("must be a string", Where(prefix, name));
  std::string value = it->get<std::string>();
  if (value.size() > max_size) {
    return InvalidInput("is longer than " + std::to_string(max_size) + " bytes",
                        Where(prefix, name));
  }
  if (required && value.empty()) return InvalidInput("must not be empty", Where(prefix, name));
  return value;
}

Result<std::string> OneOf(const json& body, const char* name,
                          std::initializer_list<std::string_view> values,
                          std::string_view default_value, const std::string& prefix) {
  GIAI_ASSIGN_OR_RETURN(std::string v, Text(body, name, default_value.empty(), 64, prefix));
  if (v.empty()) return std::string(default_value);
  if (std::find(values.begin(), values.end(), v) == values.end()) {
    std::string list;
    for (std::string_view a : values) list += (list.empty() ? "" : ", ") + std::string(a);
    return InvalidInput("must be one of " + list, Where(prefix, name));
  }
  return v;
}

Result<bool> Flag(const json& body, const char* name, bool default_value) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return default_value;
  if (!it->is_boolean()) return InvalidInput("must be true or false", name);
  return it->get<bool>();
}

Result<std::vector<std::string>> TextList(const json& body, const char* name, std::size_t max_items,
                                          std::size_t max_size, const std::string& prefix) {
  std::vector<std::string> out;
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array()) return InvalidInput("must be a list", Where(prefix, name));
  if (it->size() > max_items) return InvalidInput("has too many items", Where(prefix, name));
  for (const json& item : *it) {
    if (!item.is_string() || item.get<std::string>().size() > max_size) {
      return InvalidInput("must be a list of strings", Where(prefix, name));
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<std::optional<Edtf>> Date(const json& body, const char* name, bool required,
                                 const std::string& prefix) {
  GIAI_ASSIGN_OR_RETURN(std::string text, Text(body, name, required, 64, prefix));
  if (text.empty()) return std::optional<Edtf>();
  Result<Edtf> date = ParseEdtf(text);
  if (!date.ok()) return InvalidInput(date.status().message(), Where(prefix, name));
  return std::optional<Edtf>(std::move(date).value());
}

Result<std::string> CountryField(const json& body, const char* name, bool required,
                                 const std::string& prefix) {
  GIAI_ASSIGN_OR_RETURN(std::string code, Text(body, name, required, 2, prefix));
  if (!code.empty() && !IsCountryCode(code)) {
    return InvalidInput("is not an ISO 3166-1 alpha-2 code", Where(prefix, name));
  }
  return code;
}

}  // namespace giai::service::internal

#include "core/identity.h"

namespace giai {

namespace {
constexpr std::size_t kMaxText = 4096;
}

Result<Identity> IdentityFromJson(const nlohmann::json& j, const std::string& field) {
  if (!j.is_object()) return InvalidInput("identity must be an object", field);
  Identity out;
  for (auto item = j.begin(); item != j.end(); ++item) {
    // Named variables, not a structured binding: clang 14 cannot capture bindings in lambdas.
    const std::string& key = item.key();
    const nlohmann::json& value = item.value();
    std::string where = field + "." + key;
    auto text = [&](std::string& dest) -> Status {
      if (value.is_null()) return Status::Ok();
      if (!value.is_string()) return InvalidInput("must be a string", where);
      dest = value.get<std::string>();
      if (dest.size() > kMaxText) return InvalidInput("is too long", where);
      return Status::Ok();
    };
    auto list = [&](std::vector<std::string>& dest) -> Status {
      if (value.is_null()) return Status::Ok();
      if (!value.is_array() || value.size() > 64) return InvalidInput("must be a list", where);
      for (const auto& item : value) {
        if (!item.is_string() || item.get<std::string>().size() > kMaxText) {
          return InvalidInput("must be a list of strings", where);
        }
        dest.push_back(item.get<std::string>());
      }
      return Status::Ok();
    };
    if (key == "full_name") {
      GIAI_RETURN_IF_ERROR(text(out.full_name));
    } else if (key == "other_names") {
      GIAI_RETURN_IF_ERROR(list(out.other_names));
    } else if (key == "contact") {
      GIAI_RETURN_IF_ERROR(text(out.contact));
    } else if (key == "address") {
      GIAI_RETURN_IF_ERROR(text(out.address));
    } else if (key == "id_numbers") {
      GIAI_RETURN_IF_ERROR(list(out.id_numbers));
    } else {
      return InvalidInput("unknown field", where);
    }
  }
  return out;
}

nlohmann::json IdentityToJson(const Identity& identity) {
  return {{"full_name", identity.full_name},
          {"other_names", identity.other_names},
          {"contact", identity.contact},
          {"address", identity.address},
          {"id_numbers", identity.id_numbers}};
}

}  // namespace giai

// A person's identity: everything that names, locates or identifies them. It exists in clear
// only in memory; at rest it is sealed by the identity vault (protect/identity_vault.h), and it
// leaves the server only to a user allowed to see it, for a declared purpose, audited.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/status.h"

namespace giai {

struct Identity {
  std::string full_name;                 // any script
  std::vector<std::string> other_names;  // aliases, spellings, other scripts
  std::string contact;                   // phone, messaging handle, e-mail
  std::string address;
  std::vector<std::string> id_numbers;  // "passport: X123" style entries

  bool empty() const {
    return full_name.empty() && other_names.empty() && contact.empty() && address.empty() &&
           id_numbers.empty();
  }
};

// Strict: unknown fields and wrong types are invalid_input naming the field (prefixed `field`).
Result<Identity> IdentityFromJson(const nlohmann::json& j, const std::string& field = "identity");
nlohmann::json IdentityToJson(const Identity& identity);

}  // namespace giai

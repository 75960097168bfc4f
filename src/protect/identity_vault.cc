#include "protect/identity_vault.h"

namespace giai::protect {

namespace {
constexpr const char* kField = "identity";
}

Status SealedIdentityVault::Put(store::Tx& tx, const KeyScope& scope, const std::string& person_id,
                                std::int64_t version, const Identity& identity) {
  return ring_.SealField(tx, scope, person_id, kField, version, IdentityToJson(identity).dump());
}

Result<std::optional<Identity>> SealedIdentityVault::Get(store::Tx& tx, const KeyScope& scope,
                                                         const std::string& person_id,
                                                         std::int64_t version) {
  GIAI_ASSIGN_OR_RETURN(std::optional<std::string> plain,
                        ring_.OpenField(tx, scope, person_id, kField, version));
  if (!plain) return std::optional<Identity>();
  nlohmann::json j = nlohmann::json::parse(*plain, nullptr, false);
  if (j.is_discarded()) return Integrity("identity of " + person_id + " is not readable");
  GIAI_ASSIGN_OR_RETURN(Identity identity, IdentityFromJson(j));
  return std::optional<Identity>(std::move(identity));
}

}  // namespace giai::protect

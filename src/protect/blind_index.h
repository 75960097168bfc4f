// BlindIndex: searching persons by name without decrypting identities and without plaintext
// names on disk.
//
// Each token of a person's names (full name and other names) is normalised exactly like record
// linkage does (linkage::Normalizer: NFKC + case folding, BGN/PCGN Cyrillic and ICU Any-Latin
// transliteration, diacritics removed, name particles such as "al"/"bin" dropped), then keyed-
// hashed: "name:" + hex(BLAKE2b-128(index key, "giai/v1|name|" + token)). The index key is
// derived from the organisation key (so it is wrapped by the master key like everything else,
// and differs per organisation). The terms are stored as ordinary record terms of the person
// row; a search hashes the query's tokens the same way and asks for records holding all of
// them.
//
// Leakage (docs/SECURITY.md): whoever reads the database sees, per organisation, which persons
// share a name token and how often each token occurs (equality and frequency), not the tokens.
// "Мухаммад" and "Mukhammad" meet in "mukhammad"; an unvowelled Arabic "محمد" becomes "mhmd"
// and meets only other Arabic spellings.
//
// Thread safety: safe (a normaliser is made per call).
//
// Example:
//   BlindIndex index(ring);
//   GIAI_ASSIGN_OR_RETURN(auto terms, index.IdentityTerms(tx, org_id, identity));
//   GIAI_ASSIGN_OR_RETURN(auto query, index.QueryTerms(tx, org_id, "Mukhammad"));
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/identity.h"
#include "protect/key_ring.h"
#include "store/store.h"

namespace giai::protect {

class BlindIndex {
 public:
  static constexpr std::string_view kTermPrefix = "name:";
  static constexpr std::size_t kMaxTokens = 64;

  explicit BlindIndex(KeyRing& ring) : ring_(ring) {}

  // Distinct terms of every name token of the identity (empty for an identity without names).
  Result<std::vector<std::string>> IdentityTerms(store::Tx& tx, const std::string& org_id,
                                                 const Identity& identity);
  // Terms of a search query; kInvalidInput (field "name") if it has no usable token.
  Result<std::vector<std::string>> QueryTerms(store::Tx& tx, const std::string& org_id,
                                              std::string_view query);
  // The normalised tokens of a name (for tests and documentation): "Мухаммад аль-Хасан" ->
  // {"mukhammad", "khasan"}.
  static Result<std::vector<std::string>> Tokens(std::string_view name);
  static bool IsIndexTerm(std::string_view term) { return term.rfind(kTermPrefix, 0) == 0; }

 private:
  Result<std::vector<std::string>> Terms(store::Tx& tx, const std::string& org_id,
                                         const std::vector<std::string>& names);
  KeyRing& ring_;
};

}  // namespace giai::protect

#include "protect/blind_index.h"

#include <algorithm>
#include <sstream>

#include "crypto/hash.h"
#include "crypto/keyed_hash.h"
#include "linkage/normalize.h"

namespace giai::protect {

Result<std::vector<std::string>> BlindIndex::Tokens(std::string_view name) {
  GIAI_ASSIGN_OR_RETURN(auto normalizer, linkage::Normalizer::Create());
  linkage::NameOptions options;
  options.drop_particles = true;
  GIAI_ASSIGN_OR_RETURN(std::string normal, normalizer->Name(name, options));
  std::vector<std::string> out;
  std::istringstream words(normal);
  for (std::string w; words >> w;) {
    if (w.size() >= 2 && std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
  }
  return out;
}

Result<std::vector<std::string>> BlindIndex::Terms(store::Tx& tx, const std::string& org_id,
                                                   const std::vector<std::string>& names) {
  std::vector<std::string> tokens;
  for (const std::string& name : names) {
    GIAI_ASSIGN_OR_RETURN(std::vector<std::string> more, Tokens(name));
    for (std::string& t : more) {
      if (std::find(tokens.begin(), tokens.end(), t) == tokens.end()) tokens.push_back(t);
    }
  }
  if (tokens.size() > kMaxTokens) tokens.resize(kMaxTokens);
  std::vector<std::string> terms;
  if (tokens.empty()) return terms;
  GIAI_ASSIGN_OR_RETURN(crypto::SecretKey key, ring_.BlindIndexKey(tx, org_id));
  for (const std::string& t : tokens) {
    std::string tag = crypto::KeyedHash(key, "giai/v1|name|" + t, 16);
    terms.push_back(
        std::string(kTermPrefix) +
        crypto::ToHex(std::span(reinterpret_cast<const std::uint8_t*>(tag.data()), tag.size())));
  }
  std::sort(terms.begin(), terms.end());
  return terms;
}

Result<std::vector<std::string>> BlindIndex::IdentityTerms(store::Tx& tx, const std::string& org_id,
                                                           const Identity& identity) {
  std::vector<std::string> names = identity.other_names;
  names.push_back(identity.full_name);
  return Terms(tx, org_id, names);
}

Result<std::vector<std::string>> BlindIndex::QueryTerms(store::Tx& tx, const std::string& org_id,
                                                        std::string_view query) {
  if (query.size() > 200) return InvalidInput("is longer than 200 bytes", "name");
  Result<std::vector<std::string>> terms = Terms(tx, org_id, {std::string(query)});
  if (!terms.ok()) return InvalidInput(terms.status().message(), "name");
  if (terms->empty()) return InvalidInput("has no searchable name token", "name");
  return terms;
}

}  // namespace giai::protect

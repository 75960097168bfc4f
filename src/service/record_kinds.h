// The kinds of documentation record (DESIGN.md §2) and what is specific to each: its id prefix,
// collection name, whether it has a narrative or an identity, and how its fields are validated
// and indexed. Everything else (storage, sealing, audit, versions, lists) is shared by the
// documentation service.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/principal.h"
#include "core/status.h"
#include "core/vocabulary.h"
#include "store/store.h"

namespace giai::service {

struct ValidationContext {
  store::Tx& tx;
  const access::Principal& principal;
  const Vocabulary& vocabulary;
  bool creating = true;  // some rules apply only to new records (re-interview warning)
};

// What a record's fields contribute to the store's filter columns.
struct Derived {
  std::string country;
  std::optional<std::int64_t> earliest, latest;
  std::string parent_id;
  std::vector<std::string> terms;
};

struct KindSpec {
  std::string_view kind;        // "incident"
  std::string_view id_prefix;   // "inc"
  std::string_view collection;  // "incidents" (URL segment)
  bool has_narrative;           // a sealed "narrative" field
  bool has_identity;            // a sealed identity (persons)
  // Validates the record's ordinary fields (no metadata, narrative or identity) strictly and
  // fills `derived`. May check references to other records through ctx.tx.
  Status (*validate)(const nlohmann::json& body, Derived& derived, ValidationContext& ctx);
};

const std::vector<KindSpec>& Kinds();
const KindSpec* FindKindByCollection(std::string_view collection);
const KindSpec* FindKind(std::string_view kind);

}  // namespace giai::service

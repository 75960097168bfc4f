#include "service/documentation_service.h"

#include <algorithm>

#include "access/policy.h"
#include "core/clock.h"
#include "core/edtf.h"
#include "crypto/random.h"
#include "protect/blind_index.h"
#include "service/consent_service.h"
#include "service/shared_reach.h"

namespace giai::service {

namespace {

using access::Action;
using access::Allows;
using access::Principal;
using access::RequestInfo;
using nlohmann::json;

// Fields the server owns: clients may read them but never set them.
constexpr std::string_view kServerFields[] = {
    "id",         "org_id",     "version",   "created_at",    "updated_at",
    "created_by", "date_range", "pseudonym", "has_narrative", "has_identity"};

bool IsServerField(const std::string& key) {
  return std::find(std::begin(kServerFields), std::end(kServerFields), key) !=
         std::end(kServerFields);
}

bool IsReviewPurpose(const RequestInfo& request) {
  return request.purpose.rfind(kRestrictionReviewPurpose, 0) == 0;
}

// The consent purpose of a read of `person_id`'s identity or account. A declared restriction
// review is honoured only for the reviewer the restriction names (refusal: empty optional).
Result<std::optional<Purpose>> ConsentPurpose(store::Tx& tx, const Principal& who,
                                              const RequestInfo& request, const std::string& org_id,
                                              const std::string& person_id, Purpose ordinary) {
  if (!IsReviewPurpose(request)) return std::optional<Purpose>(ordinary);
  GIAI_ASSIGN_OR_RETURN(RestrictionState r, CurrentRestriction(tx, org_id, person_id));
  if (!r.restricted || r.reviewer_id != who.user_id) return std::optional<Purpose>();
  return std::optional<Purpose>(Purpose::kRestrictionReview);
}

Status ForbiddenFor(const Principal& who, Action action, const KindSpec& kind) {
  return Forbidden("role " + std::string(access::RoleName(who.role)) + " may not " +
                   std::string(access::ActionName(action)) + " " + std::string(kind.collection));
}

// A record's API shape: its ordinary fields, then metadata and derived fields.
json Render(const store::RecordRow& row, const KindSpec& kind) {
  json out = json::parse(row.body);
  json sealed = out.value("_sealed", json::object());
  out.erase("_sealed");
  out["id"] = row.id;
  out["org_id"] = row.org_id;
  if (!row.compartment_id.empty()) out["compartment_id"] = row.compartment_id;
  out["version"] = row.version;
  out["created_at"] = row.created_at;
  out["updated_at"] = row.updated_at;
  out["created_by"] = row.created_by;
  if (row.earliest || row.latest) {
    out["date_range"] = {{"earliest", row.earliest ? json(DayToIso(*row.earliest)) : json()},
                         {"latest", row.latest ? json(DayToIso(*row.latest)) : json()}};
  }
  if (kind.has_narrative) out["has_narrative"] = sealed.contains("narrative");
  if (kind.has_identity) out["has_identity"] = sealed.contains("identity");
  return out;
}

// Splits a request body into ordinary fields and the protected/special ones.
struct SplitBody {
  json fields = json::object();
  std::optional<json> narrative;  // string or null
  std::optional<json> identity;   // object or null
  std::optional<json> compartment_id;
};

Result<SplitBody> Split(const json& body, const KindSpec& kind) {
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  SplitBody out;
  for (const auto& [key, value] : body.items()) {
    if (IsServerField(key)) return InvalidInput("is set by the server", key);
    if (key == "narrative" && kind.has_narrative) {
      if (!value.is_string() && !value.is_null()) return InvalidInput("must be a string", key);
      if (value.is_string() &&
          value.get_ref<const std::string&>().size() > DocumentationService::kMaxNarrativeBytes) {
        return InvalidInput("is longer than 1 MiB", key);
      }
      out.narrative = value;
    } else if (key == "identity" && kind.has_identity) {
      out.identity = value;
    } else if (key == "compartment_id") {
      if (!value.is_string() && !value.is_null()) return InvalidInput("must be a string", key);
      out.compartment_id = value;
    } else {
      out.fields[key] = value;
    }
  }
  return out;
}

Result<std::string> CompartmentFor(const Principal& who, const std::optional<json>& requested,
                                   const std::string& current) {
  if (!requested) return current;
  if (requested->is_null() || requested->get<std::string>().empty()) return std::string();
  std::string c = requested->get<std::string>();
  if (std::find(who.compartments.begin(), who.compartments.end(), c) == who.compartments.end()) {
    return InvalidInput("unknown compartment", "compartment_id");
  }
  return c;
}

void ApplyDerived(store::RecordRow& row, Derived&& d) {
  row.country = std::move(d.country);
  row.earliest = d.earliest;
  row.latest = d.latest;
  row.parent_id = std::move(d.parent_id);
  std::sort(d.terms.begin(), d.terms.end());
  d.terms.erase(std::unique(d.terms.begin(), d.terms.end()), d.terms.end());
  row.terms = std::move(d.terms);
}

}  // namespace

Status DocumentationService::AddNameTerms(store::Tx& tx, store::RecordRow& row,
                                          const Identity& identity) {
  protect::BlindIndex index(keys_);
  GIAI_ASSIGN_OR_RETURN(std::vector<std::string> terms,
                        index.IdentityTerms(tx, row.org_id, identity));
  row.terms.insert(row.terms.end(), terms.begin(), terms.end());
  std::sort(row.terms.begin(), row.terms.end());
  row.terms.erase(std::unique(row.terms.begin(), row.terms.end()), row.terms.end());
  return Status::Ok();
}

Result<store::RecordRow> DocumentationService::LoadVisible(store::Tx& tx, const Principal& who,
                                                           const KindSpec& kind,
                                                           const std::string& id) {
  Result<store::RecordRow> row = tx.GetRecord(id);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok() || row->kind != kind.kind ||
      !access::CanSee(who, row->org_id, row->compartment_id)) {
    return NotFound("no " + std::string(kind.kind) + " " + id);
  }
  return row;
}

Status DocumentationService::AuditDenied(const Principal& who, const RequestInfo& request,
                                         const std::string& action, const std::string& id) {
  return store_.Write([&](store::Tx& tx) {
    return tx.AppendAudit(access::AuditEvent(who, action, id, request, "denied"));
  });
}

Result<json> DocumentationService::Create(const Principal& who, const RequestInfo& request,
                                          const KindSpec& kind, const json& body) {
  if (!Allows(who, Action::kWrite, kind.kind)) return ForbiddenFor(who, Action::kWrite, kind);
  GIAI_ASSIGN_OR_RETURN(SplitBody split, Split(body, kind));
  std::optional<Identity> identity;
  if (split.identity && !split.identity->is_null()) {
    GIAI_ASSIGN_OR_RETURN(identity, IdentityFromJson(*split.identity));
  }
  store::RecordRow row;
  row.id = crypto::NewId(kind.id_prefix);
  row.kind = std::string(kind.kind);
  row.org_id = who.org_id;
  GIAI_ASSIGN_OR_RETURN(row.compartment_id, CompartmentFor(who, split.compartment_id, ""));
  row.version = 1;
  row.created_at = row.updated_at = NowRfc3339();
  row.created_by = who.user_id;

  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    ValidationContext ctx{tx, who, vocabulary_};
    Derived derived;
    GIAI_RETURN_IF_ERROR(kind.validate(split.fields, derived, ctx));
    ApplyDerived(row, std::move(derived));
    if (identity) GIAI_RETURN_IF_ERROR(AddNameTerms(tx, row, *identity));
    json stored = split.fields;
    json sealed = json::object();
    if (kind.has_identity) stored["pseudonym"] = "P-" + crypto::RandomBase32(6);
    GIAI_ASSIGN_OR_RETURN(protect::KeyScope scope,
                          protect::KeyScope::ForUser(who, row.org_id, row.compartment_id));
    if (split.narrative && split.narrative->is_string()) {
      GIAI_RETURN_IF_ERROR(keys_.SealField(tx, scope, row.id, "narrative", row.version,
                                           split.narrative->get<std::string>()));
      sealed["narrative"] = row.version;
    }
    if (identity && !identity->empty()) {
      GIAI_RETURN_IF_ERROR(identities_.Put(tx, scope, row.id, row.version, *identity));
      sealed["identity"] = row.version;
    }
    stored["_sealed"] = sealed;
    row.body = stored.dump();
    GIAI_RETURN_IF_ERROR(tx.InsertRecord(row));
    if (ledger_) {
      GIAI_RETURN_IF_ERROR(
          ledger_->CommitRecordVersion(tx, row, ledger::CommitmentKind::kRecordVersion).status());
    }
    return tx.AppendAudit(
        access::AuditEvent(who, std::string(kind.kind) + ".create", row.id, request));
  }));
  return Render(row, kind);
}

Result<json> DocumentationService::Get(const Principal& who, const RequestInfo& request,
                                       const KindSpec& kind, const std::string& id) {
  if (!Allows(who, Action::kRead, kind.kind)) return ForbiddenFor(who, Action::kRead, kind);
  store::RecordRow row;
  bool own = true;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    Result<store::RecordRow> r = LoadVisible(tx, who, kind, id);
    if (!r.ok() && r.status().code() == Code::kNotFound) {
      own = false;
      return Status::Ok();
    }
    GIAI_ASSIGN_OR_RETURN(row, std::move(r));
    return Status::Ok();
  }));
  if (own) return Render(row, kind);
  // Not the caller's: perhaps another organisation's record shared with theirs.
  json out;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(std::optional<SharedRecord> shared, FindShared(tx, who, kind.kind, id));
    if (!shared) return NotFound("no " + std::string(kind.kind) + " " + id);
    out = MarkShared(Render(shared->row, kind), *shared);
    if (kind.has_identity) {
      GIAI_ASSIGN_OR_RETURN(bool identity, SharedIdentityAllowed(tx, who, *shared));
      out["origin"]["identity_disclosed"] = identity;
    }
    return LogShareAccess(tx, who, request, shared->share, std::string(kind.kind) + ".read", id);
  }));
  return out;
}

Result<json> DocumentationService::Update(const Principal& who, const RequestInfo& request,
                                          const KindSpec& kind, const std::string& id,
                                          std::int64_t expected_version, const json& patch) {
  if (!Allows(who, Action::kWrite, kind.kind)) return ForbiddenFor(who, Action::kWrite, kind);
  GIAI_ASSIGN_OR_RETURN(SplitBody split, Split(patch, kind));
  std::optional<Identity> identity;
  if (split.identity && !split.identity->is_null()) {
    GIAI_ASSIGN_OR_RETURN(identity, IdentityFromJson(*split.identity));
  }
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Result<store::RecordRow> visible = LoadVisible(tx, who, kind, id);
    if (!visible.ok() && visible.status().code() == Code::kNotFound) {
      // The recipient of a share knows the record exists: 403, and the owner's record stays.
      GIAI_ASSIGN_OR_RETURN(std::optional<SharedRecord> shared, FindShared(tx, who, kind.kind, id));
      if (shared) return SharedReadOnly(kind.kind, id);
    }
    GIAI_ASSIGN_OR_RETURN(row, std::move(visible));
    if (row.version != expected_version) {
      return Status(Code::kPreconditionFailed, "the record is at version " +
                                                   std::to_string(row.version) +
                                                   "; reload it and apply your change again");
    }
    json stored = json::parse(row.body);
    json sealed = stored.value("_sealed", json::object());
    std::string pseudonym = stored.value("pseudonym", "");
    stored.erase("_sealed");
    stored.erase("pseudonym");
    stored.merge_patch(split.fields);
    GIAI_ASSIGN_OR_RETURN(protect::KeyScope old_scope,
                          protect::KeyScope::ForUser(who, row.org_id, row.compartment_id));
    GIAI_ASSIGN_OR_RETURN(row.compartment_id,
                          CompartmentFor(who, split.compartment_id, row.compartment_id));
    GIAI_ASSIGN_OR_RETURN(protect::KeyScope scope,
                          protect::KeyScope::ForUser(who, row.org_id, row.compartment_id));
    if (old_scope.compartment_id() != scope.compartment_id()) {
      // Moving the record re-wraps its data keys under the new scope's key (payloads are not
      // re-encrypted): the compartment it left no longer holds its keys, and the new reach
      // alone decides who may have them unwrapped.
      for (const char* field : {"narrative", "identity"}) {
        GIAI_RETURN_IF_ERROR(keys_.RewrapField(tx, old_scope, scope, row.id, field));
      }
    }
    ValidationContext ctx{tx, who, vocabulary_, /*creating=*/false};
    Derived derived;
    GIAI_RETURN_IF_ERROR(kind.validate(stored, derived, ctx));
    std::vector<std::string> name_terms;  // the blind index survives updates of other fields
    for (const std::string& t : row.terms) {
      if (protect::BlindIndex::IsIndexTerm(t)) name_terms.push_back(t);
    }
    ApplyDerived(row, std::move(derived));
    if (split.identity) {
      if (identity) GIAI_RETURN_IF_ERROR(AddNameTerms(tx, row, *identity));
    } else {
      row.terms.insert(row.terms.end(), name_terms.begin(), name_terms.end());
      std::sort(row.terms.begin(), row.terms.end());
    }
    const std::int64_t previous = row.version;
    row.version = previous + 1;
    row.updated_at = NowRfc3339();
    if (split.narrative) {
      // null clears the narrative: its ciphertext is replaced by an empty one.
      std::string text = split.narrative->is_string() ? split.narrative->get<std::string>() : "";
      GIAI_RETURN_IF_ERROR(keys_.SealField(tx, scope, row.id, "narrative", row.version, text));
      sealed["narrative"] = row.version;
      if (text.empty()) sealed.erase("narrative");
    }
    if (split.identity) {
      // An identity in a patch replaces the whole identity: merging would need a read of it.
      GIAI_RETURN_IF_ERROR(
          identities_.Put(tx, scope, row.id, row.version, identity.value_or(Identity{})));
      sealed["identity"] = row.version;
      if (!identity || identity->empty()) sealed.erase("identity");
    }
    if (!pseudonym.empty()) stored["pseudonym"] = pseudonym;
    stored["_sealed"] = sealed;
    row.body = stored.dump();
    GIAI_RETURN_IF_ERROR(tx.UpdateRecord(row, previous));
    if (ledger_) {
      GIAI_RETURN_IF_ERROR(
          ledger_->CommitRecordVersion(tx, row, ledger::CommitmentKind::kRecordVersion).status());
    }
    return tx.AppendAudit(
        access::AuditEvent(who, std::string(kind.kind) + ".update", row.id, request));
  }));
  return Render(row, kind);
}

Result<Page> DocumentationService::List(const Principal& who, const KindSpec& kind,
                                        const ListRequest& list) {
  if (!Allows(who, Action::kRead, kind.kind)) return ForbiddenFor(who, Action::kRead, kind);
  if (list.limit < 1 || list.limit > kMaxPageSize) {
    return InvalidInput("must be between 1 and " + std::to_string(kMaxPageSize), "limit");
  }
  store::RecordQuery q;
  q.kind = std::string(kind.kind);
  q.org_id = who.org_id;
  q.compartments = who.compartments;
  q.country = list.country;
  if (!list.from.empty()) {
    Result<std::int64_t> from = ParseIsoDay(list.from);
    if (!from.ok()) return InvalidInput(from.status().message(), "from");
    q.from = *from;
  }
  if (!list.to.empty()) {
    Result<std::int64_t> to = ParseIsoDay(list.to);
    if (!to.ok()) return InvalidInput(to.status().message(), "to");
    q.to = *to;
  }
  if (!list.crime.empty()) q.terms.push_back("crime:" + list.crime);
  if (!list.category.empty()) q.terms.push_back("category:" + list.category);
  if (!list.act_type.empty()) q.terms.push_back("act_type:" + list.act_type);
  if (list.gender_based) q.terms.push_back("gender_based");
  const bool name_search = !list.name.empty();
  if (name_search && (!kind.has_identity || !Allows(who, Action::kReadIdentity, kind.kind))) {
    return Forbidden("searching by name needs the identity permission");
  }
  q.terms_via_children = kind.kind == "incident";
  q.parent_id = list.parent_id;
  q.after_id = list.cursor;
  q.limit = list.limit + 1;  // one more tells whether there is a next page
  q.load_terms = false;      // rendering does not show them: one query per page, not per row
  Page page;
  // org_id: the caller's own records only, or only those another organisation shared.
  const bool want_own = list.org_id.empty() || list.org_id == who.org_id;
  // Blind indexes are keyed per organisation: a name search finds the caller's persons only.
  const bool want_shared = list.org_id != who.org_id && !name_search;
  std::vector<store::RecordRow> own;
  if (want_own && name_search) {
    // Blind-index search: keyed hashes of the query's tokens, matched against the persons'
    // stored terms. Audited, without the query.
    GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
      protect::BlindIndex index(keys_);
      GIAI_ASSIGN_OR_RETURN(std::vector<std::string> terms,
                            index.QueryTerms(tx, who.org_id, list.name));
      q.terms.insert(q.terms.end(), terms.begin(), terms.end());
      GIAI_ASSIGN_OR_RETURN(own, tx.ListRecords(q));
      return tx.AppendAudit(access::AuditEvent(who, "person.search", "", list.request));
    }));
  } else if (want_own) {
    GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
      GIAI_ASSIGN_OR_RETURN(own, tx.ListRecords(q));
      return Status::Ok();
    }));
  }
  // One page from the caller's records and the shared ones, merged by id (ids are unique across
  // organisations). Persons whose processing is restricted, and their testimonies, are left out
  // of lists and name search (they are reached by id); the cursor still advances past them. The
  // one exception is the reviewer the restriction names, listing with the restriction-review
  // purpose (GDPR Art. 18: only the named reviewer sees a restricted item).
  const bool is_testimony = kind.kind == "testimony";
  const bool review = IsReviewPurpose(list.request);
  auto assemble = [&](store::Tx& tx, const std::vector<SharedRecord>& shared) -> Status {
    page = Page();
    struct Entry {
      const store::RecordRow* row;
      const SharedRecord* shared;
    };
    std::vector<Entry> merged;
    for (const store::RecordRow& row : own) merged.push_back({&row, nullptr});
    for (const SharedRecord& sr : shared) {
      if (!list.org_id.empty() && sr.row.org_id != list.org_id) continue;
      merged.push_back({&sr.row, &sr});
    }
    std::sort(merged.begin(), merged.end(),
              [](const Entry& a, const Entry& b) { return a.row->id < b.row->id; });
    if (static_cast<int>(merged.size()) > list.limit) {
      merged.resize(static_cast<std::size_t>(list.limit));
      page.next_cursor = merged.back().row->id;
    }
    std::vector<const store::RecordRow*> logged;  // shares, once each
    for (const Entry& e : merged) {
      const std::string subject = kind.has_identity ? e.row->id
                                  : is_testimony    ? e.row->parent_id
                                                    : "";
      if (!subject.empty()) {
        GIAI_ASSIGN_OR_RETURN(RestrictionState r, CurrentRestriction(tx, e.row->org_id, subject));
        if (r.restricted && !(review && r.reviewer_id == who.user_id)) continue;
      }
      if (!e.shared) {
        page.items.push_back(Render(*e.row, kind));
        continue;
      }
      page.items.push_back(MarkShared(Render(*e.row, kind), *e.shared));
      const std::string& share_id = e.shared->share.id;
      if (std::none_of(logged.begin(), logged.end(),
                       [&](const store::RecordRow* s) { return s->id == share_id; })) {
        logged.push_back(&e.shared->share);
      }
    }
    for (const store::RecordRow* share : logged) {
      GIAI_RETURN_IF_ERROR(LogShareAccess(tx, who, list.request, *share,
                                          std::string(kind.collection) + ".list", ""));
    }
    return Status::Ok();
  };
  std::vector<SharedRecord> shared;
  if (want_shared) {
    GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
      GIAI_ASSIGN_OR_RETURN(shared, ListShared(tx, who, kind.kind, q));
      return Status::Ok();
    }));
  }
  if (shared.empty()) {
    GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) { return assemble(tx, shared); }));
  } else {
    // Shared material on the page: decided again and logged in one write transaction, so a
    // revocation or withdrawal committed in between is seen.
    GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
      GIAI_ASSIGN_OR_RETURN(shared, ListShared(tx, who, kind.kind, q));
      return assemble(tx, shared);
    }));
  }
  return page;
}

Result<json> DocumentationService::ReadNarrative(const Principal& who, const RequestInfo& request,
                                                 const KindSpec& kind, const std::string& id) {
  const std::string action = std::string(kind.kind) + ".narrative.read";
  if (!kind.has_narrative) return NotFound("this kind of record has no narrative");
  // A testimony is the witness's own account: reading it is gated by their consent. The
  // reviewer named by a restriction reads it for the review, whatever their role.
  const bool account = kind.kind == "testimony";
  const bool review = account && IsReviewPurpose(request);
  if (!review && !Allows(who, Action::kReadNarrative, kind.kind)) {
    GIAI_RETURN_IF_ERROR(AuditDenied(who, request, action, id));
    return ForbiddenFor(who, Action::kReadNarrative, kind);
  }
  if (request.purpose.empty()) {
    return InvalidInput("reading a narrative needs a purpose (X-Purpose header)", "X-Purpose");
  }
  json out;
  Status refusal;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow row, LoadVisible(tx, who, kind, id));
    if (account) {
      // In the same transaction as the read: a withdrawal or restriction recorded a moment ago
      // is seen here.
      GIAI_ASSIGN_OR_RETURN(
          std::optional<Purpose> purpose,
          ConsentPurpose(tx, who, request, row.org_id, row.parent_id, Purpose::kNarrativeRead));
      if (!purpose) {
        refusal = Forbidden("only the reviewer named by the restriction may read for a review");
        return Status::Ok();  // audit the refusal below, then refuse
      }
      GIAI_ASSIGN_OR_RETURN(std::optional<Consent> consent,
                            LatestConsent(tx, row.org_id, row.parent_id));
      Decision decision =
          DecideConsent(consent, {*purpose, Recipient::kOwnOrganisation, IdentityLevel::kNone});
      if (!decision.allowed) {
        refusal = Status(Code::kConsentDenied, "consent of the witness: " + decision.reason);
        return Status::Ok();
      }
    }
    json sealed = json::parse(row.body).value("_sealed", json::object());
    std::optional<std::string> text;
    if (sealed.contains("narrative")) {
      GIAI_ASSIGN_OR_RETURN(protect::KeyScope scope,
                            protect::KeyScope::ForUser(who, row.org_id, row.compartment_id));
      GIAI_ASSIGN_OR_RETURN(text, keys_.OpenField(tx, scope, row.id, "narrative",
                                                  sealed["narrative"].get<std::int64_t>()));
    }
    out = {{"id", row.id}, {"version", row.version}, {"narrative", text ? json(*text) : json()}};
    return tx.AppendAudit(access::AuditEvent(who, action, row.id, request));
  }));
  if (!refusal.ok()) {
    GIAI_RETURN_IF_ERROR(AuditDenied(who, request, action, id));
    return refusal;
  }
  return out;
}

Result<json> DocumentationService::ReadIdentity(const Principal& who, const RequestInfo& request,
                                                const std::string& person_id) {
  const KindSpec& kind = *FindKind("person");
  const std::string action = "person.identity.read";
  // The reviewer named by a restriction reads for the review, whatever their role.
  const bool review = IsReviewPurpose(request);
  if (!review && !Allows(who, Action::kReadIdentity, kind.kind)) {
    GIAI_RETURN_IF_ERROR(AuditDenied(who, request, action, person_id));
    return ForbiddenFor(who, Action::kReadIdentity, kind);
  }
  if (request.purpose.empty()) {
    return InvalidInput("reading an identity needs a purpose (X-Purpose header)", "X-Purpose");
  }
  json out;
  Status refusal;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow row, LoadVisible(tx, who, kind, person_id));
    GIAI_ASSIGN_OR_RETURN(
        std::optional<Purpose> purpose,
        ConsentPurpose(tx, who, request, row.org_id, row.id, Purpose::kIdentityRead));
    if (!purpose) {
      refusal = Forbidden("only the reviewer named by the restriction may read for a review");
      return Status::Ok();  // audit the refusal below, then refuse
    }
    // The consent gate, in the same transaction as the read: a withdrawal or restriction
    // recorded a moment ago is seen here.
    GIAI_ASSIGN_OR_RETURN(std::optional<Consent> consent, LatestConsent(tx, row.org_id, row.id));
    Decision decision =
        DecideConsent(consent, {*purpose, Recipient::kOwnOrganisation, IdentityLevel::kFull});
    if (!decision.allowed) {
      refusal = Status(Code::kConsentDenied, decision.reason);
      return Status::Ok();
    }
    json body = json::parse(row.body);
    json sealed = body.value("_sealed", json::object());
    std::optional<Identity> identity;
    if (sealed.contains("identity")) {
      GIAI_ASSIGN_OR_RETURN(protect::KeyScope scope,
                            protect::KeyScope::ForUser(who, row.org_id, row.compartment_id));
      GIAI_ASSIGN_OR_RETURN(
          identity, identities_.Get(tx, scope, row.id, sealed["identity"].get<std::int64_t>()));
    }
    out = {{"id", row.id},
           {"pseudonym", body.value("pseudonym", "")},
           {"version", row.version},
           {"identity", identity ? IdentityToJson(*identity) : json()}};
    return tx.AppendAudit(access::AuditEvent(who, action, row.id, request));
  }));
  if (!refusal.ok()) {
    GIAI_RETURN_IF_ERROR(AuditDenied(who, request, action, person_id));
    return refusal;
  }
  return out;
}

}  // namespace giai::service

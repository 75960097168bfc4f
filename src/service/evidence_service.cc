#include "service/evidence_service.h"

#include <algorithm>
#include <regex>

#include "access/policy.h"
#include "core/clock.h"
#include "crypto/random.h"
#include "service/internal/json_fields.h"
#include "service/shared_reach.h"
#include "vault/file_name.h"
#include "vault/media_type.h"

namespace giai::service {

namespace {

using access::Action;
using access::Allows;
using access::Principal;
using access::RequestInfo;
using nlohmann::json;
namespace in = internal;

constexpr std::string_view kKind = "evidence";
constexpr const char* kContentField = "content";
constexpr const char* kFileNameField = "file_name";

Status ForbiddenTo(const Principal& who, Action action) {
  return Forbidden("role " + std::string(access::RoleName(who.role)) + " may not " +
                   std::string(access::ActionName(action)) + " evidence");
}

// "2026-11-28T18:34:08Z", with optional fraction and offset.
bool IsRfc3339(const std::string& t) {
  static const std::regex kPattern(
      R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}))");
  return std::regex_match(t, kPattern);
}

Result<std::string> Sha256Field(const json& body) {
  GIAI_ASSIGN_OR_RETURN(std::string hex, in::Text(body, "sha256", true, 64));
  std::string raw;
  if (hex.size() != 64 || !crypto::FromHex(hex, raw)) {
    return InvalidInput("must be 64 hexadecimal digits (SHA-256)", "sha256");
  }
  std::transform(hex.begin(), hex.end(), hex.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return hex;
}

Result<std::optional<std::uint64_t>> SizeField(const json& body, std::uint64_t max) {
  auto it = body.find("size");
  if (it == body.end() || it->is_null()) return std::optional<std::uint64_t>();
  if (!it->is_number_unsigned()) return InvalidInput("must be a non-negative integer", "size");
  const auto size = it->get<std::uint64_t>();
  if (size > max) return Status(Code::kPayloadTooLarge, "exceeds the upload limit", "size");
  return std::optional<std::uint64_t>(size);
}

Result<json> AcquisitionField(const json& body) {
  auto it = body.find("acquisition");
  if (it == body.end()) return InvalidInput("is required", "acquisition");
  const json& a = *it;
  const std::string p = "acquisition";
  GIAI_RETURN_IF_ERROR(in::ExpectOnly(
      a, {"method", "acquired_by", "acquired_at", "country", "device", "url", "captured_at"}, p));
  json out = json::object();
  GIAI_ASSIGN_OR_RETURN(
      std::string method,
      in::OneOf(a, "method",
                {"device_capture", "handed_over", "web_capture", "open_source", "other"}, "", p));
  out["method"] = method;
  // Who acquired it: a pseudonymous id (user, person, unit), never a name.
  GIAI_ASSIGN_OR_RETURN(std::string by, in::Text(a, "acquired_by", false, 64, p));
  if (!by.empty()) {
    if (!(by.starts_with("usr_") || by.starts_with("per_") || by.starts_with("unt_"))) {
      return InvalidInput("must be a user, person or unit id", p + ".acquired_by");
    }
    out["acquired_by"] = by;
  }
  GIAI_ASSIGN_OR_RETURN(std::optional<Edtf> at, in::Date(a, "acquired_at", false, p));
  if (at) out["acquired_at"] = a["acquired_at"];
  GIAI_ASSIGN_OR_RETURN(std::string country, in::CountryField(a, "country", false, p));
  if (!country.empty()) out["country"] = country;
  GIAI_ASSIGN_OR_RETURN(std::string device, in::Text(a, "device", false, 200, p));
  if (!device.empty()) out["device"] = device;
  GIAI_ASSIGN_OR_RETURN(std::string url, in::Text(a, "url", method == "web_capture", 2000, p));
  if (!url.empty()) {
    if (!url.starts_with("https://") && !url.starts_with("http://")) {
      return InvalidInput("must be an http(s) URL", p + ".url");
    }
    out["url"] = url;
  }
  GIAI_ASSIGN_OR_RETURN(std::string captured,
                        in::Text(a, "captured_at", method == "web_capture", 40, p));
  if (!captured.empty()) {
    if (!IsRfc3339(captured)) {
      return InvalidInput("must be an RFC 3339 time", p + ".captured_at");
    }
    out["captured_at"] = captured;
  }
  return out;
}

Result<json> DerivationField(const json& body) {
  auto it = body.find("derivation");
  if (it == body.end()) return InvalidInput("is required", "derivation");
  const std::string p = "derivation";
  GIAI_RETURN_IF_ERROR(in::ExpectOnly(*it, {"kind", "tool", "tool_version"}, p));
  GIAI_ASSIGN_OR_RETURN(std::string kind, in::OneOf(*it, "kind",
                                                    {"redacted", "blurred", "transcoded",
                                                     "metadata_stripped", "translated", "other"},
                                                    "", p));
  GIAI_ASSIGN_OR_RETURN(std::string tool, in::Text(*it, "tool", true, 200, p));
  GIAI_ASSIGN_OR_RETURN(std::string version, in::Text(*it, "tool_version", true, 100, p));
  return json{{"kind", kind}, {"tool", tool}, {"tool_version", version}};
}

std::string Canonical(const json& j) { return j.dump(); }  // nlohmann sorts object keys

class Upload final : public ContentUpload {
 public:
  Upload(EvidenceService& service, Principal who, RequestInfo request, store::RecordRow item,
         std::string wrapped_key, std::unique_ptr<vault::BlobWriter> writer)
      : service_(service),
        who_(std::move(who)),
        request_(std::move(request)),
        item_(std::move(item)),
        wrapped_key_(std::move(wrapped_key)),
        writer_(std::move(writer)) {}

  Status Write(std::string_view bytes) override {
    if (writer_->size() + bytes.size() > service_.max_upload_bytes()) {
      writer_->Abort();
      return Status(Code::kPayloadTooLarge, "the file exceeds the upload limit");
    }
    Status st = writer_->Write(bytes);
    if (!st.ok()) writer_->Abort();
    return st;
  }

  Result<json> Finish() override;

 private:
  Status Reject(const Status& why) {
    writer_->Abort();
    (void)service_.store().Write([&](store::Tx& tx) {
      return tx.AppendAudit(
          access::AuditEvent(who_, "evidence.upload", item_.id, request_, "failed"));
    });
    return why;
  }

  EvidenceService& service_;
  Principal who_;
  RequestInfo request_;
  store::RecordRow item_;
  std::string wrapped_key_;
  std::unique_ptr<vault::BlobWriter> writer_;
};

Result<json> Upload::Finish() {
  json body = json::parse(item_.body);
  const std::string declared = body.value("declared_sha256", "");
  const std::string actual = crypto::ToHex(writer_->Digest());
  if (actual != declared) {
    return Reject(Status(Code::kDigestMismatch, "the received bytes have SHA-256 " + actual +
                                                    ", not the declared " + declared));
  }
  if (body.contains("declared_size") &&
      body["declared_size"].get<std::uint64_t>() != writer_->size()) {
    return Reject(InvalidInput("the received size differs from the declared size", "size"));
  }
  const std::string media_type = vault::SniffMediaType(writer_->head());
  const std::uint64_t size = writer_->size();
  // Durable before anything refers to it.
  GIAI_ASSIGN_OR_RETURN(std::string blob, writer_->Commit());

  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(service_.store().Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, tx.GetRecord(item_.id));
    json stored = json::parse(row.body);
    if (stored.value("status", "") != "awaiting_content") {
      return Conflict("the content of this evidence item is already stored (write-once)");
    }
    stored["status"] = "stored";
    stored["sha256"] = actual;
    stored["size"] = size;
    stored["media_type"] = media_type;
    stored["blob"] = blob;
    stored["stored_at"] = NowRfc3339();
    GIAI_RETURN_IF_ERROR(service_.keys().StoreObjectKey(tx, row.id, kContentField, wrapped_key_));
    GIAI_ASSIGN_OR_RETURN(
        std::uint64_t leaf,
        service_.ledger().Commit(tx, ledger::CommitmentKind::kEvidenceIngested, row.id, actual));
    stored["ingest_leaf"] = leaf;
    const std::int64_t previous = row.version;
    row.version = previous + 1;
    row.updated_at = NowRfc3339();
    row.body = stored.dump();
    GIAI_RETURN_IF_ERROR(tx.UpdateRecord(row, previous));
    GIAI_RETURN_IF_ERROR(
        service_
            .RecordCustody(tx, row, "received", who_.user_id, request_,
                           {{"sha256", actual}, {"size", size}, {"media_type", media_type}})
            .status());
    if (stored.contains("parent_id")) {
      GIAI_ASSIGN_OR_RETURN(store::RecordRow parent,
                            tx.GetRecord(stored["parent_id"].get<std::string>()));
      json parent_body = json::parse(parent.body);
      json edge = stored["derivation"];
      edge["child_id"] = row.id;
      edge["child_sha256"] = actual;
      edge["parent_sha256"] = parent_body.value("sha256", "");
      GIAI_RETURN_IF_ERROR(
          service_.RecordCustody(tx, parent, "derived", who_.user_id, request_, edge).status());
    }
    return tx.AppendAudit(access::AuditEvent(who_, "evidence.upload", row.id, request_));
  }));
  return RenderEvidence(row);
}

}  // namespace

json RenderEvidence(const store::RecordRow& row) {
  json out = json::parse(row.body);
  json sealed = out.value("_sealed", json::object());
  out.erase("_sealed");
  out.erase("blob");
  out.erase("declared_sha256");
  out.erase("declared_size");
  out["id"] = row.id;
  out["org_id"] = row.org_id;
  if (!row.compartment_id.empty()) out["compartment_id"] = row.compartment_id;
  out["version"] = row.version;
  out["created_at"] = row.created_at;
  out["updated_at"] = row.updated_at;
  out["created_by"] = row.created_by;
  out["has_file_name"] = sealed.contains(kFileNameField);
  if (out.value("status", "") == "awaiting_content") {
    out["content_url"] = "/api/v1/evidence/" + row.id + "/content";
  }
  return out;
}

json RenderCustody(const store::CustodyRow& row) {
  json out = {{"id", row.id},
              {"item_id", row.item_id},
              {"at", row.at},
              {"event", row.event},
              {"actor_id", row.actor_id},
              {"details", json::parse(row.details, nullptr, false)}};
  if (!row.purpose.empty()) out["purpose"] = row.purpose;
  if (row.leaf_index >= 0) out["leaf_index"] = row.leaf_index;
  return out;
}

Result<store::RecordRow> EvidenceService::LoadVisible(store::Tx& tx, const Principal& who,
                                                      const std::string& id) {
  Result<store::RecordRow> row = tx.GetRecord(id);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok() || row->kind != kKind || !access::CanSee(who, row->org_id, row->compartment_id)) {
    return NotFound("no evidence item " + id);
  }
  return row;
}

Result<store::RecordRow> EvidenceService::LoadWritable(store::Tx& tx, const Principal& who,
                                                       const std::string& id) {
  Result<store::RecordRow> row = LoadVisible(tx, who, id);
  if (!row.ok() && row.status().code() == Code::kNotFound) {
    GIAI_ASSIGN_OR_RETURN(std::optional<SharedRecord> shared, FindShared(tx, who, kKind, id));
    if (shared) return SharedReadOnly(kKind, id);
  }
  return row;
}

Result<store::CustodyRow> EvidenceService::RecordCustody(store::Tx& tx,
                                                         const store::RecordRow& item,
                                                         const std::string& event,
                                                         const std::string& actor_id,
                                                         const RequestInfo& request, json details) {
  store::CustodyRow row;
  row.id = crypto::NewId("cus");
  row.item_id = item.id;
  row.org_id = item.org_id;
  row.at = NowRfc3339();
  row.event = event;
  row.actor_id = actor_id;
  row.purpose = request.purpose;
  row.details = details.dump();
  row.request_id = request.request_id;
  // The ledger commits to the event's canonical form; only its hash leaves the database.
  const std::string commitment =
      crypto::ToHex(crypto::Sha256Of(Canonical({{"id", row.id},
                                                {"item_id", row.item_id},
                                                {"at", row.at},
                                                {"event", row.event},
                                                {"actor_id", row.actor_id},
                                                {"purpose", row.purpose},
                                                {"details", details}})));
  GIAI_ASSIGN_OR_RETURN(
      std::uint64_t leaf,
      ledger_.Commit(tx, ledger::CommitmentKind::kCustodyEvent, row.id, commitment));
  row.leaf_index = static_cast<std::int64_t>(leaf);
  GIAI_RETURN_IF_ERROR(tx.AppendCustody(row));
  return row;
}

Result<json> EvidenceService::Register(const Principal& who, const RequestInfo& request,
                                       const json& body) {
  return RegisterItem(who, request, body, nullptr);
}

Result<json> EvidenceService::RegisterDerivative(const Principal& who, const RequestInfo& request,
                                                 const std::string& parent_id, const json& body) {
  if (!Allows(who, Action::kWrite, kKind)) return ForbiddenTo(who, Action::kWrite);
  store::RecordRow parent;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(parent, LoadWritable(tx, who, parent_id));
    return Status::Ok();
  }));
  if (json::parse(parent.body).value("status", "") != "stored") {
    return Conflict("derivatives need a stored parent");
  }
  return RegisterItem(who, request, body, &parent);
}

Result<json> EvidenceService::RegisterItem(const Principal& who, const RequestInfo& request,
                                           const json& body, const store::RecordRow* parent) {
  if (!Allows(who, Action::kWrite, kKind)) return ForbiddenTo(who, Action::kWrite);
  if (parent) {
    GIAI_RETURN_IF_ERROR(in::ExpectOnly(body, {"sha256", "size", "file_name", "derivation"}));
  } else {
    GIAI_RETURN_IF_ERROR(in::ExpectOnly(body, {"sha256", "size", "file_name", "acquisition",
                                               "incident_id", "person_ids", "compartment_id"}));
  }
  GIAI_ASSIGN_OR_RETURN(std::string sha256, Sha256Field(body));
  GIAI_ASSIGN_OR_RETURN(std::optional<std::uint64_t> size, SizeField(body, max_upload_bytes_));
  GIAI_ASSIGN_OR_RETURN(std::string raw_name, in::Text(body, "file_name", true, 1000));
  GIAI_ASSIGN_OR_RETURN(std::string file_name, vault::SanitiseFileName(raw_name));

  json stored = {{"status", "awaiting_content"}, {"declared_sha256", sha256}};
  if (size) stored["declared_size"] = *size;
  store::RecordRow row;
  row.id = crypto::NewId("evd");
  row.kind = std::string(kKind);
  row.org_id = who.org_id;
  row.version = 1;
  row.created_at = row.updated_at = NowRfc3339();
  row.created_by = who.user_id;
  std::vector<std::string> person_ids;
  if (parent) {
    json p = json::parse(parent->body);
    GIAI_ASSIGN_OR_RETURN(stored["derivation"], DerivationField(body));
    stored["parent_id"] = parent->id;
    stored["acquisition"] = {{"method", "derived"}, {"acquired_by", who.user_id}};
    if (p.contains("incident_id")) stored["incident_id"] = p["incident_id"];
    if (p.contains("person_ids")) stored["person_ids"] = p["person_ids"];
    person_ids = p.value("person_ids", std::vector<std::string>{});
    row.compartment_id = parent->compartment_id;
  } else {
    GIAI_ASSIGN_OR_RETURN(stored["acquisition"], AcquisitionField(body));
    GIAI_ASSIGN_OR_RETURN(std::string incident, in::Text(body, "incident_id", false, 64));
    if (!incident.empty()) stored["incident_id"] = incident;
    GIAI_ASSIGN_OR_RETURN(person_ids, in::TextList(body, "person_ids", 100, 64));
    if (!person_ids.empty()) stored["person_ids"] = person_ids;
    GIAI_ASSIGN_OR_RETURN(std::string compartment, in::Text(body, "compartment_id", false, 64));
    if (!compartment.empty() && std::find(who.compartments.begin(), who.compartments.end(),
                                          compartment) == who.compartments.end()) {
      return InvalidInput("unknown compartment", "compartment_id");
    }
    row.compartment_id = compartment;
  }
  row.parent_id = stored.value("incident_id", "");
  for (const std::string& p : person_ids) row.terms.push_back("person:" + p);
  stored["_sealed"] = {{kFileNameField, 1}};
  row.body = stored.dump();

  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    // References must exist and be within the caller's reach.
    if (!row.parent_id.empty()) {
      Result<store::RecordRow> incident = tx.GetRecord(row.parent_id);
      if (!incident.ok() || incident->kind != "incident" ||
          !access::CanSee(who, incident->org_id, incident->compartment_id)) {
        return InvalidInput("no such incident", "incident_id");
      }
    }
    for (const std::string& p : person_ids) {
      Result<store::RecordRow> person = tx.GetRecord(p);
      if (!person.ok() || person->kind != "person" ||
          !access::CanSee(who, person->org_id, person->compartment_id)) {
        return InvalidInput("no such person: " + p, "person_ids");
      }
    }
    GIAI_ASSIGN_OR_RETURN(protect::KeyScope scope,
                          protect::KeyScope::ForUser(who, row.org_id, row.compartment_id));
    GIAI_RETURN_IF_ERROR(keys_.SealField(tx, scope, row.id, kFileNameField, 1, file_name));
    GIAI_RETURN_IF_ERROR(tx.InsertRecord(row));
    return tx.AppendAudit(access::AuditEvent(who, "evidence.register", row.id, request));
  }));
  return RenderEvidence(row);
}

Result<std::unique_ptr<ContentUpload>> EvidenceService::BeginUpload(
    const Principal& who, const RequestInfo& request, const std::string& id,
    std::optional<std::uint64_t> declared_length) {
  if (!Allows(who, Action::kWrite, kKind)) return ForbiddenTo(who, Action::kWrite);
  if (declared_length && *declared_length > max_upload_bytes_) {
    return Status(Code::kPayloadTooLarge, "the file exceeds the upload limit of " +
                                              std::to_string(max_upload_bytes_) + " bytes");
  }
  store::RecordRow row;
  std::optional<protect::KeyRing::ObjectKey> key;
  // A write transaction: wrapping the key may make the compartment's key (on first use).
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadWritable(tx, who, id));
    if (json::parse(row.body).value("status", "") != "awaiting_content") {
      return Conflict("the content of this evidence item is already stored (write-once)");
    }
    GIAI_ASSIGN_OR_RETURN(protect::KeyScope scope,
                          protect::KeyScope::ForUser(who, row.org_id, row.compartment_id));
    GIAI_ASSIGN_OR_RETURN(key, keys_.NewObjectKey(tx, scope, row.id, kContentField));
    return Status::Ok();
  }));
  GIAI_ASSIGN_OR_RETURN(std::unique_ptr<vault::BlobWriter> writer,
                        vault_.NewBlob(row.id, key->key));
  return std::unique_ptr<ContentUpload>(
      new Upload(*this, who, request, std::move(row), std::move(key->wrapped), std::move(writer)));
}

Result<json> EvidenceService::Get(const Principal& who, const RequestInfo& request,
                                  const std::string& id) {
  if (!Allows(who, Action::kRead, kKind)) return ForbiddenTo(who, Action::kRead);
  std::optional<store::RecordRow> row;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    Result<store::RecordRow> r = LoadVisible(tx, who, id);
    if (!r.ok() && r.status().code() == Code::kNotFound) return Status::Ok();
    GIAI_ASSIGN_OR_RETURN(row, std::move(r));
    return Status::Ok();
  }));
  if (!row) return GetShared(who, request, id);
  return RenderEvidence(*row);
}

Result<Page> EvidenceService::List(const Principal& who, const RequestInfo& request,
                                   const std::string& incident_id, const std::string& cursor,
                                   int limit) {
  if (!Allows(who, Action::kRead, kKind)) return ForbiddenTo(who, Action::kRead);
  if (limit < 1 || limit > DocumentationService::kMaxPageSize) {
    return InvalidInput("must be between 1 and 500", "limit");
  }
  store::RecordQuery q;
  q.kind = std::string(kKind);
  q.org_id = who.org_id;
  q.compartments = who.compartments;
  q.parent_id = incident_id;
  q.after_id = cursor;
  q.limit = limit + 1;
  std::vector<store::RecordRow> rows;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(rows, tx.ListRecords(q));
    return Status::Ok();
  }));
  return ListWithShared(who, request, q, std::move(rows), limit);
}

Result<Content> EvidenceService::ReadContent(const Principal& who, const RequestInfo& request,
                                             const std::string& id) {
  if (!Allows(who, Action::kReadNarrative, kKind)) {
    return ForbiddenTo(who, Action::kReadNarrative);
  }
  if (request.purpose.empty()) {
    return InvalidInput("reading evidence content needs a purpose", "X-Purpose");
  }
  store::RecordRow row;
  std::optional<crypto::SecretKey> key;
  Content content;
  Status refusal = Status::Ok();
  store::RecordRow refused_under;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    refusal = Status::Ok();
    bool under_share = false;
    json details = json::object();
    Result<store::RecordRow> visible = LoadVisible(tx, who, id);
    if (!visible.ok() && visible.status().code() == Code::kNotFound) {
      GIAI_ASSIGN_OR_RETURN(
          std::optional<store::RecordRow> shared,
          LoadSharedContent(tx, who, request, id, details, refusal, refused_under));
      if (!refusal.ok()) return Status::Ok();  // logged below, then refused
      if (shared) {
        visible = std::move(*shared);
        under_share = true;
      }
    }
    GIAI_ASSIGN_OR_RETURN(row, std::move(visible));
    json body = json::parse(row.body);
    if (body.value("status", "") == "awaiting_content") return NotFound("no content uploaded yet");
    if (body.value("status", "") == "shredded") return NotFound("the content was erased");
    // Under a share the caller is of another organisation: the share gate (LoadSharedContent)
    // has decided, so the server opens the owner's key on its own behalf.
    GIAI_ASSIGN_OR_RETURN(protect::KeyScope scope,
                          under_share
                              ? Result<protect::KeyScope>(
                                    protect::KeyScope::ForServer(row.org_id, row.compartment_id))
                              : protect::KeyScope::ForUser(who, row.org_id, row.compartment_id));
    GIAI_ASSIGN_OR_RETURN(key, keys_.OpenObjectKey(tx, scope, row.id, kContentField));
    GIAI_ASSIGN_OR_RETURN(std::optional<std::string> name,
                          keys_.OpenField(tx, scope, row.id, kFileNameField, 1));
    content.file_name = name.value_or("");
    content.media_type = body.value("media_type", "application/octet-stream");
    GIAI_RETURN_IF_ERROR(
        RecordCustody(tx, row, "accessed", who.user_id, request, details).status());
    if (!details.empty()) return Status::Ok();  // under a share: audited in both trails already
    return tx.AppendAudit(access::AuditEvent(who, "evidence.content.read", row.id, request));
  }));
  if (!refusal.ok()) {
    GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) {
      return LogShareAccess(tx, who, request, refused_under, "evidence.content.read", id, "denied");
    }));
    return refusal;
  }
  json body = json::parse(row.body);
  GIAI_ASSIGN_OR_RETURN(auto blob, vault_.OpenBlob(body["blob"], row.id, *key));
  content.sha256 = body.value("sha256", "");
  content.reader = std::make_unique<ContentReader>(std::move(blob), row.id, content.sha256,
                                                   body.value("size", std::uint64_t{0}));
  return content;
}

Result<json> EvidenceService::Custody(const Principal& who, const std::string& id) {
  if (!Allows(who, Action::kRead, kKind)) return ForbiddenTo(who, Action::kRead);
  json chain = json::array();
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow row, LoadVisible(tx, who, id));
    for (int depth = 0; depth < 64; ++depth) {
      GIAI_ASSIGN_OR_RETURN(std::vector<store::CustodyRow> events, tx.ListCustody(row.id));
      json item = RenderEvidence(row);
      json entry = {{"item_id", row.id},
                    {"sha256", item.value("sha256", "")},
                    {"derivation", item.value("derivation", json())},
                    {"events", json::array()}};
      for (const auto& e : events) entry["events"].push_back(RenderCustody(e));
      chain.push_back(entry);
      const std::string parent = item.value("parent_id", "");
      if (parent.empty()) break;
      GIAI_ASSIGN_OR_RETURN(row, tx.GetRecord(parent));
    }
    return Status::Ok();
  }));
  return json{{"item_id", id}, {"chain", chain}};
}

Result<std::string> EvidenceService::Proof(const Principal& who, const std::string& id) {
  if (!Allows(who, Action::kRead, kKind)) return ForbiddenTo(who, Action::kRead);
  std::string out;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow row, LoadVisible(tx, who, id));
    json body = json::parse(row.body);
    if (!body.contains("ingest_leaf")) return NotFound("no content uploaded yet");
    GIAI_ASSIGN_OR_RETURN(ledger::TlogProof proof,
                          ledger_.ItemProof(tx, body["ingest_leaf"].get<std::uint64_t>()));
    out = ledger::FormatTlogProof(proof);
    return Status::Ok();
  }));
  return out;
}

Result<json> EvidenceService::Shred(const Principal& who, const RequestInfo& request,
                                    const std::string& id) {
  if (!Allows(who, Action::kWrite, kKind)) return ForbiddenTo(who, Action::kWrite);
  if (request.purpose.empty()) return InvalidInput("erasure needs a reason", "X-Purpose");
  store::RecordRow row;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(row, LoadWritable(tx, who, id));
    json body = json::parse(row.body);
    if (body.value("status", "") != "stored") return Conflict("only stored content can be erased");
    GIAI_RETURN_IF_ERROR(tx.ShredSealed(row.id, kContentField));
    GIAI_RETURN_IF_ERROR(tx.ShredSealed(row.id, kFileNameField));
    body["status"] = "shredded";
    body["_sealed"] = json::object();
    const std::int64_t previous = row.version;
    row.version = previous + 1;
    row.updated_at = NowRfc3339();
    row.body = body.dump();
    GIAI_RETURN_IF_ERROR(tx.UpdateRecord(row, previous));
    GIAI_RETURN_IF_ERROR(
        RecordCustody(tx, row, "shredded", who.user_id, request, json::object()).status());
    return tx.AppendAudit(access::AuditEvent(who, "evidence.shred", row.id, request));
  }));
  return RenderEvidence(row);
}

}  // namespace giai::service

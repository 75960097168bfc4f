// The files of a grant application: streamed into the vault, write-once, no ledger (see the
// header).
#include "service/grants_attachments.h"

#include <algorithm>

#include "core/clock.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "service/internal/grant_records.h"
#include "vault/file_name.h"
#include "vault/media_type.h"

namespace giai::service {

namespace {

using access::GrantAction;
using access::Role;
using nlohmann::json;
using namespace internal;  // NOLINT: the grant storage helpers, private to service/

constexpr const char* kContentField = "content";
constexpr const char* kNameField = "name";

// The same rule as editing the application (GrantsService::UpdateApplication).
Status CheckEditable(const store::RecordRow& application) {
  const std::string state = StateOf(BodyOf(application));
  if (state != "draft" && state != "more_info" && state != "invited") {
    return Conflict("files cannot be attached to an application in state " + state);
  }
  return Status::Ok();
}

// A name that sanitising would change is refused rather than silently renamed: the applicant
// must know under which name the programme holds the file ("../x", "a\\b", ".env", controls).
Result<std::string> CheckName(const std::string& name) {
  Result<std::string> clean = vault::SanitiseFileName(name);
  if (!clean.ok() || *clean != name) {
    return InvalidInput(
        "must be a plain file name (no directories, no leading dot, no control characters, "
        "valid UTF-8, at most 200 bytes)",
        "name");
  }
  return name;
}

// The applicant organisation (it wrote them) and the programme's grants officer read the sealed
// file names; reviewers see ids, sizes, types and hashes.
bool ReadsNames(const access::Principal& who) {
  return who.role == Role::kApplicant || who.role == Role::kGrants;
}

Result<std::vector<store::RecordRow>> AttachmentsOf(store::Tx& tx,
                                                    const store::RecordRow& application) {
  return ListGrants(tx, kAttachment, application.org_id, application.id);
}

// Write-once by name: the names are sealed, so the application's few attachments are opened and
// compared (no name, not even hashed, sits in clear in the terms).
Status CheckNewName(protect::KeyRing& keys, store::Tx& tx, const store::RecordRow& application,
                    const std::string& name) {
  GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> rows, AttachmentsOf(tx, application));
  if (rows.size() >= GrantAttachments::kMaxPerApplication) {
    return Conflict("an application has at most " +
                    std::to_string(GrantAttachments::kMaxPerApplication) + " attachments");
  }
  for (const store::RecordRow& r : rows) {
    GIAI_ASSIGN_OR_RETURN(std::optional<std::string> existing,
                          OpenGrantField(keys, tx, r, kNameField));
    if (existing && *existing == name) {
      return Conflict("a file of this name is already attached (attachments are write-once)");
    }
  }
  return Status::Ok();
}

json RenderAttachment(protect::KeyRing& keys, store::Tx& tx, const access::Principal& who,
                      const store::RecordRow& row, Status& status) {
  json body = BodyOf(row);
  json out = {{"id", row.id},
              {"application_id", row.parent_id},
              {"sha256", body["sha256"]},
              {"size", body["size"]},
              {"media_type", body["media_type"]},
              {"uploaded_at", row.created_at},
              {"uploaded_by", row.created_by},
              {"content_url", "/api/v1/grant-applications/" + row.parent_id + "/attachments/" +
                                  row.id + "/content"}};
  if (ReadsNames(who)) {
    Result<std::optional<std::string>> name = OpenGrantField(keys, tx, row, kNameField);
    if (!name.ok()) {
      status = name.status();
      return out;
    }
    out["name"] = name->value_or("");
  }
  return out;
}

}  // namespace

class GrantAttachments::Upload final : public ContentUpload {
 public:
  Upload(GrantAttachments& owner, access::Principal who, access::RequestInfo request,
         std::string application_id, std::string name, std::string id, std::string wrapped_key,
         std::unique_ptr<vault::BlobWriter> writer)
      : owner_(owner),
        who_(std::move(who)),
        request_(std::move(request)),
        application_id_(std::move(application_id)),
        name_(std::move(name)),
        id_(std::move(id)),
        wrapped_key_(std::move(wrapped_key)),
        writer_(std::move(writer)) {}

  Status Write(std::string_view bytes) override {
    if (writer_->size() + bytes.size() > owner_.limit()) {
      writer_->Abort();
      return Status(Code::kPayloadTooLarge, "the file exceeds the attachment limit of " +
                                                std::to_string(owner_.limit()) + " bytes");
    }
    Status st = writer_->Write(bytes);
    if (!st.ok()) writer_->Abort();
    return st;
  }

  Result<json> Finish() override {
    const std::string sha256 = crypto::ToHex(writer_->Digest());
    const std::string media_type = vault::SniffMediaType(writer_->head());
    const std::uint64_t size = writer_->size();
    // Durable before anything refers to it.
    GIAI_ASSIGN_OR_RETURN(std::string blob, writer_->Commit());
    json out;
    GIAI_RETURN_IF_ERROR(owner_.store_.Write([&](store::Tx& tx) -> Status {
      // Checked again: the application may have been submitted, or the name taken, meanwhile.
      GIAI_ASSIGN_OR_RETURN(store::RecordRow app,
                            owner_.grants_.LoadApplicationFor(tx, who_, application_id_, false));
      GIAI_RETURN_IF_ERROR(CheckEditable(app));
      GIAI_RETURN_IF_ERROR(CheckNewName(owner_.keys_, tx, app, name_));
      store::RecordRow row = NewGrantRow(kAttachment, who_, app.org_id);
      row.id = id_;
      row.parent_id = app.id;
      row.terms = {"applicant:" + BodyOf(app).value("applicant_org_id", ""),
                   "application:" + app.id};
      json body = {{"application_id", app.id},
                   {"sha256", sha256},
                   {"size", size},
                   {"media_type", media_type},
                   {"blob", blob}};
      GIAI_RETURN_IF_ERROR(SealGrantField(owner_.keys_, tx, row, 1, body, kNameField, name_));
      GIAI_RETURN_IF_ERROR(owner_.keys_.StoreObjectKey(tx, row.id, kContentField, wrapped_key_));
      GIAI_RETURN_IF_ERROR(InsertGrant(tx, row, body));
      Status rendered = Status::Ok();
      out = RenderAttachment(owner_.keys_, tx, who_, row, rendered);
      GIAI_RETURN_IF_ERROR(rendered);
      return tx.AppendAudit(
          access::AuditEvent(who_, "grant_application.attachment.upload", row.id, request_));
    }));
    return out;
  }

 private:
  GrantAttachments& owner_;
  access::Principal who_;
  access::RequestInfo request_;
  std::string application_id_, name_, id_, wrapped_key_;
  std::unique_ptr<vault::BlobWriter> writer_;
};

Result<std::unique_ptr<ContentUpload>> GrantAttachments::BeginUpload(
    const access::Principal& who, const access::RequestInfo& request,
    const std::string& application_id, const std::string& name,
    std::optional<std::uint64_t> declared_length) {
  GIAI_RETURN_IF_ERROR(RequireGrant(who, GrantAction::kApply));
  GIAI_ASSIGN_OR_RETURN(std::string clean, CheckName(name));
  if (declared_length && *declared_length > limit()) {
    return Status(Code::kPayloadTooLarge,
                  "the file exceeds the attachment limit of " + std::to_string(limit()) + " bytes");
  }
  const std::string id = crypto::NewId(kAttachment.prefix);
  std::optional<protect::KeyRing::ObjectKey> key;
  // A write transaction: the data key is made and wrapped under the programme organisation's key.
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow app,
                          grants_.LoadApplicationFor(tx, who, application_id, false));
    GIAI_RETURN_IF_ERROR(CheckEditable(app));
    GIAI_RETURN_IF_ERROR(CheckNewName(keys_, tx, app, clean));
    GIAI_ASSIGN_OR_RETURN(key, keys_.NewObjectKey(tx, protect::KeyScope::Organisation(app.org_id),
                                                  id, kContentField));
    return Status::Ok();
  }));
  GIAI_ASSIGN_OR_RETURN(std::unique_ptr<vault::BlobWriter> writer, vault_.NewBlob(id, key->key));
  return std::unique_ptr<ContentUpload>(new Upload(*this, who, request, application_id, clean, id,
                                                   std::move(key->wrapped), std::move(writer)));
}

namespace {
// Whoever may read the full application: grants officer, applicant, cleared reviewer.
Status RequireReader(const access::Principal& who) {
  if (access::AllowsGrant(who, GrantAction::kManage) ||
      access::AllowsGrant(who, GrantAction::kApply) ||
      access::AllowsGrant(who, GrantAction::kReview)) {
    return Status::Ok();
  }
  return RequireGrant(who, GrantAction::kApply);
}
}  // namespace

Result<json> GrantAttachments::List(const access::Principal& who,
                                    const std::string& application_id) {
  GIAI_RETURN_IF_ERROR(RequireReader(who));
  json items = json::array();
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow app,
                          grants_.LoadApplicationFor(tx, who, application_id, true));
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> rows, AttachmentsOf(tx, app));
    for (const store::RecordRow& r : rows) {
      Status rendered = Status::Ok();
      items.push_back(RenderAttachment(keys_, tx, who, r, rendered));
      GIAI_RETURN_IF_ERROR(rendered);
    }
    return Status::Ok();
  }));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<Content> GrantAttachments::Read(const access::Principal& who,
                                       const access::RequestInfo& request,
                                       const std::string& application_id,
                                       const std::string& attachment_id) {
  GIAI_RETURN_IF_ERROR(RequireReader(who));
  if (request.purpose.empty()) {
    return InvalidInput("reading an attachment needs a purpose", "X-Purpose");
  }
  store::RecordRow row;
  std::optional<crypto::SecretKey> key;
  Content content;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow app,
                          grants_.LoadApplicationFor(tx, who, application_id, true));
    Result<store::RecordRow> found = LoadGrant(tx, kAttachment, attachment_id);
    if (!found.ok() || found->parent_id != app.id || found->org_id != app.org_id) {
      return NotFound("no attachment " + attachment_id);
    }
    row = *found;
    GIAI_ASSIGN_OR_RETURN(key, keys_.OpenObjectKey(tx, protect::KeyScope::Organisation(row.org_id),
                                                   row.id, kContentField));
    if (ReadsNames(who)) {
      GIAI_ASSIGN_OR_RETURN(std::optional<std::string> name,
                            OpenGrantField(keys_, tx, row, kNameField));
      content.file_name = name.value_or("");
    }
    return tx.AppendAudit(
        access::AuditEvent(who, "grant_application.attachment.read", row.id, request));
  }));
  json body = BodyOf(row);
  GIAI_ASSIGN_OR_RETURN(auto blob, vault_.OpenBlob(body["blob"], row.id, *key));
  content.media_type = body.value("media_type", "application/octet-stream");
  content.sha256 = body.value("sha256", "");
  content.reader = std::make_unique<ContentReader>(std::move(blob), row.id, content.sha256,
                                                   body.value("size", std::uint64_t{0}));
  return content;
}

}  // namespace giai::service

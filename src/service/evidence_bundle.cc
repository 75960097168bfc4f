#include "service/evidence_bundle.h"

#include <fstream>

#include "access/policy.h"
#include "core/clock.h"
#include "core/consent.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "ledger/tlog_proof.h"
#include "service/consent_service.h"
#include "service/internal/json_fields.h"

namespace giai::service {

namespace {

using nlohmann::json;

// nullopt: "other", a recipient no consent class covers.
Result<std::optional<Recipient>> ParseRecipient(const std::string& name) {
  for (Recipient r : {Recipient::kNgoPartner, Recipient::kNationalProsecutor, Recipient::kIcc,
                      Recipient::kUnMechanism}) {
    if (RecipientName(r) == name) return std::optional<Recipient>(r);
  }
  if (name == "other") return std::optional<Recipient>();
  return InvalidInput("must be ngo_partner, national_prosecutor, icc, un_mechanism or other",
                      "recipient");
}

// A document's name: a plain file at the top of the bundle that is none of the bundle's own.
bool DocumentName(const std::string& path) {
  if (path.empty() || path.size() > 100 || path.front() == '.') return false;
  if (path.find_first_of("/\\") != std::string::npos) return false;
  for (const char* own : {"manifest.json", "checkpoint.txt", "log.pub", "VERIFY.md"}) {
    if (path == own) return false;
  }
  return true;
}

BundleEntry TextEntry(std::string path, std::string text) {
  BundleEntry entry;
  entry.path = std::move(path);
  entry.size = text.size();
  entry.text = std::move(text);
  return entry;
}

Status WriteFile(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) return Status(Code::kUnavailable, "cannot write " + path.string());
  return Status::Ok();
}

constexpr std::string_view kVerifyText = R"md(# Verifying this evidence bundle

This bundle was exported by giai. Everything in it can be checked offline. If you received it
as a `.tar` file, unpack it first (`tar -xf bundle.tar`).

1. **Check the log key.** `log.pub` is the public key of the organisation's transparency log.
   Compare it with the key the organisation published or gave you separately; a bundle can
   only prove what its key proves.
2. **With giai:** `giai verify THIS_DIRECTORY --key "$(cat trusted-log.pub)"` checks every file,
   proof, the manifest and the checkpoint, and says item by item what verified and why not.
3. **With standard tools:**
   - `sha256sum files/*` and compare with `sha256` of each item in `manifest.json`;
   - each `proofs/<item>.tlog-proof` is a C2SP tlog-proof (https://c2sp.org/tlog-proof): its
     `extra` line is the ledger leaf (base64), whose bytes 3+n..35+n are the item's SHA-256
     (see the leaf format in giai's docs/LEDGER.md); the proof lines are the RFC 9162 inclusion
     path of SHA-256(0x00 || leaf) to the root in the checkpoint;
   - `checkpoint.txt` is a C2SP signed note (https://c2sp.org/signed-note) with an Ed25519
     signature by `log.pub`, e.g. checkable with Go's golang.org/x/mod/sumdb/note;
   - `proofs/manifest.tlog-proof` proves that SHA-256(manifest.json) was committed to the log
     when the bundle was exported: the manifest cannot have changed since;
   - if the manifest lists `documents` (a case file's `case-file.json`, `matrix.json`,
     `matrix.html`…), `sha256sum` each and compare with its `sha256` there: through the
     manifest's proof, they too are exactly what was exported.
)md";

// An item that passed the gate, with what is needed to read it later.
struct Chosen {
  store::RecordRow row;
  crypto::SecretKey key;
  std::string file_name;
};

// The consent gate and key opening, item by item, in one snapshot.
Status ChooseItems(EvidenceService& evidence, const ExportRequest& request,
                   std::optional<Recipient> recipient, std::vector<Chosen>& chosen,
                   ExportReport& report) {
  return evidence.store().Read([&](store::Tx& tx) -> Status {
    for (const std::string& id : request.item_ids) {
      Result<store::RecordRow> row = tx.GetRecord(id);
      if (!row.ok() || row->kind != "evidence" || row->org_id != request.org_id ||
          (request.principal &&
           !access::CanSee(*request.principal, row->org_id, row->compartment_id))) {
        report.withheld.push_back({id, "no such evidence item in this organisation"});
        continue;
      }
      json body = json::parse(row->body);
      if (body.value("status", "") != "stored") {
        report.withheld.push_back({id, "content is " + body.value("status", std::string("?"))});
        continue;
      }
      std::string refusal;
      for (const std::string& person : body.value("person_ids", std::vector<std::string>{})) {
        if (!recipient) {
          refusal = "no consent scope covers sharing with a recipient of type " +
                    request.recipient + " (the item concerns " + person + ")";
          break;
        }
        GIAI_ASSIGN_OR_RETURN(std::optional<Consent> consent,
                              LatestConsent(tx, row->org_id, person));
        Decision d =
            DecideConsent(consent, {Purpose::kSharing, *recipient, IdentityLevel::kPseudonymous});
        if (!d.allowed) {
          refusal = "consent of " + person + ": " + d.reason;
          break;
        }
      }
      if (!refusal.empty()) {
        report.withheld.push_back({id, refusal});
        continue;
      }
      // Over the API, the caller's own reach decides the keys; from the operator's CLI (no
      // principal), the server exports its organisation's items itself.
      GIAI_ASSIGN_OR_RETURN(
          protect::KeyScope scope,
          request.principal
              ? protect::KeyScope::ForUser(*request.principal, row->org_id, row->compartment_id)
              : Result<protect::KeyScope>(
                    protect::KeyScope::ForServer(row->org_id, row->compartment_id)));
      GIAI_ASSIGN_OR_RETURN(crypto::SecretKey key,
                            evidence.keys().OpenObjectKey(tx, scope, row->id, "content"));
      GIAI_ASSIGN_OR_RETURN(std::optional<std::string> name,
                            evidence.keys().OpenField(tx, scope, row->id, "file_name", 1));
      chosen.push_back({*row, std::move(key), name.value_or("file")});
    }
    return Status::Ok();
  });
}

}  // namespace

Result<Bundle> PrepareBundle(EvidenceService& evidence, const ExportRequest& request) {
  GIAI_ASSIGN_OR_RETURN(std::optional<Recipient> recipient, ParseRecipient(request.recipient));
  if (request.item_ids.empty() && !request.documents) {
    return InvalidInput("no items to export", "items");
  }
  Bundle bundle;
  ExportReport& report = bundle.report;
  std::vector<Chosen> chosen;
  GIAI_RETURN_IF_ERROR(ChooseItems(evidence, request, recipient, chosen, report));

  json manifest = {{"format", "giai-bundle/1"},  {"origin", evidence.ledger().origin()},
                   {"created_at", NowRfc3339()}, {"recipient", request.recipient},
                   {"purpose", request.purpose}, {"items", json::array()},
                   {"withheld", json::array()}};
  using Refusals = std::vector<std::pair<std::string, std::string>>;
  for (const Refusals* list :
       {&request.withheld_before, static_cast<const Refusals*>(&report.withheld)}) {
    for (const auto& [id, reason] : *list) {
      manifest["withheld"].push_back({{"id", id}, {"reason", reason}});
    }
  }
  std::vector<BundleEntry> files;
  GIAI_RETURN_IF_ERROR(evidence.store().Read([&](store::Tx& tx) -> Status {
    for (Chosen& c : chosen) {
      json body = json::parse(c.row.body);
      BundleEntry entry;
      entry.path = "files/" + c.row.id + "-" + c.file_name;
      entry.size = body.value("size", std::uint64_t{0});
      entry.file = BundleEntry::StoredFile{c.row.id, body.value("blob", ""),
                                           body.value("sha256", ""), std::move(c.key)};
      json item = RenderEvidence(c.row);
      item["file"] = entry.path;
      item["proof"] = "proofs/" + c.row.id + ".tlog-proof";
      GIAI_ASSIGN_OR_RETURN(auto events, tx.ListCustody(c.row.id));
      item["custody"] = json::array();
      for (const auto& e : events) item["custody"].push_back(RenderCustody(e));
      manifest["items"].push_back(item);
      report.exported.push_back(c.row.id);
      files.push_back(std::move(entry));
    }
    return Status::Ok();
  }));
  // The documents, now that the gate has decided; their hashes make them part of what the
  // manifest's ledger commitment proves.
  report.export_id = crypto::NewId("exp");
  std::vector<BundleEntry> documents;
  if (request.documents) {
    GIAI_ASSIGN_OR_RETURN(std::vector<BundleDocument> docs, request.documents(report));
    manifest["format"] = "giai-bundle/2";
    manifest["export_id"] = report.export_id;
    if (!request.about.is_null()) manifest["about"] = request.about;
    manifest["documents"] = json::array();
    for (BundleDocument& d : docs) {
      if (!DocumentName(d.path)) return Internal("bad bundle document name " + d.path);
      manifest["documents"].push_back({{"path", d.path},
                                       {"size", d.text.size()},
                                       {"sha256", crypto::ToHex(crypto::Sha256Of(d.text))}});
      documents.push_back(TextEntry(std::move(d.path), std::move(d.text)));
    }
  }
  const std::string manifest_text = manifest.dump(2) + "\n";

  // Commit the export (and the manifest's hash) to the ledger, then prove everything against
  // the checkpoint that includes it.
  std::uint64_t manifest_leaf = 0;
  access::RequestInfo info{report.export_id, request.purpose, ""};
  GIAI_RETURN_IF_ERROR(evidence.store().Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(
        manifest_leaf,
        evidence.ledger().Commit(tx, ledger::CommitmentKind::kCustodyEvent, report.export_id,
                                 crypto::ToHex(crypto::Sha256Of(manifest_text))));
    for (const Chosen& c : chosen) {
      GIAI_RETURN_IF_ERROR(
          evidence
              .RecordCustody(tx, c.row, "exported", request.actor_id, info,
                             {{"export_id", report.export_id}, {"recipient", request.recipient}})
              .status());
    }
    return Status::Ok();
  }));
  std::vector<BundleEntry> proofs;
  std::string checkpoint;
  GIAI_RETURN_IF_ERROR(evidence.store().Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::CheckpointRow latest, evidence.ledger().Latest(tx));
    checkpoint = latest.note;
    for (const Chosen& c : chosen) {
      json body = json::parse(c.row.body);
      GIAI_ASSIGN_OR_RETURN(
          ledger::TlogProof proof,
          evidence.ledger().ItemProof(tx, body["ingest_leaf"].get<std::uint64_t>()));
      proofs.push_back(
          TextEntry("proofs/" + c.row.id + ".tlog-proof", ledger::FormatTlogProof(proof)));
    }
    GIAI_ASSIGN_OR_RETURN(ledger::TlogProof proof, evidence.ledger().ItemProof(tx, manifest_leaf));
    proofs.push_back(TextEntry("proofs/manifest.tlog-proof", ledger::FormatTlogProof(proof)));
    return Status::Ok();
  }));

  bundle.entries.push_back(TextEntry("manifest.json", manifest_text));
  for (auto& d : documents) bundle.entries.push_back(std::move(d));
  for (auto& f : files) bundle.entries.push_back(std::move(f));
  for (auto& p : proofs) bundle.entries.push_back(std::move(p));
  bundle.entries.push_back(TextEntry("checkpoint.txt", checkpoint));
  bundle.entries.push_back(TextEntry("log.pub", evidence.ledger().VerifierKey() + "\n"));
  bundle.entries.push_back(TextEntry("VERIFY.md", std::string(kVerifyText)));
  return bundle;
}

Result<Bundle> ExportFor(EvidenceService& evidence, const access::Principal& who,
                         const access::RequestInfo& request, const json& body) {
  if (!access::Allows(who, access::Action::kWrite, "export")) {
    return Forbidden("role " + std::string(access::RoleName(who.role)) +
                     " may not export evidence bundles");
  }
  if (!body.is_object()) return InvalidInput("the body must be a JSON object");
  GIAI_RETURN_IF_ERROR(internal::ExpectOnly(body, {"items", "recipient", "purpose"}));
  ExportRequest export_request;
  export_request.org_id = who.org_id;
  export_request.actor_id = who.user_id;
  export_request.principal = who;
  GIAI_ASSIGN_OR_RETURN(export_request.item_ids, internal::TextList(body, "items", 1000, 64));
  if (export_request.item_ids.empty()) return InvalidInput("name at least one item", "items");
  GIAI_ASSIGN_OR_RETURN(export_request.recipient, internal::Text(body, "recipient", true, 32));
  GIAI_ASSIGN_OR_RETURN(export_request.purpose, internal::Text(body, "purpose", true, 500));
  if (export_request.purpose.empty()) return InvalidInput("an export needs a purpose", "purpose");
  GIAI_ASSIGN_OR_RETURN(Bundle bundle, PrepareBundle(evidence, export_request));
  access::RequestInfo audited = request;
  audited.purpose = export_request.purpose;
  GIAI_RETURN_IF_ERROR(evidence.store().Write([&](store::Tx& tx) -> Status {
    return tx.AppendAudit(
        access::AuditEvent(who, "evidence.export", bundle.report.export_id, audited));
  }));
  return bundle;
}

Result<std::unique_ptr<ContentReader>> OpenBundleFile(EvidenceService& evidence,
                                                      const BundleEntry& entry) {
  if (!entry.file) return Internal(entry.path + " is not a stored file");
  const BundleEntry::StoredFile& f = *entry.file;
  GIAI_ASSIGN_OR_RETURN(auto blob, evidence.vault().OpenBlob(f.blob, f.item_id, f.key));
  return std::make_unique<ContentReader>(std::move(blob), f.item_id, f.sha256, entry.size);
}

Status WriteBundleDirectory(EvidenceService& evidence, const Bundle& bundle,
                            const std::filesystem::path& out_dir) {
  if (std::filesystem::exists(out_dir)) {
    return Conflict(out_dir.string() + " exists; choose a new directory");
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir / "files", ec);
  std::filesystem::create_directories(out_dir / "proofs", ec);
  if (ec) return Status(Code::kUnavailable, "cannot create the bundle: " + ec.message());
  for (const BundleEntry& entry : bundle.entries) {
    if (!entry.file) {
      GIAI_RETURN_IF_ERROR(WriteFile(out_dir / entry.path, entry.text));
      continue;
    }
    GIAI_ASSIGN_OR_RETURN(auto reader, OpenBundleFile(evidence, entry));
    std::ofstream out(out_dir / entry.path, std::ios::binary);
    while (true) {
      Result<std::string> piece = reader->Next();
      if (!piece.ok()) {
        return Status(piece.status().code(), piece.status().message() + "; run giai fsck");
      }
      if (piece->empty()) break;
      out.write(piece->data(), static_cast<std::streamsize>(piece->size()));
    }
    out.flush();
    if (!out) return Status(Code::kUnavailable, "cannot write " + entry.path);
  }
  return Status::Ok();
}

}  // namespace giai::service

#include "service/evidence_checks.h"

#include <fstream>
#include <set>

#include "core/clock.h"
#include "core/consent.h"
#include "crypto/random.h"
#include "ledger/leaf.h"
#include "service/consent_service.h"

namespace giai::service {

namespace {

using nlohmann::json;

Result<std::vector<store::RecordRow>> AllItems(store::Tx& tx, const std::string& org_id) {
  std::vector<store::RecordRow> out;
  store::RecordQuery q;
  q.kind = "evidence";
  q.org_id = org_id;
  q.limit = 1000;
  q.compartments = {};
  while (true) {
    GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> page, tx.ListRecords(q));
    if (page.empty()) break;
    q.after_id = page.back().id;
    for (auto& r : page) out.push_back(std::move(r));
  }
  return out;
}

Status WriteFile(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  if (!out) return Status(Code::kUnavailable, "cannot write " + path.string());
  return Status::Ok();
}

Result<Recipient> ParseRecipient(const std::string& name) {
  for (Recipient r : {Recipient::kNgoPartner, Recipient::kNationalProsecutor, Recipient::kIcc,
                      Recipient::kUnMechanism}) {
    if (RecipientName(r) == name) return r;
  }
  return InvalidInput("must be ngo_partner, national_prosecutor, icc or un_mechanism", "recipient");
}

constexpr std::string_view kVerifyText = R"md(# Verifying this evidence bundle

This bundle was exported by giai. Everything in it can be checked offline.

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
     when the bundle was exported: the manifest cannot have changed since.
)md";

}  // namespace

Result<FsckReport> Fsck(EvidenceService& evidence) {
  FsckReport report;
  std::set<std::string> referenced;
  std::vector<store::RecordRow> items;
  GIAI_RETURN_IF_ERROR(evidence.store().Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(std::vector<store::OrganisationRow> orgs, tx.ListOrganisations());
    for (const auto& org : orgs) {
      GIAI_ASSIGN_OR_RETURN(std::vector<store::RecordRow> rows, AllItems(tx, org.id));
      for (auto& r : rows) items.push_back(std::move(r));
    }
    Result<Ledger::AuditReport> audit = evidence.ledger().Audit(tx);
    if (audit.ok()) {
      report.ledger_leaves = audit->leaves;
      report.checkpoints = audit->checkpoints;
    } else {
      report.problems.push_back("ledger: " + audit.status().message());
    }
    return Status::Ok();
  }));
  for (const store::RecordRow& row : items) {
    json body = json::parse(row.body);
    if (body.contains("blob")) referenced.insert(body["blob"].get<std::string>());
    if (body.value("status", "") != "stored") continue;
    ++report.items_checked;
    const std::string sha = body.value("sha256", "");
    std::optional<crypto::SecretKey> key;
    std::string leaf_data;
    Status st = evidence.store().Read([&](store::Tx& tx) -> Status {
      GIAI_ASSIGN_OR_RETURN(key, evidence.keys().OpenObjectKey(tx, row.org_id, row.id, "content"));
      GIAI_ASSIGN_OR_RETURN(auto leaves,
                            tx.LedgerLeaves(body.value("ingest_leaf", std::uint64_t{0}), 1));
      if (!leaves.empty()) leaf_data = leaves[0].data;
      return Status::Ok();
    });
    if (!st.ok()) {
      report.problems.push_back(row.id + ": " + st.message());
      continue;
    }
    Result<ledger::Commitment> leaf = ledger::DecodeLeaf(leaf_data);
    if (!leaf.ok() || leaf->id != row.id || crypto::ToHex(leaf->sha256) != sha) {
      report.problems.push_back(row.id + ": its ledger leaf does not commit to its SHA-256");
    }
    Result<vault::Vault::Fixity> fixity =
        evidence.vault().Rehash(body.value("blob", ""), row.id, *key);
    if (!fixity.ok()) {
      report.problems.push_back(row.id + ": " + fixity.status().message());
      continue;
    }
    report.bytes_checked += fixity->size;
    if (crypto::ToHex(fixity->sha256) != sha || fixity->size != body.value("size", 0ull)) {
      report.problems.push_back(row.id + ": content no longer matches its SHA-256");
    }
  }
  GIAI_ASSIGN_OR_RETURN(std::vector<std::string> blobs, evidence.vault().ListBlobs());
  for (const std::string& blob : blobs) {
    if (!referenced.count(blob)) {
      report.unreferenced_blobs.push_back(blob);
    }
  }
  return report;
}

Result<ExportReport> ExportBundle(EvidenceService& evidence, const ExportRequest& request) {
  GIAI_ASSIGN_OR_RETURN(Recipient recipient, ParseRecipient(request.recipient));
  if (std::filesystem::exists(request.out_dir)) {
    return Conflict(request.out_dir.string() + " exists; choose a new directory");
  }
  if (request.item_ids.empty()) return InvalidInput("no items to export", "items");
  ExportReport report;
  json manifest = {{"format", "giai-bundle/1"},  {"origin", evidence.ledger().origin()},
                   {"created_at", NowRfc3339()}, {"recipient", request.recipient},
                   {"purpose", request.purpose}, {"items", json::array()},
                   {"withheld", json::array()}};
  struct Chosen {
    store::RecordRow row;
    crypto::SecretKey key;
    std::string file_name;
  };
  std::vector<Chosen> chosen;
  // Decide item by item, in one snapshot: the consent gate asks about every person an item
  // concerns, for this recipient, at pseudonymous level (no identity travels in a bundle).
  GIAI_RETURN_IF_ERROR(evidence.store().Read([&](store::Tx& tx) -> Status {
    for (const std::string& id : request.item_ids) {
      Result<store::RecordRow> row = tx.GetRecord(id);
      if (!row.ok() || row->kind != "evidence" || row->org_id != request.org_id) {
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
        GIAI_ASSIGN_OR_RETURN(std::optional<Consent> consent,
                              LatestConsent(tx, row->org_id, person));
        Decision d =
            DecideConsent(consent, {Purpose::kSharing, recipient, IdentityLevel::kPseudonymous});
        if (!d.allowed) {
          refusal = "consent of " + person + ": " + d.reason;
          break;
        }
      }
      if (!refusal.empty()) {
        report.withheld.push_back({id, refusal});
        continue;
      }
      GIAI_ASSIGN_OR_RETURN(crypto::SecretKey key,
                            evidence.keys().OpenObjectKey(tx, row->org_id, row->id, "content"));
      GIAI_ASSIGN_OR_RETURN(std::optional<std::string> name,
                            evidence.keys().OpenField(tx, row->org_id, row->id, "file_name", 1));
      chosen.push_back({*row, std::move(key), name.value_or("file")});
    }
    return Status::Ok();
  }));
  for (const auto& [id, reason] : report.withheld) {
    manifest["withheld"].push_back({{"id", id}, {"reason", reason}});
  }

  std::error_code ec;
  std::filesystem::create_directories(request.out_dir / "files", ec);
  std::filesystem::create_directories(request.out_dir / "proofs", ec);
  if (ec) return Status(Code::kUnavailable, "cannot create the bundle: " + ec.message());
  for (const Chosen& c : chosen) {
    json body = json::parse(c.row.body);
    const std::string file = "files/" + c.row.id + "-" + c.file_name;
    GIAI_ASSIGN_OR_RETURN(auto reader, evidence.vault().OpenBlob(body["blob"], c.row.id, c.key));
    std::ofstream out(request.out_dir / file, std::ios::binary);
    crypto::Sha256 sha;
    while (true) {
      GIAI_ASSIGN_OR_RETURN(std::string piece, reader->Next());
      if (piece.empty()) break;
      sha.Update(piece);
      out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
    }
    out.flush();
    if (!out) return Status(Code::kUnavailable, "cannot write " + file);
    if (crypto::ToHex(sha.Finish()) != body.value("sha256", "")) {
      return Integrity(c.row.id + " no longer matches its SHA-256; run giai fsck");
    }
    json item = RenderEvidence(c.row);
    item["file"] = file;
    item["proof"] = "proofs/" + c.row.id + ".tlog-proof";
    GIAI_RETURN_IF_ERROR(evidence.store().Read([&](store::Tx& tx) -> Status {
      GIAI_ASSIGN_OR_RETURN(auto events, tx.ListCustody(c.row.id));
      item["custody"] = json::array();
      for (const auto& e : events) item["custody"].push_back(RenderCustody(e));
      return Status::Ok();
    }));
    manifest["items"].push_back(item);
    report.exported.push_back(c.row.id);
  }
  const std::string manifest_text = manifest.dump(2) + "\n";
  GIAI_RETURN_IF_ERROR(WriteFile(request.out_dir / "manifest.json", manifest_text));

  // Commit the export (and the manifest's hash) to the ledger, then prove everything against
  // the checkpoint that includes it.
  const std::string export_id = crypto::NewId("exp");
  std::uint64_t manifest_leaf = 0;
  access::RequestInfo info{export_id, request.purpose, ""};
  GIAI_RETURN_IF_ERROR(evidence.store().Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(manifest_leaf, evidence.ledger().Commit(
                                             tx, ledger::CommitmentKind::kCustodyEvent, export_id,
                                             crypto::ToHex(crypto::Sha256Of(manifest_text))));
    for (const Chosen& c : chosen) {
      GIAI_RETURN_IF_ERROR(
          evidence
              .RecordCustody(tx, c.row, "exported", request.actor_id, info,
                             {{"export_id", export_id}, {"recipient", request.recipient}})
              .status());
    }
    return Status::Ok();
  }));
  std::string checkpoint;
  GIAI_RETURN_IF_ERROR(evidence.store().Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::CheckpointRow latest, evidence.ledger().Latest(tx));
    checkpoint = latest.note;
    for (const Chosen& c : chosen) {
      json body = json::parse(c.row.body);
      GIAI_ASSIGN_OR_RETURN(
          ledger::TlogProof proof,
          evidence.ledger().ItemProof(tx, body["ingest_leaf"].get<std::uint64_t>()));
      GIAI_RETURN_IF_ERROR(WriteFile(request.out_dir / "proofs" / (c.row.id + ".tlog-proof"),
                                     ledger::FormatTlogProof(proof)));
    }
    GIAI_ASSIGN_OR_RETURN(ledger::TlogProof proof, evidence.ledger().ItemProof(tx, manifest_leaf));
    return WriteFile(request.out_dir / "proofs" / "manifest.tlog-proof",
                     ledger::FormatTlogProof(proof));
  }));
  GIAI_RETURN_IF_ERROR(WriteFile(request.out_dir / "checkpoint.txt", checkpoint));
  GIAI_RETURN_IF_ERROR(
      WriteFile(request.out_dir / "log.pub", evidence.ledger().VerifierKey() + "\n"));
  GIAI_RETURN_IF_ERROR(WriteFile(request.out_dir / "VERIFY.md", kVerifyText));
  return report;
}

}  // namespace giai::service

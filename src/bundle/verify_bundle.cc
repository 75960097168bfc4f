#include "bundle/verify_bundle.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "crypto/hash.h"
#include "ledger/checkpoint.h"
#include "ledger/note.h"
#include "ledger/tlog_proof.h"

namespace giai::bundle {

namespace {

using nlohmann::json;

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("missing " + path.filename().string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A manifest path must stay inside the bundle.
bool SafeRelative(const std::string& p) {
  if (p.empty() || p.front() == '/' || p.find("..") != std::string::npos) return false;
  return p.starts_with("files/") || p.starts_with("proofs/");
}

// A document is a plain file at the top of the bundle, none of the bundle's own.
bool DocumentName(const std::string& p) {
  if (p.empty() || p.front() == '.' || p.find_first_of("/\\") != std::string::npos) return false;
  return p != "manifest.json" && p != "checkpoint.txt" && p != "log.pub";
}

Result<crypto::Digest256> HashFile(const std::filesystem::path& path, std::uint64_t& size) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("file missing");
  crypto::Sha256 sha;
  std::string buffer(1 << 20, '\0');
  size = 0;
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    sha.Update(std::string_view(buffer.data(), n));
    size += n;
  }
  return sha.Finish();
}

}  // namespace

bool BundleReport::ok() const {
  if (!manifest_verified) return false;
  for (const auto* list : {&items, &documents}) {
    for (const ItemResult& i : *list) {
      if (!i.verified) return false;
    }
  }
  return true;
}

Result<BundleReport> VerifyBundle(const std::filesystem::path& dir,
                                  const std::string& trusted_key) {
  BundleReport report;
  Result<std::string> manifest_text = ReadFile(dir / "manifest.json");
  if (!manifest_text.ok()) return InvalidInput(dir.string() + " is not a giai bundle");
  json manifest = json::parse(*manifest_text, nullptr, false);
  const std::string format = manifest.is_discarded() ? "" : manifest.value("format", "");
  if (format != "giai-bundle/1" && format != "giai-bundle/2") {
    return InvalidInput("manifest.json is not a giai-bundle/1 or /2 manifest");
  }
  report.origin = manifest.value("origin", "");
  std::string key_text = trusted_key;
  if (key_text.empty()) {
    report.key_from_bundle = true;
    GIAI_ASSIGN_OR_RETURN(key_text, ReadFile(dir / "log.pub"));
  }
  while (!key_text.empty() && (key_text.back() == '\n' || key_text.back() == '\r')) {
    key_text.pop_back();
  }
  GIAI_ASSIGN_OR_RETURN(ledger::NoteVerifier key, ledger::NoteVerifier::Parse(key_text));
  GIAI_ASSIGN_OR_RETURN(std::string checkpoint_note, ReadFile(dir / "checkpoint.txt"));
  Result<ledger::Checkpoint> checkpoint =
      ledger::OpenCheckpoint(checkpoint_note, report.origin, key);
  if (!checkpoint.ok()) {
    report.manifest_reason = "checkpoint does not verify: " + checkpoint.status().message();
    for (const json& item : manifest.value("items", json::array())) {
      report.items.push_back({item.value("id", "?"), false, "checkpoint does not verify"});
    }
    for (const json& doc : manifest.value("documents", json::array())) {
      report.documents.push_back({doc.value("path", "?"), false, "checkpoint does not verify"});
    }
    return report;
  }
  report.checkpoint_size = checkpoint->size;

  // Every proof must lead to exactly this checkpoint.
  auto check_proof = [&](const std::string& proof_file, const crypto::Digest256& digest,
                         const std::string& id) -> Status {
    if (!SafeRelative(proof_file)) return Integrity("proof path leaves the bundle");
    GIAI_ASSIGN_OR_RETURN(std::string proof, ReadFile(dir / proof_file));
    GIAI_ASSIGN_OR_RETURN(ledger::VerifiedItem v,
                          ledger::VerifyItemProof(proof, digest, report.origin, key));
    if (v.checkpoint.size != checkpoint->size || v.checkpoint.root != checkpoint->root) {
      return Integrity("proof is against another checkpoint");
    }
    if (!id.empty() && v.commitment.id != id) return Integrity("proof commits to another item");
    return Status::Ok();
  };

  Status manifest_ok =
      check_proof("proofs/manifest.tlog-proof", crypto::Sha256Of(*manifest_text), "");
  report.manifest_verified = manifest_ok.ok();
  if (!manifest_ok.ok()) report.manifest_reason = manifest_ok.message();

  for (const json& item : manifest.value("items", json::array())) {
    ItemResult r{item.value("id", "?"), false, ""};
    const std::string file = item.value("file", "");
    std::string expected_hex = item.value("sha256", "");
    std::string expected_raw;
    if (!SafeRelative(file)) {
      r.reason = "file path leaves the bundle";
    } else if (expected_hex.size() != 64 || !crypto::FromHex(expected_hex, expected_raw)) {
      r.reason = "manifest has no valid sha256";
    } else {
      std::uint64_t size = 0;
      Result<crypto::Digest256> digest = HashFile(dir / file, size);
      if (!digest.ok()) {
        r.reason = digest.status().message();
      } else if (crypto::ToHex(*digest) != expected_hex) {
        r.reason = "file's SHA-256 differs from the manifest";
      } else if (size != item.value("size", std::uint64_t{0})) {
        r.reason = "file's size differs from the manifest";
      } else {
        Status proof = check_proof(item.value("proof", ""), *digest, r.id);
        r.verified = proof.ok();
        if (!proof.ok()) r.reason = "proof: " + proof.message();
      }
    }
    report.items.push_back(r);
  }
  // Documents: their hashes are in the manifest, which the manifest's proof anchors.
  const json documents = manifest.value("documents", json::array());
  if (format == "giai-bundle/2" && (!documents.is_array() || documents.empty())) {
    report.documents.push_back({"documents", false, "a giai-bundle/2 manifest lists no documents"});
  }
  for (const json& doc : documents) {
    ItemResult r{doc.value("path", "?"), false, ""};
    std::uint64_t size = 0;
    Result<crypto::Digest256> digest =
        DocumentName(r.id)
            ? HashFile(dir / r.id, size)
            : Result<crypto::Digest256>(Integrity("document path leaves the bundle's top"));
    if (!digest.ok()) {
      r.reason = digest.status().message();
    } else if (crypto::ToHex(*digest) != doc.value("sha256", "")) {
      r.reason = "document's SHA-256 differs from the manifest";
    } else if (size != doc.value("size", std::uint64_t{0})) {
      r.reason = "document's size differs from the manifest";
    } else if (!report.manifest_verified) {
      r.reason = "the manifest that lists it does not verify";
    } else {
      r.verified = true;
    }
    report.documents.push_back(r);
  }
  for (const json& w : manifest.value("withheld", json::array())) {
    report.withheld.push_back(w.value("id", "?") + ": " + w.value("reason", ""));
  }
  return report;
}

}  // namespace giai::bundle

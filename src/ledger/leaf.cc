#include "ledger/leaf.h"

#include <cstring>

#include "crypto/random.h"

namespace giai::ledger {
namespace {

struct KindName {
  CommitmentKind kind;
  std::string_view name;
};
constexpr KindName kKindNames[] = {
    {CommitmentKind::kEvidenceIngested, "evidence_ingested"},
    {CommitmentKind::kCustodyEvent, "custody_event"},
    {CommitmentKind::kRecordVersion, "record_version"},
    {CommitmentKind::kConsentVersion, "consent_version"},
    {CommitmentKind::kAuditBatch, "audit_batch"},
    {CommitmentKind::kRestrictionVersion, "restriction_version"},
    {CommitmentKind::kKeyDestroyed, "key_destroyed"},
};

bool IsKnownKind(std::uint8_t value) {
  for (const KindName& entry : kKindNames) {
    if (static_cast<std::uint8_t>(entry.kind) == value) return true;
  }
  return false;
}

Status Validate(const Commitment& commitment) {
  if (!IsKnownKind(static_cast<std::uint8_t>(commitment.kind))) {
    return InvalidInput("unknown commitment kind", "kind");
  }
  if (!IsValidCommitmentId(commitment.id)) {
    return InvalidInput("commitment id must be 1-64 characters of [A-Za-z0-9._:-]", "id");
  }
  if (commitment.time_unix_ms < 0) return InvalidInput("time before 1970", "time");
  return Status::Ok();
}

}  // namespace

std::string_view CommitmentKindName(CommitmentKind kind) {
  for (const KindName& entry : kKindNames) {
    if (entry.kind == kind) return entry.name;
  }
  return "unknown";
}

Result<CommitmentKind> ParseCommitmentKind(std::string_view name) {
  for (const KindName& entry : kKindNames) {
    if (entry.name == name) return entry.kind;
  }
  return InvalidInput("unknown commitment kind", "kind");
}

bool IsValidCommitmentId(std::string_view id) {
  if (id.empty() || id.size() > kMaxCommitmentIdBytes) return false;
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Result<Commitment> Commitment::Create(CommitmentKind kind, std::string id,
                                      std::string_view sha256_hex, std::int64_t time_unix_ms) {
  Commitment commitment;
  commitment.kind = kind;
  commitment.id = std::move(id);
  commitment.time_unix_ms = time_unix_ms;
  std::string digest;
  if (sha256_hex.size() != 64 || !crypto::FromHex(sha256_hex, digest)) {
    return InvalidInput("sha256 must be 64 hex digits", "sha256");
  }
  std::memcpy(commitment.sha256.data(), digest.data(), digest.size());
  GIAI_RETURN_IF_ERROR(Validate(commitment));
  const std::string nonce = crypto::RandomBytes(commitment.nonce.size());
  std::memcpy(commitment.nonce.data(), nonce.data(), nonce.size());
  return commitment;
}

Result<std::string> EncodeLeaf(const Commitment& commitment) {
  GIAI_RETURN_IF_ERROR(Validate(commitment));
  std::string leaf;
  leaf.reserve(kLeafFixedBytes + commitment.id.size());
  leaf.push_back(static_cast<char>(kLeafVersion));
  leaf.push_back(static_cast<char>(commitment.kind));
  leaf.push_back(static_cast<char>(commitment.id.size()));
  leaf.append(commitment.id);
  leaf.append(reinterpret_cast<const char*>(commitment.sha256.data()), commitment.sha256.size());
  const auto time = static_cast<std::uint64_t>(commitment.time_unix_ms);
  for (int shift = 56; shift >= 0; shift -= 8) leaf.push_back(static_cast<char>(time >> shift));
  leaf.append(reinterpret_cast<const char*>(commitment.nonce.data()), commitment.nonce.size());
  return leaf;
}

Result<Commitment> DecodeLeaf(std::string_view leaf) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(leaf[i]); };
  if (leaf.size() < kLeafFixedBytes + 1) return InvalidInput("leaf too short");
  if (byte(0) != kLeafVersion) return InvalidInput("unsupported leaf version");
  if (!IsKnownKind(byte(1))) return InvalidInput("unknown commitment kind");
  const std::size_t id_length = byte(2);
  if (leaf.size() != kLeafFixedBytes + id_length) return InvalidInput("leaf length mismatch");
  Commitment commitment;
  commitment.kind = static_cast<CommitmentKind>(byte(1));
  commitment.id = std::string(leaf.substr(3, id_length));
  std::size_t offset = 3 + id_length;
  std::memcpy(commitment.sha256.data(), leaf.data() + offset, 32);
  offset += 32;
  std::uint64_t time = 0;
  for (int i = 0; i < 8; ++i) time = (time << 8) | byte(offset + i);
  offset += 8;
  if (time > static_cast<std::uint64_t>(INT64_MAX)) return InvalidInput("time out of range");
  commitment.time_unix_ms = static_cast<std::int64_t>(time);
  std::memcpy(commitment.nonce.data(), leaf.data() + offset, 32);
  GIAI_RETURN_IF_ERROR(Validate(commitment));
  return commitment;
}

}  // namespace giai::ledger

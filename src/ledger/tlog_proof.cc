#include "ledger/tlog_proof.h"

#include <charconv>

#include "crypto/base64.h"

namespace giai::ledger {
namespace {

constexpr std::string_view kExtraPrefix = "extra ";
constexpr std::string_view kIndexPrefix = "index ";

Status Malformed(std::string why) {
  return InvalidInput("malformed tlog-proof: " + std::move(why));
}

Result<std::uint64_t> ParseDecimal(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) {
    return Malformed("index must be decimal without leading zeros");
  }
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return Malformed("index is not a 64-bit decimal number");
  }
  return value;
}

}  // namespace

std::string FormatTlogProof(const TlogProof& proof) {
  std::string text(kTlogProofHeader);
  text += "\n";
  if (!proof.extra.empty())
    text += std::string(kExtraPrefix) + crypto::Base64Encode(proof.extra) + "\n";
  text += std::string(kIndexPrefix) + std::to_string(proof.index) + "\n";
  for (const Hash& hash : proof.inclusion_proof) text += crypto::Base64Encode(hash) + "\n";
  text += "\n";
  text += proof.checkpoint_note;
  return text;
}

Result<TlogProof> ParseTlogProof(std::string_view text) {
  // The header block has no empty line, so the first one starts the checkpoint.
  const std::size_t split = text.find("\n\n");
  if (split == std::string_view::npos) return Malformed("no empty line before the checkpoint");
  std::string_view header = text.substr(0, split + 1);
  TlogProof proof;
  proof.checkpoint_note = std::string(text.substr(split + 2));

  std::vector<std::string_view> lines;
  while (!header.empty()) {
    const std::size_t eol = header.find('\n');
    lines.push_back(header.substr(0, eol));
    header.remove_prefix(eol + 1);
  }
  std::size_t next = 0;
  if (lines.empty() || lines[next++] != kTlogProofHeader) return Malformed("unknown header line");
  if (next < lines.size() && lines[next].substr(0, kExtraPrefix.size()) == kExtraPrefix) {
    if (!crypto::Base64Decode(lines[next].substr(kExtraPrefix.size()), proof.extra) ||
        proof.extra.empty()) {
      return Malformed("extra is not non-empty base64");
    }
    ++next;
  }
  if (next == lines.size() || lines[next].substr(0, kIndexPrefix.size()) != kIndexPrefix) {
    return Malformed("missing index line");
  }
  GIAI_ASSIGN_OR_RETURN(proof.index, ParseDecimal(lines[next++].substr(kIndexPrefix.size())));
  for (; next < lines.size(); ++next) {
    std::string bytes;
    if (!crypto::Base64Decode(lines[next], bytes)) return Malformed("proof hash is not base64");
    GIAI_ASSIGN_OR_RETURN(Hash hash, HashFromBytes(bytes));
    proof.inclusion_proof.push_back(hash);
  }
  return proof;
}

Result<TlogProof> MakeTlogProof(const MerkleLog& log, std::uint64_t index,
                                std::string_view leaf_bytes, std::string_view checkpoint_note) {
  GIAI_ASSIGN_OR_RETURN(ParsedNote note, ParseNote(checkpoint_note));
  GIAI_ASSIGN_OR_RETURN(Checkpoint checkpoint, ParseCheckpoint(note.text));
  GIAI_ASSIGN_OR_RETURN(Hash stored_leaf, log.LeafHash(index));
  if (stored_leaf != HashLeaf(leaf_bytes)) {
    return InvalidInput("leaf bytes are not leaf " + std::to_string(index));
  }
  TlogProof proof;
  proof.extra = std::string(leaf_bytes);
  proof.index = index;
  GIAI_ASSIGN_OR_RETURN(proof.inclusion_proof, log.InclusionProof(index, checkpoint.size));
  proof.checkpoint_note = std::string(checkpoint_note);
  return proof;
}

Result<VerifiedItem> VerifyItemProof(std::string_view proof_text,
                                     const crypto::Digest256& item_sha256, std::string_view origin,
                                     const NoteVerifier& log_key) {
  GIAI_ASSIGN_OR_RETURN(TlogProof proof, ParseTlogProof(proof_text));
  GIAI_ASSIGN_OR_RETURN(Checkpoint checkpoint,
                        OpenCheckpoint(proof.checkpoint_note, origin, log_key));
  if (proof.extra.empty()) return Malformed("a giai proof carries the leaf in its extra line");
  GIAI_ASSIGN_OR_RETURN(Commitment commitment, DecodeLeaf(proof.extra));
  if (commitment.sha256 != item_sha256) {
    return Integrity("the item's SHA-256 is not the digest committed in the leaf");
  }
  GIAI_RETURN_IF_ERROR(VerifyInclusion(proof.index, checkpoint.size, HashLeaf(proof.extra),
                                       proof.inclusion_proof, checkpoint.root));
  return VerifiedItem{std::move(commitment), std::move(checkpoint)};
}

}  // namespace giai::ledger

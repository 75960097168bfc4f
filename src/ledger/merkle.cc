#include "ledger/merkle.h"

#include <bit>
#include <cstring>

namespace giai::ledger {
namespace {

constexpr std::uint8_t kLeafPrefix = 0x00;
constexpr std::uint8_t kNodePrefix = 0x01;

}  // namespace

Hash HashLeaf(std::span<const std::uint8_t> leaf_data) {
  // Leaves are commitments of ~100 bytes (leaf.h): hash them one-shot from the stack.
  constexpr std::size_t kSmallLeaf = 256;
  if (leaf_data.size() <= kSmallLeaf) {
    std::uint8_t buffer[1 + kSmallLeaf];
    buffer[0] = kLeafPrefix;
    if (!leaf_data.empty()) std::memcpy(buffer + 1, leaf_data.data(), leaf_data.size());
    return crypto::Sha256Of(std::span<const std::uint8_t>(buffer, 1 + leaf_data.size()));
  }
  crypto::Sha256 h;
  h.Update(std::span<const std::uint8_t>(&kLeafPrefix, 1));
  h.Update(leaf_data);
  return h.Finish();
}

Hash HashLeaf(std::string_view leaf_data) {
  return HashLeaf(std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(leaf_data.data()), leaf_data.size()));
}

Hash HashChildren(const Hash& left, const Hash& right) {
  // One contiguous buffer and a one-shot digest: this is the hot path of appends and proofs.
  std::uint8_t buffer[1 + 2 * kHashBytes];
  buffer[0] = kNodePrefix;
  std::memcpy(buffer + 1, left.data(), kHashBytes);
  std::memcpy(buffer + 1 + kHashBytes, right.data(), kHashBytes);
  return crypto::Sha256Of(std::span<const std::uint8_t>(buffer, sizeof(buffer)));
}

Hash EmptyTreeHash() { return crypto::Sha256Of(std::string_view()); }

std::uint64_t SplitPoint(std::uint64_t n) { return std::bit_floor(n - 1); }

Hash MerkleTreeHash(std::span<const Hash> leaf_hashes) {
  const std::size_t n = leaf_hashes.size();
  if (n == 0) return EmptyTreeHash();
  if (n == 1) return leaf_hashes[0];
  const std::size_t k = SplitPoint(n);
  return HashChildren(MerkleTreeHash(leaf_hashes.subspan(0, k)),
                      MerkleTreeHash(leaf_hashes.subspan(k)));
}

Result<Hash> HashFromBytes(std::string_view bytes) {
  if (bytes.size() != kHashBytes) {
    return InvalidInput("a hash is 32 bytes, got " + std::to_string(bytes.size()));
  }
  Hash hash{};
  std::memcpy(hash.data(), bytes.data(), kHashBytes);
  return hash;
}

Result<Hash> RootFromInclusionProof(std::uint64_t leaf_index, std::uint64_t tree_size,
                                    const Hash& leaf_hash, std::span<const Hash> proof) {
  // RFC 9162 §2.1.3.2, numbered as in the RFC.
  if (leaf_index >= tree_size) {  // 1
    return Integrity("leaf index " + std::to_string(leaf_index) + " is outside a tree of size " +
                     std::to_string(tree_size));
  }
  std::uint64_t fn = leaf_index;  // 2
  std::uint64_t sn = tree_size - 1;
  Hash r = leaf_hash;                                              // 3
  for (const Hash& p : proof) {                                    // 4
    if (sn == 0) return Integrity("inclusion proof is too long");  // 4a
    if ((fn & 1) == 1 || fn == sn) {                               // 4b
      r = HashChildren(p, r);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = HashChildren(r, p);
    }
    fn >>= 1;  // 4c
    sn >>= 1;
  }
  if (sn != 0) return Integrity("inclusion proof is too short");  // 5
  return r;
}

Status VerifyInclusion(std::uint64_t leaf_index, std::uint64_t tree_size, const Hash& leaf_hash,
                       std::span<const Hash> proof, const Hash& root) {
  GIAI_ASSIGN_OR_RETURN(Hash computed,
                        RootFromInclusionProof(leaf_index, tree_size, leaf_hash, proof));
  if (computed != root) return Integrity("inclusion proof does not lead to the root");
  return Status::Ok();
}

Status VerifyConsistency(std::uint64_t size1, std::uint64_t size2, std::span<const Hash> proof,
                         const Hash& root1, const Hash& root2) {
  if (size1 == 0) return Integrity("a consistency proof from the empty tree proves nothing");
  if (size1 > size2) return Integrity("size1 is greater than size2");
  if (size1 == size2) {
    if (!proof.empty()) return Integrity("equal sizes need an empty consistency proof");
    if (root1 != root2) return Integrity("equal sizes but different roots");
    return Status::Ok();
  }
  // RFC 9162 §2.1.4.2, numbered as in the RFC.
  if (proof.empty()) return Integrity("empty consistency proof");  // 1
  // 2: when size1 is a power of two the old root is a node of the new tree and is not sent.
  const bool prepend_first = std::has_single_bit(size1);
  std::size_t next = 0;
  std::uint64_t fn = size1 - 1;  // 3
  std::uint64_t sn = size2 - 1;
  while ((fn & 1) == 1) {  // 4
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = prepend_first ? root1 : proof[next++];  // 5
  Hash sr = fr;
  for (; next < proof.size(); ++next) {  // 6
    const Hash& c = proof[next];
    if (sn == 0) return Integrity("consistency proof is too long");  // 6a
    if ((fn & 1) == 1 || fn == sn) {                                 // 6b
      fr = HashChildren(c, fr);
      sr = HashChildren(c, sr);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = HashChildren(sr, c);
    }
    fn >>= 1;  // 6c
    sn >>= 1;
  }
  // 7
  if (sn != 0) return Integrity("consistency proof is too short");
  if (fr != root1) return Integrity("consistency proof does not lead to the old root");
  if (sr != root2) return Integrity("consistency proof does not lead to the new root");
  return Status::Ok();
}

}  // namespace giai::ledger

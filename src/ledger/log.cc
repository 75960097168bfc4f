#include "ledger/log.h"

#include <algorithm>
#include <bit>
#include <string>

namespace giai::ledger {
namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

}  // namespace

Result<std::unique_ptr<MerkleLog>> MerkleLog::Create(LeafStore* store) {
  if (store == nullptr) return InvalidInput("MerkleLog needs a store");
  std::unique_ptr<MerkleLog> log(new MerkleLog(store));
  GIAI_RETURN_IF_ERROR(log->Reload());
  return log;
}

Status MerkleLog::Reload() {
  GIAI_ASSIGN_OR_RETURN(std::uint64_t size, store_->Size());
  std::vector<Peak> peaks;
  std::uint64_t offset = 0;
  // One perfect subtree per set bit of the size, largest first.
  for (int level = 63; level >= 0; --level) {
    const std::uint64_t width = std::uint64_t{1} << level;
    if ((size & width) == 0) continue;
    NodeId id{static_cast<std::uint32_t>(level), offset >> level};
    Result<Hash> hash = store_->GetNode(id);
    if (!hash.ok()) {
      if (hash.status().code() != Code::kNotFound) return hash.status();
      return Integrity("store of size " + Num(size) + " lacks node " + Num(id.level) + "/" +
                       Num(id.index));
    }
    peaks.push_back({id.level, *hash});
    offset += width;
  }
  size_ = size;
  peaks_ = std::move(peaks);
  return Status::Ok();
}

void MerkleLog::AddLeaf(std::vector<Peak>& peaks, const Hash& leaf_hash, std::uint64_t index,
                        std::vector<StoredNode>& completed) {
  peaks.push_back({0, leaf_hash});
  // Leaf `index` completes one perfect subtree per trailing one bit of `index`.
  while (peaks.size() >= 2 && peaks[peaks.size() - 2].level == peaks.back().level) {
    const Peak right = peaks.back();
    peaks.pop_back();
    Peak& left = peaks.back();
    left.hash = HashChildren(left.hash, right.hash);
    ++left.level;
    completed.push_back({{left.level, index >> left.level}, left.hash});
  }
}

Hash MerkleLog::Root() const {
  if (peaks_.empty()) return EmptyTreeHash();
  Hash root = peaks_.back().hash;
  for (auto it = peaks_.rbegin() + 1; it != peaks_.rend(); ++it) {
    root = HashChildren(it->hash, root);
  }
  return root;
}

Result<std::uint64_t> MerkleLog::Append(std::string_view leaf_data) {
  const Hash leaf_hash = HashLeaf(leaf_data);
  return AppendLeafHashes(std::span<const Hash>(&leaf_hash, 1));
}

Result<std::uint64_t> MerkleLog::AppendLeafHashes(std::span<const Hash> leaf_hashes) {
  if (leaf_hashes.empty()) return InvalidInput("nothing to append");
  if (leaf_hashes.size() > UINT64_MAX - size_) return InvalidInput("log is full");
  // Work on copies so that a failed store write leaves this object unchanged.
  std::vector<Peak> peaks = peaks_;
  std::vector<StoredNode> inner_nodes;
  std::uint64_t index = size_;
  for (const Hash& leaf_hash : leaf_hashes) AddLeaf(peaks, leaf_hash, index++, inner_nodes);
  GIAI_RETURN_IF_ERROR(store_->Append(size_, leaf_hashes, inner_nodes));
  const std::uint64_t first = size_;
  size_ = index;
  peaks_ = std::move(peaks);
  return first;
}

Status MerkleLog::VerifyStoreIntegrity() const {
  std::vector<Peak> peaks;
  std::vector<StoredNode> completed;
  for (std::uint64_t index = 0; index < size_; ++index) {
    GIAI_ASSIGN_OR_RETURN(Hash leaf_hash, store_->GetNode({0, index}));
    completed.clear();
    AddLeaf(peaks, leaf_hash, index, completed);
    for (const StoredNode& node : completed) {
      GIAI_ASSIGN_OR_RETURN(Hash stored, store_->GetNode(node.id));
      if (stored != node.hash) {
        return Integrity("stored node " + Num(node.id.level) + "/" + Num(node.id.index) +
                         " does not match its leaves");
      }
    }
  }
  if (peaks.size() != peaks_.size()) return Integrity("tree shape differs from the store");
  for (std::size_t i = 0; i < peaks.size(); ++i) {
    if (peaks[i].hash != peaks_[i].hash) return Integrity("root in memory differs from the store");
  }
  return Status::Ok();
}

Result<Hash> MerkleLog::LeafHash(std::uint64_t leaf_index) const {
  if (leaf_index >= size_) return NotFound("no leaf " + Num(leaf_index));
  return store_->GetNode({0, leaf_index});
}

Result<Hash> MerkleLog::RangeHash(std::uint64_t begin, std::uint64_t end) const {
  const std::uint64_t width = end - begin;
  if (std::has_single_bit(width) && begin % width == 0) {
    const auto level = static_cast<std::uint32_t>(std::countr_zero(width));
    Result<Hash> hash = store_->GetNode({level, begin >> level});
    if (!hash.ok() && hash.status().code() == Code::kNotFound) {
      return Integrity("store lacks node " + Num(level) + "/" + Num(begin >> level));
    }
    return hash;
  }
  // Only the right edge of a tree is not perfect, and the recursion peels one perfect subtree
  // off the left each time, so this costs at most one read per set bit of `width`.
  const std::uint64_t k = SplitPoint(width);
  GIAI_ASSIGN_OR_RETURN(Hash left, RangeHash(begin, begin + k));
  GIAI_ASSIGN_OR_RETURN(Hash right, RangeHash(begin + k, end));
  return HashChildren(left, right);
}

Result<Hash> MerkleLog::RootAt(std::uint64_t tree_size) const {
  if (tree_size > size_) {
    return NotFound("tree size " + Num(tree_size) + " is beyond the log size " + Num(size_));
  }
  if (tree_size == size_) return Root();
  if (tree_size == 0) return EmptyTreeHash();
  return RangeHash(0, tree_size);
}

Result<std::vector<Hash>> MerkleLog::InclusionProof(std::uint64_t leaf_index,
                                                    std::uint64_t tree_size) const {
  if (tree_size > size_) {
    return NotFound("tree size " + Num(tree_size) + " is beyond the log size " + Num(size_));
  }
  if (leaf_index >= tree_size) {
    return InvalidInput("leaf " + Num(leaf_index) + " is not in a tree of size " + Num(tree_size));
  }
  // Walk PATH() from the root down, collecting siblings; the proof lists them bottom up.
  std::vector<Hash> proof;
  std::uint64_t begin = 0;
  std::uint64_t end = tree_size;
  while (end - begin > 1) {
    const std::uint64_t k = SplitPoint(end - begin);
    if (leaf_index - begin < k) {
      GIAI_ASSIGN_OR_RETURN(Hash sibling, RangeHash(begin + k, end));
      proof.push_back(sibling);
      end = begin + k;
    } else {
      GIAI_ASSIGN_OR_RETURN(Hash sibling, RangeHash(begin, begin + k));
      proof.push_back(sibling);
      begin += k;
    }
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

Result<std::vector<Hash>> MerkleLog::ConsistencyProof(std::uint64_t size1,
                                                      std::uint64_t size2) const {
  if (size2 > size_) {
    return NotFound("tree size " + Num(size2) + " is beyond the log size " + Num(size_));
  }
  if (size1 == 0 || size1 > size2) {
    return InvalidInput("a consistency proof needs 0 < size1 <= size2");
  }
  // Walk SUBPROOF(size1, D[0:size2], true) from the top; `m` is size1 relative to `begin`.
  std::vector<Hash> top_down;
  std::uint64_t begin = 0;
  std::uint64_t end = size2;
  std::uint64_t m = size1;
  bool whole_old_tree = true;  // the RFC's flag b: is D[begin:begin+m] the entire old tree?
  while (m != end - begin) {
    const std::uint64_t k = SplitPoint(end - begin);
    if (m <= k) {
      GIAI_ASSIGN_OR_RETURN(Hash right, RangeHash(begin + k, end));
      top_down.push_back(right);
      end = begin + k;
    } else {
      GIAI_ASSIGN_OR_RETURN(Hash left, RangeHash(begin, begin + k));
      top_down.push_back(left);
      begin += k;
      m -= k;
      whole_old_tree = false;
    }
  }
  std::vector<Hash> proof;
  proof.reserve(top_down.size() + 1);
  if (!whole_old_tree) {
    GIAI_ASSIGN_OR_RETURN(Hash subtree, RangeHash(begin, end));
    proof.push_back(subtree);
  }
  proof.insert(proof.end(), top_down.rbegin(), top_down.rend());
  return proof;
}

}  // namespace giai::ledger

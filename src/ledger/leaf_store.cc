#include "ledger/leaf_store.h"

#include <string>

namespace giai::ledger {

Result<std::uint64_t> MemoryLeafStore::Size() const {
  return levels_.empty() ? 0 : static_cast<std::uint64_t>(levels_[0].size());
}

Status MemoryLeafStore::Append(std::uint64_t expected_size, std::span<const Hash> leaf_hashes,
                               std::span<const StoredNode> inner_nodes) {
  GIAI_ASSIGN_OR_RETURN(std::uint64_t size, Size());
  if (size != expected_size) {
    return Conflict("log has " + std::to_string(size) + " leaves, writer expected " +
                    std::to_string(expected_size));
  }
  // Validate the whole batch before changing anything, so a bad batch leaves no trace.
  std::vector<std::size_t> level_sizes;
  for (const auto& level : levels_) level_sizes.push_back(level.size());
  if (level_sizes.empty()) level_sizes.push_back(0);
  level_sizes[0] += leaf_hashes.size();
  for (const StoredNode& node : inner_nodes) {
    if (node.id.level == 0 || node.id.level >= 64) return InvalidInput("bad node level");
    if (level_sizes.size() <= node.id.level) level_sizes.resize(node.id.level + 1, 0);
    if (node.id.index != level_sizes[node.id.level]) {
      return InvalidInput("inner nodes must be appended in order");
    }
    ++level_sizes[node.id.level];
  }
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].insert(levels_[0].end(), leaf_hashes.begin(), leaf_hashes.end());
  for (const StoredNode& node : inner_nodes) {
    if (levels_.size() <= node.id.level) levels_.resize(node.id.level + 1);
    levels_[node.id.level].push_back(node.hash);
  }
  return Status::Ok();
}

Result<Hash> MemoryLeafStore::GetNode(NodeId id) const {
  ++reads_;
  if (id.level >= levels_.size() || id.index >= levels_[id.level].size()) {
    return NotFound("no node at level " + std::to_string(id.level) + " index " +
                    std::to_string(id.index));
  }
  return levels_[id.level][id.index];
}

void MemoryLeafStore::CorruptNodeForTesting(NodeId id, const Hash& hash) {
  levels_.at(id.level).at(id.index) = hash;
}

}  // namespace giai::ledger

// The review queue: pairs whose match probability is uncertain, and the decisions reviewers
// take on them, kept in a CSV file so later runs respect them.
//
// Decisions file: header `id_a,id_b,decision[,note]`, decision is "same" or "different" (an empty
// decision means "not reviewed yet" and is ignored). The queue file written by a run has the same
// columns plus the weight and probability, so a reviewer fills the decision column of the queue
// and passes it back as the decisions file. Ids are the records' ids in the run's input.
//
// Thread safety: plain values.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(ReviewDecisions d, LoadDecisions("decisions.csv", table));
//   if (d.IsDifferent(a, b)) ...
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/status.h"
#include "linkage/record.h"

namespace giai::linkage {

enum class Decision { kSame, kDifferent };

struct ReviewDecisions {
  std::vector<std::uint64_t> same;  // MakePair() keys
  std::vector<std::uint64_t> different;
  std::unordered_set<std::uint64_t> same_set;
  std::unordered_set<std::uint64_t> different_set;

  void Add(std::uint32_t a, std::uint32_t b, Decision decision);
  bool IsSame(std::uint32_t a, std::uint32_t b) const;
  bool IsDifferent(std::uint32_t a, std::uint32_t b) const;
  std::size_t size() const { return same.size() + different.size(); }
};

// Unknown ids are an error (a decision file from another run or list must not silently apply).
Result<ReviewDecisions> LoadDecisions(const std::string& path, const Table& table);

struct ReviewItem {
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  double weight = 0.0;
  double probability = 0.0;
};

// Writes the queue sorted by decreasing probability, decision column empty.
Status WriteReviewQueue(const std::string& path, const Table& table,
                        const std::vector<ReviewItem>& items);

}  // namespace giai::linkage

#include "ledger/log.h"

#include <gtest/gtest.h>

#include <bit>
#include <random>
#include <string>
#include <vector>

#include "ledger/leaf_store.h"
#include "ledger/merkle.h"

namespace giai::ledger {
namespace {

std::string LeafData(std::uint64_t i) { return "leaf-" + std::to_string(i); }

// Builds a log of `n` leaves and returns the leaf hashes, for the O(n) reference computations.
std::vector<Hash> Fill(MerkleLog& log, std::uint64_t n) {
  std::vector<Hash> leaf_hashes;
  for (std::uint64_t i = 0; i < n; ++i) {
    Result<std::uint64_t> index = log.Append(LeafData(i));
    EXPECT_TRUE(index.ok());
    EXPECT_EQ(*index, i);
    leaf_hashes.push_back(HashLeaf(LeafData(i)));
  }
  return leaf_hashes;
}

std::span<const Hash> Prefix(const std::vector<Hash>& v, std::uint64_t n) {
  return std::span<const Hash>(v).subspan(0, n);
}

TEST(MerkleLogTest, EmptyLogHasTheEmptyRoot) {
  MemoryLeafStore store;
  auto log = MerkleLog::Create(&store);
  ASSERT_TRUE(log.ok());
  EXPECT_EQ((*log)->size(), 0u);
  EXPECT_EQ((*log)->Root(), EmptyTreeHash());
  EXPECT_EQ((*log)->RootAt(0).value(), EmptyTreeHash());
}

TEST(MerkleLogTest, RootsOfEveryPrefixMatchTheRecursiveDefinition) {
  MemoryLeafStore store;
  auto log = MerkleLog::Create(&store);
  ASSERT_TRUE(log.ok());
  std::vector<Hash> leaf_hashes;
  for (std::uint64_t n = 1; n <= 70; ++n) {
    ASSERT_TRUE((*log)->Append(LeafData(n - 1)).ok());
    leaf_hashes.push_back(HashLeaf(LeafData(n - 1)));
    ASSERT_EQ((*log)->Root(), MerkleTreeHash(leaf_hashes)) << "size " << n;
  }
  for (std::uint64_t n = 0; n <= 70; ++n) {
    EXPECT_EQ((*log)->RootAt(n).value(), MerkleTreeHash(Prefix(leaf_hashes, n))) << n;
  }
}

TEST(MerkleLogTest, EveryInclusionProofVerifiesForEveryTreeSize) {
  MemoryLeafStore store;
  auto log = MerkleLog::Create(&store);
  ASSERT_TRUE(log.ok());
  const std::vector<Hash> leaf_hashes = Fill(**log, 40);
  for (std::uint64_t size = 1; size <= 40; ++size) {
    const Hash root = MerkleTreeHash(Prefix(leaf_hashes, size));
    for (std::uint64_t i = 0; i < size; ++i) {
      auto proof = (*log)->InclusionProof(i, size);
      ASSERT_TRUE(proof.ok());
      EXPECT_TRUE(VerifyInclusion(i, size, leaf_hashes[i], *proof, root).ok()) << i << "/" << size;
      // The same proof must not work for a neighbouring leaf or a different size.
      if (size > 1) {
        const std::uint64_t other = (i + 1) % size;
        EXPECT_FALSE(VerifyInclusion(other, size, leaf_hashes[i], *proof, root).ok());
        EXPECT_FALSE(VerifyInclusion(i, size, leaf_hashes[other], *proof, root).ok());
      }
    }
  }
}

TEST(MerkleLogTest, EveryConsistencyProofVerifiesBetweenAllSizePairs) {
  MemoryLeafStore store;
  auto log = MerkleLog::Create(&store);
  ASSERT_TRUE(log.ok());
  const std::vector<Hash> leaf_hashes = Fill(**log, 33);
  for (std::uint64_t size2 = 1; size2 <= 33; ++size2) {
    const Hash root2 = MerkleTreeHash(Prefix(leaf_hashes, size2));
    for (std::uint64_t size1 = 1; size1 <= size2; ++size1) {
      const Hash root1 = MerkleTreeHash(Prefix(leaf_hashes, size1));
      auto proof = (*log)->ConsistencyProof(size1, size2);
      ASSERT_TRUE(proof.ok());
      EXPECT_TRUE(VerifyConsistency(size1, size2, *proof, root1, root2).ok())
          << size1 << "->" << size2;
      if (size1 < size2) {
        EXPECT_FALSE(VerifyConsistency(size1, size2, *proof, root2, root1).ok());
        Hash forged = root1;
        forged[0] ^= 1;
        EXPECT_FALSE(VerifyConsistency(size1, size2, *proof, forged, root2).ok());
      }
    }
  }
}

TEST(MerkleLogTest, RandomisedProofsVerifyAndMutationsFail) {
  const auto seed = static_cast<std::uint32_t>(std::random_device{}());
  std::mt19937_64 rng(seed);
  SCOPED_TRACE("replay with seed " + std::to_string(seed));
  std::printf("RandomisedProofsVerifyAndMutationsFail seed=%u\n", seed);
  MemoryLeafStore store;
  auto log = MerkleLog::Create(&store);
  ASSERT_TRUE(log.ok());
  const std::vector<Hash> leaf_hashes = Fill(**log, 1 + rng() % 3000);
  const std::uint64_t n = leaf_hashes.size();
  for (int round = 0; round < 50; ++round) {
    const std::uint64_t size2 = 1 + rng() % n;
    const std::uint64_t size1 = 1 + rng() % size2;
    const std::uint64_t index = rng() % size2;
    const Hash root1 = MerkleTreeHash(Prefix(leaf_hashes, size1));
    const Hash root2 = MerkleTreeHash(Prefix(leaf_hashes, size2));
    auto inclusion = (*log)->InclusionProof(index, size2);
    auto consistency = (*log)->ConsistencyProof(size1, size2);
    ASSERT_TRUE(inclusion.ok() && consistency.ok());
    EXPECT_TRUE(VerifyInclusion(index, size2, leaf_hashes[index], *inclusion, root2).ok());
    EXPECT_TRUE(VerifyConsistency(size1, size2, *consistency, root1, root2).ok());
    if (!inclusion->empty()) {
      (*inclusion)[rng() % inclusion->size()][rng() % kHashBytes] ^= 0x01;
      EXPECT_FALSE(VerifyInclusion(index, size2, leaf_hashes[index], *inclusion, root2).ok());
    }
    if (!consistency->empty()) {
      consistency->pop_back();
      EXPECT_FALSE(VerifyConsistency(size1, size2, *consistency, root1, root2).ok());
    }
  }
}

TEST(MerkleLogTest, ProofsNeedLogarithmicStoreReads) {
  MemoryLeafStore store;
  auto log = MerkleLog::Create(&store);
  ASSERT_TRUE(log.ok());
  const std::uint64_t n = (1u << 17) + 12345;  // not a power of two: exercises the right edge
  std::vector<Hash> batch;
  for (std::uint64_t i = 0; i < n; ++i) batch.push_back(HashLeaf(LeafData(i)));
  ASSERT_TRUE((*log)->AppendLeafHashes(batch).ok());
  const std::uint64_t log2n = std::bit_width(n);
  for (std::uint64_t index : {std::uint64_t{0}, n / 3, n - 1}) {
    const std::uint64_t before = store.reads_for_testing();
    ASSERT_TRUE((*log)->InclusionProof(index, n).ok());
    EXPECT_LE(store.reads_for_testing() - before, 2 * log2n) << index;
  }
  const std::uint64_t before = store.reads_for_testing();
  ASSERT_TRUE((*log)->ConsistencyProof(n / 2 + 7, n - 3).ok());
  ASSERT_TRUE((*log)->RootAt(n - 3).ok());
  EXPECT_LE(store.reads_for_testing() - before, 4 * log2n);
  EXPECT_EQ((*log)->Root(), MerkleTreeHash(batch));
}

TEST(MerkleLogTest, BatchAppendEqualsSingleAppends) {
  MemoryLeafStore batched_store, single_store;
  auto batched = MerkleLog::Create(&batched_store);
  auto single = MerkleLog::Create(&single_store);
  ASSERT_TRUE(batched.ok() && single.ok());
  std::vector<Hash> batch;
  for (std::uint64_t i = 0; i < 21; ++i) batch.push_back(HashLeaf(LeafData(i)));
  Fill(**single, 21);
  ASSERT_EQ((*batched)->AppendLeafHashes(std::span<const Hash>(batch).subspan(0, 5)).value(), 0u);
  ASSERT_EQ((*batched)->AppendLeafHashes(std::span<const Hash>(batch).subspan(5)).value(), 5u);
  EXPECT_EQ((*batched)->Root(), (*single)->Root());
  EXPECT_EQ((*batched)->InclusionProof(6, 21).value(), (*single)->InclusionProof(6, 21).value());
}

TEST(MerkleLogTest, ReopeningAStoreRestoresTheSameTree) {
  MemoryLeafStore store;
  std::vector<Hash> leaf_hashes;
  {
    auto log = MerkleLog::Create(&store);
    ASSERT_TRUE(log.ok());
    leaf_hashes = Fill(**log, 1000);
  }
  auto reopened = MerkleLog::Create(&store);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->size(), 1000u);
  EXPECT_EQ((*reopened)->Root(), MerkleTreeHash(leaf_hashes));
  ASSERT_TRUE((*reopened)->Append(LeafData(1000)).ok());
  leaf_hashes.push_back(HashLeaf(LeafData(1000)));
  EXPECT_EQ((*reopened)->Root(), MerkleTreeHash(leaf_hashes));
}

TEST(MerkleLogTest, SecondWriterOnTheSameStoreFailsClosed) {
  MemoryLeafStore store;
  auto writer_a = MerkleLog::Create(&store);
  auto writer_b = MerkleLog::Create(&store);
  ASSERT_TRUE(writer_a.ok() && writer_b.ok());
  ASSERT_TRUE((*writer_a)->Append("a0").ok());
  Result<std::uint64_t> lost = (*writer_b)->Append("b0");
  EXPECT_EQ(lost.status().code(), Code::kConflict);
  EXPECT_EQ((*writer_b)->size(), 0u);  // unchanged by the failed append
  EXPECT_EQ(store.Size().value(), 1u);
  // Still stale: it keeps failing until it reloads, and then appends after the winner.
  EXPECT_EQ((*writer_b)->Append("b0").status().code(), Code::kConflict);
  ASSERT_TRUE((*writer_b)->Reload().ok());
  EXPECT_EQ((*writer_b)->Append("b0").value(), 1u);
  EXPECT_EQ((*writer_b)->Root(), MerkleTreeHash(std::vector<Hash>{HashLeaf("a0"), HashLeaf("b0")}));
}

TEST(MerkleLogTest, RejectsOutOfRangeRequests) {
  MemoryLeafStore store;
  auto log = MerkleLog::Create(&store);
  ASSERT_TRUE(log.ok());
  Fill(**log, 10);
  EXPECT_EQ((*log)->RootAt(11).status().code(), Code::kNotFound);
  EXPECT_EQ((*log)->InclusionProof(0, 11).status().code(), Code::kNotFound);
  EXPECT_EQ((*log)->InclusionProof(10, 10).status().code(), Code::kInvalidInput);
  EXPECT_EQ((*log)->ConsistencyProof(0, 5).status().code(), Code::kInvalidInput);
  EXPECT_EQ((*log)->ConsistencyProof(6, 5).status().code(), Code::kInvalidInput);
  EXPECT_EQ((*log)->ConsistencyProof(5, 11).status().code(), Code::kNotFound);
  EXPECT_EQ((*log)->LeafHash(10).status().code(), Code::kNotFound);
  EXPECT_EQ((*log)->AppendLeafHashes({}).status().code(), Code::kInvalidInput);
  EXPECT_EQ(MerkleLog::Create(nullptr).status().code(), Code::kInvalidInput);
}

TEST(MerkleLogTest, CorruptedStoreYieldsProofsThatFailVerification) {
  MemoryLeafStore store;
  auto log = MerkleLog::Create(&store);
  ASSERT_TRUE(log.ok());
  const std::vector<Hash> leaf_hashes = Fill(**log, 16);
  const Hash root = (*log)->Root();
  store.CorruptNodeForTesting({2, 1}, HashLeaf("forged"));  // leaves 4..7
  auto proof = (*log)->InclusionProof(0, 16);
  ASSERT_TRUE(proof.ok());
  EXPECT_EQ(VerifyInclusion(0, 16, leaf_hashes[0], *proof, root).code(), Code::kIntegrity);
  // Consistency from size 4 to 16 also goes through node (2, 1): it fails as well.
  auto consistency = (*log)->ConsistencyProof(4, 16);
  ASSERT_TRUE(consistency.ok());
  EXPECT_EQ(
      VerifyConsistency(4, 16, *consistency, MerkleTreeHash(Prefix(leaf_hashes, 4)), root).code(),
      Code::kIntegrity);
}

// Wraps a MemoryLeafStore and fails chosen calls, like a database that is down or full.
class FaultyLeafStore final : public LeafStore {
 public:
  Result<std::uint64_t> Size() const override { return inner_.Size(); }
  Status Append(std::uint64_t expected_size, std::span<const Hash> leaf_hashes,
                std::span<const StoredNode> inner_nodes) override {
    if (fail_appends_) return Unavailable("disk full");
    return inner_.Append(expected_size, leaf_hashes, inner_nodes);
  }
  Result<Hash> GetNode(NodeId id) const override {
    if (fail_reads_) return Unavailable("read error");
    return inner_.GetNode(id);
  }
  bool fail_appends_ = false;
  bool fail_reads_ = false;

 private:
  MemoryLeafStore inner_;
};

TEST(MerkleLogTest, FailedStoreWriteLeavesTheLogUnchangedAndUsable) {
  FaultyLeafStore store;
  auto log = MerkleLog::Create(&store);
  ASSERT_TRUE(log.ok());
  std::vector<Hash> leaf_hashes = Fill(**log, 5);
  const Hash root = (*log)->Root();
  store.fail_appends_ = true;
  EXPECT_EQ((*log)->Append("lost").status().code(), Code::kUnavailable);
  EXPECT_EQ((*log)->size(), 5u);
  EXPECT_EQ((*log)->Root(), root);
  store.fail_appends_ = false;
  ASSERT_EQ((*log)->Append("kept").value(), 5u);
  leaf_hashes.push_back(HashLeaf("kept"));
  EXPECT_EQ((*log)->Root(), MerkleTreeHash(leaf_hashes));
}

TEST(MerkleLogTest, ReadErrorsSurfaceInsteadOfWrongProofs) {
  FaultyLeafStore store;
  auto log = MerkleLog::Create(&store);
  ASSERT_TRUE(log.ok());
  Fill(**log, 9);
  store.fail_reads_ = true;
  EXPECT_EQ((*log)->InclusionProof(3, 9).status().code(), Code::kUnavailable);
  EXPECT_EQ((*log)->ConsistencyProof(3, 9).status().code(), Code::kUnavailable);
  EXPECT_EQ((*log)->RootAt(7).status().code(), Code::kUnavailable);
  EXPECT_EQ(MerkleLog::Create(&store).status().code(), Code::kUnavailable);
  // The current root needs no reads, so it is still available for signing.
  EXPECT_EQ((*log)->RootAt(9).status().code(), Code::kOk);
}

TEST(MerkleLogTest, FixityCheckFindsAnyDamagedNode) {
  MemoryLeafStore store;
  auto log = MerkleLog::Create(&store);
  ASSERT_TRUE(log.ok());
  Fill(**log, 37);
  ASSERT_TRUE((*log)->VerifyStoreIntegrity().ok());
  // Leaf 36 is left out: as the last leaf of a tree of 37 it is a peak of its own, derived from
  // nothing else in the store, so only a signed checkpoint can vouch for it (see below).
  const std::vector<NodeId> targets = {{0, 0}, {0, 35}, {1, 3}, {2, 1}, {3, 3}, {5, 0}};
  for (const NodeId& id : targets) {
    MemoryLeafStore copy = store;
    copy.CorruptNodeForTesting(id, HashLeaf("edited offline"));
    auto reopened = MerkleLog::Create(&copy);
    ASSERT_TRUE(reopened.ok());
    EXPECT_EQ((*reopened)->VerifyStoreIntegrity().code(), Code::kIntegrity)
        << id.level << "/" << id.index;
  }
}

TEST(MemoryLeafStoreTest, RejectsBatchesThatWouldBreakTheTreeLayout) {
  MemoryLeafStore store;
  const Hash h = HashLeaf("x");
  EXPECT_EQ(store.Append(1, std::span<const Hash>(&h, 1), {}).code(), Code::kConflict);
  StoredNode skipped{{1, 3}, h};
  EXPECT_EQ(store.Append(0, std::span<const Hash>(&h, 1), std::span<const StoredNode>(&skipped, 1))
                .code(),
            Code::kInvalidInput);
  EXPECT_EQ(store.Size().value(), 0u);  // a rejected batch leaves nothing behind
  EXPECT_EQ(store.GetNode({0, 0}).status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace giai::ledger

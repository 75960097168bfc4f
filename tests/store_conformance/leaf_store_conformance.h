// The LeafStore conformance suite: every LeafStore implementation (memory, SQLite, PostgreSQL)
// must pass it, so MerkleLog can rely on the contract written in ledger/leaf_store.h.
//
// Header-only so that each store's test binary instantiates it once with its own factory. A
// factory returns a fresh, empty store per test. Persistence across reopening and crash
// atomicity are store-specific and tested beside each store.
//
// Example (in sqlite_leaf_store_test.cc):
//   #include "store_conformance/leaf_store_conformance.h"
//   INSTANTIATE_TEST_SUITE_P(Sqlite, LeafStoreConformanceTest,
//                            ::testing::Values(LeafStoreFactory{[] { return MakeStore(); }}));
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ledger/leaf_store.h"
#include "ledger/log.h"
#include "ledger/merkle.h"

namespace giai::ledger {

struct LeafStoreFactory {
  std::function<std::unique_ptr<LeafStore>()> create;
};

class LeafStoreConformanceTest : public ::testing::TestWithParam<LeafStoreFactory> {
 protected:
  void SetUp() override {
    store_ = GetParam().create();
    ASSERT_NE(store_, nullptr);
  }
  static std::vector<Hash> Leaves(std::uint64_t first, std::uint64_t count) {
    std::vector<Hash> leaves;
    for (std::uint64_t i = first; i < first + count; ++i) {
      leaves.push_back(HashLeaf("conformance-" + std::to_string(i)));
    }
    return leaves;
  }
  std::unique_ptr<LeafStore> store_;
};

TEST_P(LeafStoreConformanceTest, StartsEmpty) {
  EXPECT_EQ(store_->Size().value(), 0u);
  EXPECT_EQ(store_->GetNode({0, 0}).status().code(), Code::kNotFound);
  EXPECT_EQ(store_->GetNode({1, 0}).status().code(), Code::kNotFound);
}

TEST_P(LeafStoreConformanceTest, ReturnsWhatWasAppended) {
  const std::vector<Hash> leaves = Leaves(0, 2);
  const StoredNode parent{{1, 0}, HashChildren(leaves[0], leaves[1])};
  ASSERT_TRUE(store_->Append(0, leaves, std::span<const StoredNode>(&parent, 1)).ok());
  EXPECT_EQ(store_->Size().value(), 2u);
  EXPECT_EQ(store_->GetNode({0, 0}).value(), leaves[0]);
  EXPECT_EQ(store_->GetNode({0, 1}).value(), leaves[1]);
  EXPECT_EQ(store_->GetNode({1, 0}).value(), parent.hash);
  EXPECT_EQ(store_->GetNode({0, 2}).status().code(), Code::kNotFound);
}

TEST_P(LeafStoreConformanceTest, AppendIsCompareAndSwapOnTheSize) {
  const std::vector<Hash> leaves = Leaves(0, 3);
  ASSERT_TRUE(store_->Append(0, std::span<const Hash>(leaves).subspan(0, 1), {}).ok());
  for (std::uint64_t stale : {std::uint64_t{0}, std::uint64_t{2}}) {
    EXPECT_EQ(store_->Append(stale, std::span<const Hash>(leaves).subspan(1, 1), {}).code(),
              Code::kConflict);
  }
  // The rejected batches left nothing behind.
  EXPECT_EQ(store_->Size().value(), 1u);
  EXPECT_EQ(store_->GetNode({0, 1}).status().code(), Code::kNotFound);
}

TEST_P(LeafStoreConformanceTest, BacksAMerkleLogWithCorrectRootsAndProofs) {
  auto log = MerkleLog::Create(store_.get());
  ASSERT_TRUE(log.ok());
  const std::vector<Hash> leaves = Leaves(0, 300);
  ASSERT_TRUE((*log)->AppendLeafHashes(std::span<const Hash>(leaves).subspan(0, 100)).ok());
  for (std::uint64_t i = 100; i < 300; ++i) {
    ASSERT_TRUE((*log)->AppendLeafHashes(std::span<const Hash>(&leaves[i], 1)).ok());
  }
  EXPECT_EQ((*log)->Root(), MerkleTreeHash(leaves));
  auto reopened = MerkleLog::Create(store_.get());
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->Root(), MerkleTreeHash(leaves));
  for (std::uint64_t size : {1u, 2u, 3u, 64u, 100u, 257u, 300u}) {
    const Hash root = MerkleTreeHash(std::span<const Hash>(leaves).subspan(0, size));
    EXPECT_EQ((*reopened)->RootAt(size).value(), root);
    const std::uint64_t index = size / 2;
    auto proof = (*reopened)->InclusionProof(index, size);
    ASSERT_TRUE(proof.ok());
    EXPECT_TRUE(VerifyInclusion(index, size, leaves[index], *proof, root).ok()) << size;
  }
}

TEST_P(LeafStoreConformanceTest, OnlyOneOfTwoConcurrentWritersWins) {
  auto writer_a = MerkleLog::Create(store_.get());
  auto writer_b = MerkleLog::Create(store_.get());
  ASSERT_TRUE(writer_a.ok() && writer_b.ok());
  ASSERT_TRUE((*writer_a)->Append("a").ok());
  EXPECT_EQ((*writer_b)->Append("b").status().code(), Code::kConflict);
  EXPECT_EQ(store_->Size().value(), 1u);
  EXPECT_EQ(store_->GetNode({0, 0}).value(), HashLeaf("a"));
}

}  // namespace giai::ledger

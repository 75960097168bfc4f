#include "ledger/checkpointer.h"

#include <gtest/gtest.h>

#include "crypto/random.h"
#include "ledger/leaf_store.h"

namespace giai::ledger {
namespace {

constexpr std::string_view kOrigin = "giai.example.org/ledger";

class CheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init());
    signer_ = std::make_unique<NoteSigner>(NoteSigner::Generate(std::string(kOrigin)).value());
  }
  static void Fill(MerkleLog& log, int from, int to, const std::string& prefix = "leaf") {
    for (int i = from; i < to; ++i) ASSERT_TRUE(log.Append(prefix + std::to_string(i)).ok());
  }
  Checkpoint Open(const std::string& note) const {
    return OpenCheckpoint(note, kOrigin, signer_->verifier()).value();
  }
  std::unique_ptr<NoteSigner> signer_;
};

TEST_F(CheckpointerTest, SignsAChainOfConsistentCheckpoints) {
  MemoryLeafStore store;
  auto log = MerkleLog::Create(&store).value();
  std::optional<Checkpoint> last;
  for (int round = 0; round < 6; ++round) {
    Fill(*log, round * 7, round * 7 + round);  // includes rounds that add nothing
    Result<std::string> note = SignNextCheckpoint(*log, kOrigin, last, *signer_);
    ASSERT_TRUE(note.ok()) << note.status().ToString();
    last = Open(*note);
    EXPECT_EQ(last->size, log->size());
    EXPECT_EQ(last->root, log->Root());
  }
}

TEST_F(CheckpointerTest, RefusesToSignARollback) {
  MemoryLeafStore store, restored_backup;
  auto log = MerkleLog::Create(&store).value();
  auto old_log = MerkleLog::Create(&restored_backup).value();
  Fill(*log, 0, 10);
  Fill(*old_log, 0, 6);
  const Checkpoint last = Open(SignNextCheckpoint(*log, kOrigin, std::nullopt, *signer_).value());
  EXPECT_EQ(SignNextCheckpoint(*old_log, kOrigin, last, *signer_).status().code(),
            Code::kIntegrity);
}

TEST_F(CheckpointerTest, RefusesToSignAForkOfTheSignedHistory) {
  MemoryLeafStore store, fork_store;
  auto log = MerkleLog::Create(&store).value();
  auto fork = MerkleLog::Create(&fork_store).value();
  Fill(*log, 0, 10);
  Fill(*fork, 0, 4);
  Fill(*fork, 4, 12, "rewritten");  // same first 4 leaves, then a different history
  const Checkpoint last = Open(SignNextCheckpoint(*log, kOrigin, std::nullopt, *signer_).value());
  EXPECT_EQ(SignNextCheckpoint(*fork, kOrigin, last, *signer_).status().code(), Code::kIntegrity);
}

TEST_F(CheckpointerTest, RefusesToSignOverADamagedStore) {
  MemoryLeafStore store;
  auto log = MerkleLog::Create(&store).value();
  Fill(*log, 0, 12);
  const Checkpoint last = Open(SignNextCheckpoint(*log, kOrigin, std::nullopt, *signer_).value());
  Fill(*log, 12, 20);
  // Leaves 8..11: on the path to the old root. (Damage off every path it reads is for
  // MerkleLog::VerifyStoreIntegrity, the O(n) fixity check.)
  store.CorruptNodeForTesting({2, 2}, HashLeaf("edited offline"));
  EXPECT_EQ(SignNextCheckpoint(*log, kOrigin, last, *signer_).status().code(), Code::kIntegrity);
}

TEST_F(CheckpointerTest, SignedCheckpointVouchesForTheLastLeaf) {
  // The last leaf of an odd tree is a peak no other stored node depends on; damage to it is
  // invisible to the store's own fixity check but not to the last signed checkpoint.
  MemoryLeafStore store;
  auto log = MerkleLog::Create(&store).value();
  Fill(*log, 0, 37);
  const Checkpoint last = Open(SignNextCheckpoint(*log, kOrigin, std::nullopt, *signer_).value());
  store.CorruptNodeForTesting({0, 36}, HashLeaf("edited offline"));
  auto reopened = MerkleLog::Create(&store).value();
  EXPECT_TRUE(reopened->VerifyStoreIntegrity().ok());
  EXPECT_EQ(SignNextCheckpoint(*reopened, kOrigin, last, *signer_).status().code(),
            Code::kIntegrity);
}

TEST_F(CheckpointerTest, RefusesAPreviousCheckpointOfAnotherLogOrABogusEmptyTree) {
  MemoryLeafStore store;
  auto log = MerkleLog::Create(&store).value();
  Fill(*log, 0, 3);
  Checkpoint other{"other.example/ledger", 1, log->RootAt(1).value(), {}};
  EXPECT_EQ(SignNextCheckpoint(*log, kOrigin, other, *signer_).status().code(), Code::kIntegrity);
  Checkpoint bogus_empty{std::string(kOrigin), 0, HashLeaf("x"), {}};
  EXPECT_EQ(SignNextCheckpoint(*log, kOrigin, bogus_empty, *signer_).status().code(),
            Code::kIntegrity);
  Checkpoint empty{std::string(kOrigin), 0, EmptyTreeHash(), {}};
  EXPECT_TRUE(SignNextCheckpoint(*log, kOrigin, empty, *signer_).ok());
}

}  // namespace
}  // namespace giai::ledger

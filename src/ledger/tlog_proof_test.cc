#include "ledger/tlog_proof.h"

#include <gtest/gtest.h>

#include "crypto/base64.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "ledger/leaf_store.h"

namespace giai::ledger {
namespace {

constexpr std::string_view kOrigin = "giai.example.org/ledger";

std::string Item(int i) { return "evidence file " + std::to_string(i); }

class TlogProofTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init());
    signer_ = std::make_unique<NoteSigner>(NoteSigner::Generate(std::string(kOrigin)).value());
    log_ = MerkleLog::Create(&store_).value();
    for (int i = 0; i < 21; ++i) {
      Commitment commitment =
          Commitment::Create(CommitmentKind::kEvidenceIngested, "item-" + std::to_string(i),
                             crypto::ToHex(crypto::Sha256Of(Item(i))), 1764355200000 + i)
              .value();
      leaves_.push_back(EncodeLeaf(commitment).value());
      ASSERT_TRUE(log_->Append(leaves_.back()).ok());
    }
  }
  std::string CheckpointNote(std::uint64_t size) const {
    return SignCheckpoint({std::string(kOrigin), size, log_->RootAt(size).value(), {}}, *signer_)
        .value();
  }
  std::string ProofFile(int item, std::uint64_t size) const {
    return FormatTlogProof(MakeTlogProof(*log_, item, leaves_[item], CheckpointNote(size)).value());
  }

  MemoryLeafStore store_;
  std::unique_ptr<MerkleLog> log_;
  std::unique_ptr<NoteSigner> signer_;
  std::vector<std::string> leaves_;
};

TEST_F(TlogProofTest, ProofFileFollowsTheC2spLayout) {
  const std::string file = ProofFile(5, 21);
  EXPECT_EQ(file.substr(0, 30), "c2sp.org/tlog-proof@v1\nextra A");  // leaf version byte 0x01
  EXPECT_NE(file.find("\nindex 5\n"), std::string::npos);
  EXPECT_NE(file.find("\n\n" + std::string(kOrigin) + "\n21\n"), std::string::npos);
  Result<TlogProof> parsed = ParseTlogProof(file);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(FormatTlogProof(*parsed), file);
  EXPECT_EQ(parsed->extra, leaves_[5]);
  EXPECT_EQ(parsed->inclusion_proof, log_->InclusionProof(5, 21).value());
}

TEST_F(TlogProofTest, VerifiesItemAgainstCurrentAndOlderCheckpoints) {
  for (std::uint64_t size : {21u, 13u, 8u, 1u}) {
    for (int item = 0; item < static_cast<int>(size); item += 3) {
      Result<VerifiedItem> verified = VerifyItemProof(
          ProofFile(item, size), crypto::Sha256Of(Item(item)), kOrigin, signer_->verifier());
      ASSERT_TRUE(verified.ok()) << verified.status().ToString();
      EXPECT_EQ(verified->commitment.id, "item-" + std::to_string(item));
      EXPECT_EQ(verified->checkpoint.size, size);
    }
  }
}

TEST_F(TlogProofTest, ChangingAnyByteOfTheProofFileFailsVerification) {
  const std::string file = ProofFile(6, 21);
  const crypto::Digest256 digest = crypto::Sha256Of(Item(6));
  ASSERT_TRUE(VerifyItemProof(file, digest, kOrigin, signer_->verifier()).ok());
  for (std::size_t i = 0; i < file.size(); ++i) {
    std::string mutated = file;
    ++mutated[i];
    EXPECT_FALSE(VerifyItemProof(mutated, digest, kOrigin, signer_->verifier()).ok()) << i;
  }
}

TEST_F(TlogProofTest, RejectsAnotherItemWrongOriginAndWrongKey) {
  const std::string file = ProofFile(6, 21);
  EXPECT_EQ(VerifyItemProof(file, crypto::Sha256Of(Item(7)), kOrigin, signer_->verifier())
                .status()
                .code(),
            Code::kIntegrity);
  EXPECT_EQ(
      VerifyItemProof(file, crypto::Sha256Of(Item(6)), "other.example/ledger", signer_->verifier())
          .status()
          .code(),
      Code::kIntegrity);
  NoteSigner other = NoteSigner::Generate(std::string(kOrigin)).value();
  EXPECT_EQ(
      VerifyItemProof(file, crypto::Sha256Of(Item(6)), kOrigin, other.verifier()).status().code(),
      Code::kIntegrity);
}

TEST_F(TlogProofTest, RejectsAProofForAnotherLeafPosition) {
  // A valid proof for leaf 6 relabelled as leaf 7 must not verify.
  std::string file = ProofFile(6, 21);
  file.replace(file.find("\nindex 6\n"), 9, "\nindex 7\n");
  EXPECT_EQ(VerifyItemProof(file, crypto::Sha256Of(Item(6)), kOrigin, signer_->verifier())
                .status()
                .code(),
            Code::kIntegrity);
}

TEST_F(TlogProofTest, MakeRefusesWrongLeafBytesOrAFutureCheckpoint) {
  EXPECT_EQ(MakeTlogProof(*log_, 3, leaves_[4], CheckpointNote(21)).status().code(),
            Code::kInvalidInput);
  Checkpoint future{std::string(kOrigin), 99, log_->Root(), {}};
  const std::string future_note = SignCheckpoint(future, *signer_).value();
  EXPECT_EQ(MakeTlogProof(*log_, 3, leaves_[3], future_note).status().code(), Code::kNotFound);
  EXPECT_EQ(MakeTlogProof(*log_, 30, leaves_[3], CheckpointNote(21)).status().code(),
            Code::kNotFound);
}

TEST_F(TlogProofTest, ParserRejectsMalformedFiles) {
  const std::string note = CheckpointNote(21);
  const std::string hash = crypto::Base64Encode(log_->Root());
  const std::vector<std::string> bad = {
      "c2sp.org/tlog-proof@v2\nindex 0\n\n" + note,                          // unknown version
      "index 0\n\n" + note,                                                  // no header
      "c2sp.org/tlog-proof@v1\n\n" + note,                                   // no index
      "c2sp.org/tlog-proof@v1\nindex 01\n\n" + note,                         // leading zero
      "c2sp.org/tlog-proof@v1\nindex -1\n\n" + note,                         // sign
      "c2sp.org/tlog-proof@v1\nextra \nindex 0\n\n" + note,                  // empty extra
      "c2sp.org/tlog-proof@v1\nextra !!\nindex 0\n\n" + note,                // extra not base64
      "c2sp.org/tlog-proof@v1\nindex 0\nextra QQ==\n\n" + note,              // extra after index
      "c2sp.org/tlog-proof@v1\nindex 0\n" + hash.substr(4) + "\n\n" + note,  // short hash
      "c2sp.org/tlog-proof@v1\nindex 0\n" + hash + "\n",  // no checkpoint separator
  };
  for (const std::string& text : bad) {
    EXPECT_EQ(ParseTlogProof(text).status().code(), Code::kInvalidInput) << text;
  }
  EXPECT_TRUE(ParseTlogProof("c2sp.org/tlog-proof@v1\nindex 0\n\n" + note).ok());
}

}  // namespace
}  // namespace giai::ledger

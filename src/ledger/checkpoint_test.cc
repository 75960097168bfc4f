#include "ledger/checkpoint.h"

#include <gtest/gtest.h>

#include "crypto/base64.h"
#include "crypto/random.h"
#include "ledger/leaf_store.h"
#include "ledger/log.h"

namespace giai::ledger {
namespace {

constexpr std::string_view kOrigin = "giai.example.org/ledger";

class CheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init());
    signer_ = std::make_unique<NoteSigner>(NoteSigner::Generate(std::string(kOrigin)).value());
    auto log = MerkleLog::Create(&store_);
    ASSERT_TRUE(log.ok());
    log_ = std::move(log).value();
    for (int i = 0; i < 11; ++i) ASSERT_TRUE(log_->Append("leaf " + std::to_string(i)).ok());
  }
  Checkpoint Current() const { return {std::string(kOrigin), log_->size(), log_->Root(), {}}; }

  MemoryLeafStore store_;
  std::unique_ptr<MerkleLog> log_;
  std::unique_ptr<NoteSigner> signer_;
};

TEST_F(CheckpointTest, SignedCheckpointOpensToTheSameValues) {
  const std::string note = SignCheckpoint(Current(), *signer_).value();
  const std::string expected_text =
      std::string(kOrigin) + "\n11\n" + crypto::Base64Encode(log_->Root()) + "\n\n";
  EXPECT_EQ(note.substr(0, expected_text.size()), expected_text);
  Result<Checkpoint> opened = OpenCheckpoint(note, kOrigin, signer_->verifier());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, Current());
}

TEST_F(CheckpointTest, RejectsWrongOriginWrongKeyAndTampering) {
  const std::string note = SignCheckpoint(Current(), *signer_).value();
  EXPECT_EQ(OpenCheckpoint(note, "other.example/ledger", signer_->verifier()).status().code(),
            Code::kIntegrity);
  NoteSigner other = NoteSigner::Generate(std::string(kOrigin)).value();
  EXPECT_EQ(OpenCheckpoint(note, kOrigin, other.verifier()).status().code(), Code::kIntegrity);
  std::string bigger = note;
  bigger.replace(bigger.find("\n11\n"), 4, "\n12\n");
  EXPECT_EQ(OpenCheckpoint(bigger, kOrigin, signer_->verifier()).status().code(), Code::kIntegrity);
  // A checkpoint for another origin, signed by this log's key, is still the wrong log.
  Checkpoint elsewhere = Current();
  elsewhere.origin = "other.example/ledger";
  EXPECT_EQ(SignCheckpoint(elsewhere, *signer_).status().code(), Code::kInvalidInput);
  const std::string other_note = SignNote(FormatCheckpoint(elsewhere).value(), *signer_).value();
  EXPECT_EQ(OpenCheckpoint(other_note, kOrigin, signer_->verifier()).status().code(),
            Code::kIntegrity);
}

TEST_F(CheckpointTest, ParsesExtensionLinesAndRejectsMalformedBodies) {
  const std::string root = crypto::Base64Encode(log_->Root());
  Result<Checkpoint> with_extension = ParseCheckpoint("o\n5\n" + root + "\next one\n");
  ASSERT_TRUE(with_extension.ok());
  EXPECT_EQ(with_extension->extensions, std::vector<std::string>{"ext one"});
  const std::vector<std::string> bad = {
      "o\n5\n" + root,                                               // no final newline
      "o\n5\n",                                                      // no root
      "\n5\n" + root + "\n",                                         // empty origin
      "o\n05\n" + root + "\n",                                       // leading zero
      "o\n-5\n" + root + "\n",                                       // sign
      "o\n+5\n" + root + "\n",                                       // sign
      "o\n 5\n" + root + "\n",                                       // space
      "o\n18446744073709551616\n" + root + "\n",                     // 2^64
      "o\n5\n" + root.substr(0, 40) + "\n",                          // not base64
      "o\n5\n" + crypto::Base64Encode(std::string(33, 'x')) + "\n",  // 33-byte root
      "o\n5\n" + root + "\n\n",                                      // empty extension line
      "o\r\n5\n" + root + "\n",                                      // control character
  };
  for (const std::string& text : bad) {
    EXPECT_EQ(ParseCheckpoint(text).status().code(), Code::kInvalidInput) << text;
  }
  EXPECT_EQ(ParseCheckpoint("o\n0\n" + root + "\n")->size, 0u);
  EXPECT_EQ(ParseCheckpoint("o\n18446744073709551615\n" + root + "\n")->size, UINT64_MAX);
}

TEST_F(CheckpointTest, ParsesTheTlogCheckpointSpecExample) {
  // c2sp.org/tlog-checkpoint's example (its public key is not published: syntax only).
  const std::string note =
      "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
      "\xE2\x80\x94 example.com/behind-the-sofa "
      "Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/"
      "Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n";
  Result<ParsedNote> parsed = ParseNote(note);
  ASSERT_TRUE(parsed.ok());
  Result<Checkpoint> checkpoint = ParseCheckpoint(parsed->text);
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status().ToString();
  EXPECT_EQ(checkpoint->origin, "example.com/behind-the-sofa");
  EXPECT_EQ(checkpoint->size, 20852163u);
  EXPECT_EQ(crypto::Base64Encode(checkpoint->root), "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
  EXPECT_TRUE(checkpoint->extensions.empty());
  EXPECT_EQ(
      OpenCheckpoint(note, "example.com/behind-the-sofa", signer_->verifier()).status().code(),
      Code::kIntegrity);
}

TEST_F(CheckpointTest, RefusesToFormatInvalidOriginsOrExtensions) {
  Checkpoint checkpoint = Current();
  checkpoint.origin = "two\nlines";
  EXPECT_EQ(FormatCheckpoint(checkpoint).status().code(), Code::kInvalidInput);
  checkpoint.origin = "";
  EXPECT_EQ(SignCheckpoint(checkpoint, *signer_).status().code(), Code::kInvalidInput);
  checkpoint = Current();
  checkpoint.extensions = {""};
  EXPECT_EQ(FormatCheckpoint(checkpoint).status().code(), Code::kInvalidInput);
}

TEST_F(CheckpointTest, AuditorVerifiesEveryCheckpointPairIsConsistent) {
  // A log that signs a checkpoint after every append; an auditor holding only the notes and the
  // log's proofs checks the whole history (protection requirement 6).
  std::vector<std::string> notes;
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(log_->Append("event " + std::to_string(i)).ok());
    notes.push_back(SignCheckpoint(Current(), *signer_).value());
  }
  for (std::size_t a = 0; a < notes.size(); ++a) {
    const Checkpoint older = OpenCheckpoint(notes[a], kOrigin, signer_->verifier()).value();
    for (std::size_t b = a; b < notes.size(); ++b) {
      const Checkpoint newer = OpenCheckpoint(notes[b], kOrigin, signer_->verifier()).value();
      auto proof = log_->ConsistencyProof(older.size, newer.size);
      ASSERT_TRUE(proof.ok());
      EXPECT_TRUE(VerifyConsistency(older.size, newer.size, *proof, older.root, newer.root).ok());
    }
  }
}

}  // namespace
}  // namespace giai::ledger

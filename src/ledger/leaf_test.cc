#include "ledger/leaf.h"

#include <gtest/gtest.h>

#include "crypto/hash.h"
#include "crypto/random.h"

namespace giai::ledger {
namespace {

const std::string kDigestHex = crypto::ToHex(crypto::Sha256Of("evidence bytes"));
constexpr std::int64_t kTime = 1764355200000;  // 2025-11-28T18:40:00Z

constexpr CommitmentKind kAllKinds[] = {
    CommitmentKind::kEvidenceIngested, CommitmentKind::kCustodyEvent,
    CommitmentKind::kRecordVersion,    CommitmentKind::kConsentVersion,
    CommitmentKind::kAuditBatch,       CommitmentKind::kRestrictionVersion,
    CommitmentKind::kKeyDestroyed};

class LeafTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(crypto::Init()); }
};

TEST_F(LeafTest, RoundTripsEveryKind) {
  for (CommitmentKind kind : kAllKinds) {
    Result<Commitment> commitment = Commitment::Create(kind, "01JDX3Q6Z7", kDigestHex, kTime);
    ASSERT_TRUE(commitment.ok());
    Result<std::string> leaf = EncodeLeaf(*commitment);
    ASSERT_TRUE(leaf.ok());
    Result<Commitment> decoded = DecodeLeaf(*leaf);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(*decoded, *commitment);
    EXPECT_EQ(ParseCommitmentKind(CommitmentKindName(kind)).value(), kind);
  }
}

// The schema test of protection requirement 11: the leaf holds exactly these five fields. Adding
// a member to Commitment breaks the structured binding (a compile error); adding bytes to the
// encoding breaks the size check. Either way, whoever adds a field must come here and justify it.
TEST_F(LeafTest, SchemaHoldsOnlyCommitmentFields) {
  Commitment commitment =
      Commitment::Create(CommitmentKind::kCustodyEvent, "evt-1", kDigestHex, kTime).value();
  auto& [kind, id, sha256, time_unix_ms, nonce] = commitment;
  EXPECT_EQ(CommitmentKindName(kind), "custody_event");
  EXPECT_EQ(crypto::ToHex(sha256), kDigestHex);
  EXPECT_EQ(time_unix_ms, kTime);
  EXPECT_EQ(nonce.size(), 32u);
  const std::string leaf = EncodeLeaf(commitment).value();
  EXPECT_EQ(leaf.size(), 1 + 1 + 1 + id.size() + 32 + 8 + 32);
  // Field positions as documented in leaf.h.
  EXPECT_EQ(leaf[0], 1);
  EXPECT_EQ(leaf[1], 2);
  EXPECT_EQ(leaf.substr(3, 5), "evt-1");
  EXPECT_EQ(leaf.substr(8, 32), std::string(reinterpret_cast<const char*>(sha256.data()), 32));
}

TEST_F(LeafTest, FreshNoncesMakeEqualCommitmentsUnlinkable) {
  Commitment a =
      Commitment::Create(CommitmentKind::kRecordVersion, "r1", kDigestHex, kTime).value();
  Commitment b =
      Commitment::Create(CommitmentKind::kRecordVersion, "r1", kDigestHex, kTime).value();
  EXPECT_NE(a.nonce, b.nonce);
  EXPECT_NE(EncodeLeaf(a).value(), EncodeLeaf(b).value());
}

TEST_F(LeafTest, RejectsIdsThatCouldCarryFreeTextOrIdentity) {
  for (const std::string& id :
       {std::string(), std::string("Jane Doe"), std::string("a/b"), std::string("caf\xC3\xA9"),
        std::string(65, 'a'), std::string("a\nb"), std::string("a\0b", 3)}) {
    EXPECT_EQ(
        Commitment::Create(CommitmentKind::kAuditBatch, id, kDigestHex, kTime).status().code(),
        Code::kInvalidInput)
        << id;
  }
  EXPECT_TRUE(
      Commitment::Create(CommitmentKind::kAuditBatch, std::string(64, 'a'), kDigestHex, kTime)
          .ok());
}

TEST_F(LeafTest, RejectsBadDigestsTimesAndKinds) {
  EXPECT_FALSE(Commitment::Create(CommitmentKind::kAuditBatch, "x", "abc", kTime).ok());
  EXPECT_FALSE(
      Commitment::Create(CommitmentKind::kAuditBatch, "x", kDigestHex.substr(2) + "zz", kTime)
          .ok());
  EXPECT_FALSE(Commitment::Create(CommitmentKind::kAuditBatch, "x", kDigestHex, -1).ok());
  EXPECT_FALSE(Commitment::Create(static_cast<CommitmentKind>(9), "x", kDigestHex, kTime).ok());
  EXPECT_FALSE(ParseCommitmentKind("evidence").ok());
}

TEST_F(LeafTest, RestrictionLeavesOfBothGenerationsDecode) {
  // Restriction versions were committed as consent_version (kind 4) before they had a kind of
  // their own (6): a leaf written then, byte by byte, still decodes unchanged.
  std::string old_leaf = {1, 4, 7};
  old_leaf += "rst_old";
  old_leaf += std::string(32, '\x11') + std::string(7, '\0') + '\x2a' + std::string(32, '\x22');
  Result<Commitment> old_commitment = DecodeLeaf(old_leaf);
  ASSERT_TRUE(old_commitment.ok()) << old_commitment.status().ToString();
  EXPECT_EQ(old_commitment->kind, CommitmentKind::kConsentVersion);
  EXPECT_EQ(old_commitment->id, "rst_old");
  EXPECT_EQ(EncodeLeaf(*old_commitment).value(), old_leaf);

  std::string new_leaf = old_leaf;
  new_leaf[1] = 6;
  Result<Commitment> new_commitment = DecodeLeaf(new_leaf);
  ASSERT_TRUE(new_commitment.ok());
  EXPECT_EQ(new_commitment->kind, CommitmentKind::kRestrictionVersion);
  EXPECT_EQ(CommitmentKindName(new_commitment->kind), "restriction_version");
}

TEST_F(LeafTest, DecodeAcceptsOnlyTheCanonicalEncoding) {
  const std::string leaf =
      EncodeLeaf(
          Commitment::Create(CommitmentKind::kConsentVersion, "c-7", kDigestHex, kTime).value())
          .value();
  EXPECT_FALSE(DecodeLeaf(leaf + "x").ok());
  EXPECT_FALSE(DecodeLeaf(leaf.substr(0, leaf.size() - 1)).ok());
  EXPECT_FALSE(DecodeLeaf("").ok());
  std::string wrong_version = leaf;
  wrong_version[0] = 2;
  EXPECT_FALSE(DecodeLeaf(wrong_version).ok());
  std::string wrong_kind = leaf;
  wrong_kind[1] = 0;
  EXPECT_FALSE(DecodeLeaf(wrong_kind).ok());
  std::string wrong_length = leaf;
  wrong_length[2] = 4;
  EXPECT_FALSE(DecodeLeaf(wrong_length).ok());
  std::string bad_id = leaf;
  bad_id[3] = ' ';
  EXPECT_FALSE(DecodeLeaf(bad_id).ok());
  std::string negative_time = leaf;
  negative_time[3 + 3 + 32] = static_cast<char>(0x80);
  EXPECT_FALSE(DecodeLeaf(negative_time).ok());
}

}  // namespace
}  // namespace giai::ledger

#include "vault/vault.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "crypto/random.h"
#include "vault/media_type.h"

namespace giai::vault {
namespace {

crypto::SecretKey NewKey() {
  EXPECT_TRUE(crypto::Init());
  return crypto::SecretKey::Generate();
}

class VaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init());
    dir_ = std::filesystem::temp_directory_path() /
           ("giai-vault-" + std::to_string(getpid()) + "-" + crypto::RandomToken(6));
    auto v = Vault::Open(dir_, env_);
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    vault_ = std::move(v).value();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes `content` in uneven pieces and commits it.
  Result<std::string> Store(const std::string& item, const std::string& content) {
    GIAI_ASSIGN_OR_RETURN(auto w, vault_->NewBlob(item, key_));
    for (std::size_t at = 0; at < content.size(); at += 7777) {
      GIAI_RETURN_IF_ERROR(w->Write(std::string_view(content).substr(at, 7777)));
    }
    EXPECT_EQ(crypto::ToHex(w->Digest()), crypto::ToHex(crypto::Sha256Of(content)));
    return w->Commit();
  }

  std::string ReadAll(const std::string& blob, const std::string& item) {
    auto r = vault_->OpenBlob(blob, item, key_);
    EXPECT_TRUE(r.ok());
    std::string out;
    while (true) {
      auto piece = (*r)->Next();
      EXPECT_TRUE(piece.ok()) << piece.status().ToString();
      if (!piece.ok() || piece->empty()) break;
      out += *piece;
    }
    return out;
  }

  std::filesystem::path dir_;
  FaultInjectingEnv env_{PosixEnv()};
  crypto::SecretKey key_ = NewKey();
  std::unique_ptr<Vault> vault_;
};

TEST_F(VaultTest, RoundTripsFilesOfEverySizeAroundTheChunkBoundary) {
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, kChunkBytes - 1, kChunkBytes,
                           kChunkBytes + 1, 3 * kChunkBytes, 3 * kChunkBytes + 5}) {
    std::string content = crypto::RandomBytes(size);
    auto blob = Store("evd_A", content);
    ASSERT_TRUE(blob.ok()) << blob.status().ToString();
    EXPECT_EQ(ReadAll(*blob, "evd_A"), content) << size;
    auto fixity = vault_->Rehash(*blob, "evd_A", key_);
    ASSERT_TRUE(fixity.ok());
    EXPECT_EQ(fixity->size, size);
    EXPECT_EQ(fixity->sha256, crypto::Sha256Of(content));
  }
}

TEST_F(VaultTest, StoresNoPlaintextOnDisk) {
  const std::string marker = "DISTINCTIVE-EVIDENCE-MARKER-Оксана-أمينة";
  auto blob = Store("evd_A", marker + marker);
  ASSERT_TRUE(blob.ok());
  std::ifstream in(vault_->PathOf(*blob), std::ios::binary);
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(raw.find("DISTINCTIVE"), std::string::npos);
}

TEST_F(VaultTest, DetectsAOneByteChangeATruncationAndABlobMovedToAnotherItem) {
  std::string content = crypto::RandomBytes(2 * kChunkBytes + 100);
  auto blob = Store("evd_A", content);
  ASSERT_TRUE(blob.ok());
  const auto path = vault_->PathOf(*blob);
  EXPECT_EQ(vault_->Rehash(*blob, "evd_B", key_).status().code(), Code::kIntegrity);

  std::string raw;
  {
    std::ifstream in(path, std::ios::binary);
    raw.assign((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  auto rewrite = [&](const std::string& bytes) {
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
  };
  std::string flipped = raw;
  flipped[raw.size() / 2] ^= 0x01;
  rewrite(flipped);
  EXPECT_EQ(vault_->Rehash(*blob, "evd_A", key_).status().code(), Code::kIntegrity);
  // Cut exactly after the second (non-final) chunk: without the final tag it must not pass.
  rewrite(raw.substr(
      0, 8 + crypto::kStreamHeaderBytes + 2 * (kChunkBytes + crypto::kStreamChunkOverhead)));
  EXPECT_EQ(vault_->Rehash(*blob, "evd_A", key_).status().code(), Code::kIntegrity);
  rewrite(raw + "x");
  EXPECT_EQ(vault_->Rehash(*blob, "evd_A", key_).status().code(), Code::kIntegrity);
  rewrite(raw);
  EXPECT_TRUE(vault_->Rehash(*blob, "evd_A", key_).ok());
}

TEST_F(VaultTest, OriginalsAreWriteOnce) {
  auto blob = Store("evd_A", "original");
  ASSERT_TRUE(blob.ok());
  // Publishing anything under an existing name fails, whatever the caller does.
  const auto other = dir_ / "other";
  { std::ofstream(other) << "forgery"; }
  EXPECT_EQ(PosixEnv().LinkExclusive(other, vault_->PathOf(*blob)).code(), Code::kConflict);
  EXPECT_EQ(PosixEnv().CreateExclusive(vault_->PathOf(*blob)).status().code(), Code::kConflict);
  EXPECT_EQ(ReadAll(*blob, "evd_A"), "original");
}

TEST_F(VaultTest, AnInjectedFaultLeavesNothingVisibleAndTheVaultWorksAfterwards) {
  for (auto fault : {FaultInjectingEnv::Fault::kWrite, FaultInjectingEnv::Fault::kDiskFull,
                     FaultInjectingEnv::Fault::kSync, FaultInjectingEnv::Fault::kLink,
                     FaultInjectingEnv::Fault::kSyncDirectory}) {
    env_.Arm(fault, fault == FaultInjectingEnv::Fault::kWrite ? 2 : 0);
    auto blob = Store("evd_F", crypto::RandomBytes(3 * kChunkBytes));
    EXPECT_FALSE(blob.ok()) << static_cast<int>(fault);
    env_.Disarm();
    EXPECT_TRUE(vault_->ListBlobs()->empty()) << static_cast<int>(fault);
    EXPECT_TRUE(std::filesystem::is_empty(dir_ / "incoming")) << static_cast<int>(fault);
  }
  auto blob = Store("evd_F", "after the faults");
  ASSERT_TRUE(blob.ok());
  EXPECT_EQ(ReadAll(*blob, "evd_F"), "after the faults");
}

TEST_F(VaultTest, OpeningTheVaultRemovesAbandonedUploads) {
  auto w = vault_->NewBlob("evd_A", key_);
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Write("half an upload").ok());
  EXPECT_FALSE(std::filesystem::is_empty(dir_ / "incoming"));
  auto reopened = Vault::Open(dir_, env_);  // as after a crash
  ASSERT_TRUE(reopened.ok());
  EXPECT_TRUE(std::filesystem::is_empty(dir_ / "incoming"));
  (*w)->Abort();
}

TEST(MediaType, RecognisesContentNotNames) {
  EXPECT_EQ(SniffMediaType("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n"), "application/pdf");
  EXPECT_EQ(SniffMediaType(std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16)), "image/png");
  EXPECT_EQ(SniffMediaType(""), "application/octet-stream");
}

}  // namespace
}  // namespace giai::vault

// Signed notes against the golang.org/x/mod/sumdb/note reference vectors (the PeterNeumann and
// EnochRoot keys, which the C2SP signed-note spec also uses) and protection requirement 7.
#include "ledger/note.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/hash.h"
#include "crypto/random.h"

namespace giai::ledger {
namespace {

constexpr std::string_view kPeterVkey =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kPeterSkey =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kEnochVkey =
    "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
constexpr std::string_view kText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr std::string_view kPeterSig =
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
constexpr std::string_view kEnochSig =
    "\xE2\x80\x94 EnochRoot "
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/"
    "5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

std::string Note(std::string_view sigs) { return std::string(kText) + "\n" + std::string(sigs); }

class NoteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init());
    peter_ = NoteVerifier::Parse(kPeterVkey).value();
    enoch_ = NoteVerifier::Parse(kEnochVkey).value();
  }
  NoteVerifier peter_;
  NoteVerifier enoch_;
};

TEST_F(NoteTest, ParsesTheReferenceVerifierKey) {
  EXPECT_EQ(peter_.name, "PeterNeumann");
  EXPECT_EQ(peter_.key_hash, 0xc74f20a3u);
  EXPECT_EQ(peter_.ToString(), kPeterVkey);
}

TEST_F(NoteTest, KeyHashIsTheFirstFourBytesOfSha256OfNameNewlineAlgKey) {
  std::string input = "PeterNeumann\n\x01";
  input.append(reinterpret_cast<const char*>(peter_.public_key.data()), 32);
  const crypto::Digest256 digest = crypto::Sha256Of(input);
  const std::uint32_t expected = (std::uint32_t{digest[0]} << 24) |
                                 (std::uint32_t{digest[1]} << 16) |
                                 (std::uint32_t{digest[2]} << 8) | digest[3];
  EXPECT_EQ(NoteKeyHash("PeterNeumann", peter_.public_key), expected);
  EXPECT_EQ(expected, peter_.key_hash);
}

TEST_F(NoteTest, RejectsEveryTruncationAndByteIncrementOfTheVerifierKey) {
  const std::string vkey(kPeterVkey);
  for (std::size_t i = 0; i <= vkey.size(); ++i) {
    for (std::size_t j = i + 1; j <= vkey.size(); ++j) {
      if (i == 0 && j == vkey.size()) continue;
      EXPECT_FALSE(NoteVerifier::Parse(vkey.substr(i, j - i)).ok()) << vkey.substr(i, j - i);
    }
  }
  for (std::size_t i = 0; i < vkey.size(); ++i) {
    std::string mutated = vkey;
    ++mutated[i];
    EXPECT_FALSE(NoteVerifier::Parse(mutated).ok()) << mutated;
  }
  // Wrong key length and unknown algorithm, each with a key hash adjusted to match (from Go).
  EXPECT_FALSE(NoteVerifier::Parse(
                   "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")
                   .ok());
  EXPECT_FALSE(
      NoteVerifier::Parse("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
          .ok());
}

TEST_F(NoteTest, SigningWithTheReferenceKeyReproducesTheReferenceNote) {
  Result<NoteSigner> signer = NoteSigner::Parse(kPeterSkey);
  ASSERT_TRUE(signer.ok()) << signer.status().ToString();
  EXPECT_EQ(signer->verifier().ToString(), kPeterVkey);
  EXPECT_EQ(signer->ToSecretString(), kPeterSkey);
  Result<std::string> note = SignNote(kText, *signer);
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(*note, Note(kPeterSig));
}

TEST_F(NoteTest, OpensTheReferenceNote) {
  Result<OpenedNote> opened = OpenNote(Note(kPeterSig), peter_);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->text, kText);
  ASSERT_EQ(opened->verified.size(), 1u);
  EXPECT_EQ(opened->verified[0].name, "PeterNeumann");
  EXPECT_EQ(opened->verified[0].key_hash, 0xc74f20a3u);
}

TEST_F(NoteTest, ReportsSignaturesByUnknownKeysAsUnverified) {
  Result<OpenedNote> one = OpenNote(Note(std::string(kPeterSig) + std::string(kEnochSig)), peter_);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->verified.size(), 1u);
  ASSERT_EQ(one->unverified.size(), 1u);
  EXPECT_EQ(one->unverified[0].name, "EnochRoot");
  EXPECT_EQ(one->unverified[0].key_hash, 0xaf0cfe78u);

  const std::vector<NoteVerifier> both = {peter_, enoch_};
  Result<OpenedNote> two = OpenNote(Note(std::string(kPeterSig) + std::string(kEnochSig)), both);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->verified.size(), 2u);
  EXPECT_TRUE(two->unverified.empty());

  Result<OpenedNote> none =
      OpenNote(Note(std::string(kPeterSig) + std::string(kEnochSig)), std::span<NoteVerifier>());
  EXPECT_EQ(none.status().code(), Code::kIntegrity);
}

TEST_F(NoteTest, RejectsAnInvalidSignatureByAKnownKey) {
  std::string bad_sig(kPeterSig);
  bad_sig.insert(60, "ABCD");
  EXPECT_EQ(OpenNote(Note(bad_sig), peter_).status().code(), Code::kIntegrity);
  std::string tampered = Note(kPeterSig);
  tampered.replace(tampered.find("cryptography"), 12, "cryptographY");
  EXPECT_EQ(OpenNote(tampered, peter_).status().code(), Code::kIntegrity);
}

TEST_F(NoteTest, CountsRepeatedSignaturesOnce) {
  std::string enoch_modified(kEnochSig);
  enoch_modified.insert(60, "ABCD");
  Result<OpenedNote> opened =
      OpenNote(Note(std::string(kPeterSig) + std::string(kPeterSig) + std::string(kEnochSig) +
                    std::string(kEnochSig) + enoch_modified),
               peter_);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->verified.size(), 1u);
  EXPECT_EQ(opened->unverified.size(), 2u);
}

TEST_F(NoteTest, RejectsMalformedNotes) {
  const std::string peter_sig(kPeterSig);
  const std::string text(kText);
  const std::vector<std::string> bad = {
      text,                                                     // no signatures
      text + "\n",                                              // blank line, no signatures
      text + "\n" + peter_sig.substr(0, peter_sig.size() - 1),  // last line unterminated
      "\x01" + text + "\n" + peter_sig,                         // control character
      "\xff" + text + "\n" + peter_sig,                         // invalid UTF-8
      text + "\n" +
          "\xE2\x80\x94 Bad Name "
          "x08go/ZJkuBS9UG/"
          "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
      text + "\n" + peter_sig + "Unexpected line.\n",
      text + peter_sig,        // missing blank line
      "a\rb\n\n" + peter_sig,  // carriage return
      "a\tb\n\n" + peter_sig,  // tab
      text +
          "\n- PeterNeumann "
          "x08go/ZJkuBS9UG/"
          "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
      text + "\n\xE2\x80\x94 PeterNeumann\n",       // no signature
      text + "\n\xE2\x80\x94 PeterNeumann AAAA\n",  // signature shorter than 5 bytes
      text +
          "\n\xE2\x80\x94 PeterNeumann  "
          "x08go/ZJkuBS9UG/"
          "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
  };
  for (const std::string& note : bad) {
    EXPECT_EQ(OpenNote(note, peter_).status().code(), Code::kInvalidInput) << note;
  }
}

TEST_F(NoteTest, ParsesTheC2spSpecExampleWithABlankLineInsideTheText) {
  // c2sp.org/signed-note's own example. The spec does not publish its public key, so only the
  // syntax is checked: the last blank line separates, earlier blank lines belong to the text.
  const std::string note =
      "Ognuno sta solo sul cuor della terra\n"
      "trafitto da un raggio di sole:\n"
      "\n"
      "ed \xC3\xA8 subito sera.\n"
      "\n"
      "\xE2\x80\x94 quasimodo.example/salvatore "
      "NnugSzTjtVAewIS+Z/iJhUPeFDkO/"
      "5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n";
  Result<ParsedNote> parsed = ParseNote(note);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->text, note.substr(0, note.rfind("\n\n") + 1));
  EXPECT_NE(parsed->text.find("sole:\n\ned"), std::string::npos);
  ASSERT_EQ(parsed->signatures.size(), 1u);
  EXPECT_EQ(parsed->signatures[0].name, "quasimodo.example/salvatore");
  EXPECT_EQ(parsed->signatures[0].key_hash, 0x367ba04bu);  // first 4 bytes of "NnugSw..."
  // With no known key, opening must fail rather than trust the text.
  EXPECT_EQ(OpenNote(note, peter_).status().code(), Code::kIntegrity);
}

TEST_F(NoteTest, AcceptsDelLikeTheSpecButNoOtherControlCharacter) {
  // The spec forbids only characters below U+0020 (other than newline); Go agrees.
  NoteSigner signer = NoteSigner::Generate("log").value();
  Result<std::string> with_del = SignNote(
      "a\x7f"
      "b\n",
      signer);
  ASSERT_TRUE(with_del.ok());
  EXPECT_TRUE(OpenNote(*with_del, signer.verifier()).ok());
  for (char c = 1; c < 0x20; ++c) {
    if (c == '\n') continue;
    std::string note = *with_del;
    note[1] = c;
    EXPECT_EQ(ParseNote(note).status().code(), Code::kInvalidInput) << static_cast<int>(c);
  }
}

TEST_F(NoteTest, AcceptsManySignaturesUpToTheDocumentedBound) {
  std::vector<NoteSigner> signers;
  std::vector<NoteVerifier> verifiers;
  std::string note = std::string(kText) + "\n";
  for (int i = 0; i < 20; ++i) {
    signers.push_back(NoteSigner::Generate("witness-" + std::to_string(i)).value());
    verifiers.push_back(signers.back().verifier());
    note += signers.back().SignatureLine(kText);
  }
  Result<OpenedNote> opened = OpenNote(note, verifiers);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->verified.size(), 20u);

  std::string at_bound = Note(kPeterSig);
  for (std::size_t i = 1; i < kMaxNoteSignatures; ++i) at_bound += kPeterSig;
  EXPECT_TRUE(OpenNote(at_bound, peter_).ok());
  EXPECT_EQ(OpenNote(at_bound + std::string(kPeterSig), peter_).status().code(),
            Code::kInvalidInput);
  EXPECT_EQ(OpenNote(at_bound + std::string(kPeterSig), std::span<NoteVerifier>()).status().code(),
            Code::kInvalidInput);
}

TEST_F(NoteTest, RejectsEverySingleByteChangeOfASignedNote) {
  NoteSigner signer = NoteSigner::Generate("giai.example/log").value();
  const std::string note = SignNote("giai.example/log\n42\nroot\n", signer).value();
  for (std::size_t i = 0; i < note.size(); ++i) {
    std::string mutated = note;
    ++mutated[i];
    EXPECT_FALSE(OpenNote(mutated, signer.verifier()).ok()) << "byte " << i;
  }
}

TEST_F(NoteTest, RejectsASignatureFromADifferentKeyWithTheSameName) {
  NoteSigner real = NoteSigner::Generate("giai.example/log").value();
  NoteSigner impostor = NoteSigner::Generate("giai.example/log").value();
  const std::string note = SignNote("hello\n", impostor).value();
  // Different key, so a different key hash: the note has no signature the verifier knows.
  EXPECT_EQ(OpenNote(note, real.verifier()).status().code(), Code::kIntegrity);
}

TEST_F(NoteTest, SignerRefusesInvalidTextAndNames) {
  NoteSigner signer = NoteSigner::Generate("log").value();
  EXPECT_EQ(SignNote("abc", signer).status().code(), Code::kInvalidInput);
  EXPECT_EQ(SignNote("", signer).status().code(), Code::kInvalidInput);
  EXPECT_EQ(SignNote("a\x01\n", signer).status().code(), Code::kInvalidInput);
  for (const char* name : {"", "a+b", "a b", "a\tb",
                           "a\xC2\xA0"
                           "b",
                           "\xff"}) {
    EXPECT_EQ(NoteSigner::Generate(name).status().code(), Code::kInvalidInput) << name;
  }
  EXPECT_TRUE(NoteSigner::Generate("\xC3\xA9vidence.example/log").ok());  // UTF-8 is fine
}

TEST_F(NoteTest, SignerKeyRoundTripsAndRejectsMismatchedHash) {
  NoteSigner signer = NoteSigner::Generate("giai.example/log").value();
  Result<NoteSigner> again = NoteSigner::Parse(signer.ToSecretString());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->verifier().ToString(), signer.verifier().ToString());
  std::string skey(kPeterSkey);
  skey.replace(skey.find("c74f20a3"), 8, "c74f20a4");
  EXPECT_FALSE(NoteSigner::Parse(skey).ok());
  EXPECT_FALSE(NoteSigner::Parse(kPeterVkey).ok());  // a verifier key is not a signer key
}

}  // namespace
}  // namespace giai::ledger

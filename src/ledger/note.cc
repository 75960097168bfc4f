#include "ledger/note.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "crypto/base64.h"
#include "crypto/hash.h"
#include "crypto/signing.h"

namespace giai::ledger {
namespace {

constexpr std::uint8_t kAlgEd25519 = 0x01;
constexpr std::string_view kSignaturePrefix = "\xE2\x80\x94 ";  // U+2014 EM DASH, space
constexpr std::string_view kSignerPrefix = "PRIVATE+KEY+";

Status Malformed(std::string why) { return InvalidInput("malformed note: " + std::move(why)); }

// Decodes one UTF-8 code point at text[i], advancing i; -1 for an invalid or overlong sequence,
// a surrogate, or a value above U+10FFFF.
std::int32_t NextCodePoint(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  const std::uint8_t b0 = byte(i);
  std::size_t len;
  std::int32_t cp;
  std::int32_t min;
  if (b0 < 0x80) {
    ++i;
    return b0;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return -1;
  }
  if (text.size() - i < len) return -1;
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  i += len;
  return cp;
}

// Go's unicode.IsSpace, which golang.org/x/mod/sumdb/note uses to validate names.
bool IsUnicodeSpace(std::int32_t cp) {
  switch (cp) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000: return true;
    default: return cp >= 0x2000 && cp <= 0x200A;
  }
}

// Valid UTF-8 with no ASCII control character (below U+0020) except newline. DEL is allowed, as
// in the spec and Go: a stricter parser would disagree with other verifiers about a valid note.
bool IsValidNoteBytes(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::int32_t cp = NextCodePoint(text, i);
    if (cp < 0 || (cp < 0x20 && cp != '\n')) return false;
  }
  return true;
}

Status CheckText(std::string_view text) {
  if (text.empty() || text.back() != '\n') return Malformed("text must end with a newline");
  if (!IsValidNoteBytes(text)) return Malformed("text has a control character or bad UTF-8");
  return Status::Ok();
}

std::string HashHex(std::uint32_t key_hash) {
  char buffer[9];
  std::snprintf(buffer, sizeof(buffer), "%08x", key_hash);
  return buffer;
}

// Exactly eight lowercase hex digits.
bool ParseHashHex(std::string_view hex, std::uint32_t& out) {
  if (hex.size() != 8) return false;
  out = 0;
  for (char c : hex) {
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else {
      return false;
    }
    out = (out << 4) | static_cast<std::uint32_t>(digit);
  }
  return true;
}

// Splits "<name>+<hash>+<base64(alg || key)>" and checks algorithm and length; the key hash is
// checked by the caller, who knows the public key.
Status ParseKeyString(std::string_view text, std::string& name, std::uint32_t& key_hash,
                      std::string& key) {
  const std::size_t plus1 = text.find('+');
  if (plus1 == std::string_view::npos) return InvalidInput("key has no '+' separators");
  const std::size_t plus2 = text.find('+', plus1 + 1);
  if (plus2 == std::string_view::npos) return InvalidInput("key has one '+' separator");
  name = std::string(text.substr(0, plus1));
  if (!IsValidNoteKeyName(name)) return InvalidInput("bad key name");
  if (!ParseHashHex(text.substr(plus1 + 1, plus2 - plus1 - 1), key_hash)) {
    return InvalidInput("key hash is not 8 lowercase hex digits");
  }
  std::string decoded;
  if (!crypto::Base64Decode(text.substr(plus2 + 1), decoded) || decoded.empty()) {
    return InvalidInput("key material is not base64");
  }
  if (static_cast<std::uint8_t>(decoded[0]) != kAlgEd25519) {
    return InvalidInput("unsupported key algorithm");
  }
  key = decoded.substr(1);
  crypto::SecureWipe(decoded);  // for a signer key this held the seed
  if (key.size() != 32) return InvalidInput("an Ed25519 key is 32 bytes");
  return Status::Ok();
}

std::string EncodeKeyMaterial(std::string_view key) {
  std::string material(1, static_cast<char>(kAlgEd25519));
  material.append(key);
  std::string encoded = crypto::Base64Encode(material);
  crypto::SecureWipe(material);  // may be a seed
  return encoded;
}

}  // namespace

std::uint32_t NoteKeyHash(std::string_view name, const crypto::Ed25519PublicKey& public_key) {
  crypto::Sha256 h;
  h.Update(name);
  const std::uint8_t separator[2] = {'\n', kAlgEd25519};
  h.Update(std::span<const std::uint8_t>(separator, 2));
  h.Update(public_key);
  const crypto::Digest256 digest = h.Finish();
  return (std::uint32_t{digest[0]} << 24) | (std::uint32_t{digest[1]} << 16) |
         (std::uint32_t{digest[2]} << 8) | std::uint32_t{digest[3]};
}

bool IsValidNoteKeyName(std::string_view name) {
  if (name.empty() || name.find('+') != std::string_view::npos) return false;
  for (std::size_t i = 0; i < name.size();) {
    const std::int32_t cp = NextCodePoint(name, i);
    if (cp < 0x20 || IsUnicodeSpace(cp)) return false;  // cp < 0: invalid UTF-8
  }
  return true;
}

Result<NoteVerifier> NoteVerifier::Create(std::string name, const crypto::Ed25519PublicKey& key) {
  if (!IsValidNoteKeyName(name)) return InvalidInput("bad key name");
  NoteVerifier verifier;
  verifier.key_hash = NoteKeyHash(name, key);
  verifier.name = std::move(name);
  verifier.public_key = key;
  return verifier;
}

Result<NoteVerifier> NoteVerifier::Parse(std::string_view vkey) {
  std::string name, key;
  std::uint32_t key_hash = 0;
  GIAI_RETURN_IF_ERROR(ParseKeyString(vkey, name, key_hash, key));
  GIAI_ASSIGN_OR_RETURN(crypto::Ed25519PublicKey public_key,
                        crypto::Ed25519PublicKeyFromBytes(key));
  GIAI_ASSIGN_OR_RETURN(NoteVerifier verifier, Create(std::move(name), public_key));
  if (verifier.key_hash != key_hash) return InvalidInput("verifier key hash does not match");
  return verifier;
}

std::string NoteVerifier::ToString() const {
  return name + "+" + HashHex(key_hash) + "+" +
         EncodeKeyMaterial(
             std::string_view(reinterpret_cast<const char*>(public_key.data()), public_key.size()));
}

Result<NoteSigner> NoteSigner::Generate(std::string name) {
  GIAI_ASSIGN_OR_RETURN(crypto::Ed25519SigningKey key, crypto::Ed25519SigningKey::Generate());
  return Create(std::move(name), std::move(key));
}

Result<NoteSigner> NoteSigner::Create(std::string name, crypto::Ed25519SigningKey key) {
  GIAI_ASSIGN_OR_RETURN(NoteVerifier verifier,
                        NoteVerifier::Create(std::move(name), key.public_key()));
  return NoteSigner(std::move(verifier), std::move(key));
}

Result<NoteSigner> NoteSigner::Parse(std::string_view skey) {
  if (skey.substr(0, kSignerPrefix.size()) != kSignerPrefix) {
    return InvalidInput("signer key must start with PRIVATE+KEY+");
  }
  std::string name, seed;
  std::uint32_t key_hash = 0;
  GIAI_RETURN_IF_ERROR(ParseKeyString(skey.substr(kSignerPrefix.size()), name, key_hash, seed));
  Result<crypto::Ed25519SigningKey> key = crypto::Ed25519SigningKey::FromSeed(seed);
  crypto::SecureWipe(seed);
  if (!key.ok()) return key.status();
  GIAI_ASSIGN_OR_RETURN(NoteSigner signer, Create(std::move(name), std::move(key).value()));
  if (signer.verifier_.key_hash != key_hash) return InvalidInput("signer key hash does not match");
  return signer;
}

std::string NoteSigner::ToSecretString() const {
  std::string seed = key_.ExportSeed();
  std::string secret = std::string(kSignerPrefix) + verifier_.name + "+" +
                       HashHex(verifier_.key_hash) + "+" + EncodeKeyMaterial(seed);
  crypto::SecureWipe(seed);
  return secret;
}

std::string NoteSigner::SignatureLine(std::string_view text) const {
  const crypto::Ed25519Signature signature = key_.Sign(text);
  std::string blob(4, '\0');
  for (int k = 0; k < 4; ++k) {
    blob[k] = static_cast<char>(verifier_.key_hash >> (24 - 8 * k));
  }
  blob.append(reinterpret_cast<const char*>(signature.data()), signature.size());
  return std::string(kSignaturePrefix) + verifier_.name + " " + crypto::Base64Encode(blob) + "\n";
}

Result<std::string> SignNote(std::string_view text, const NoteSigner& signer) {
  GIAI_RETURN_IF_ERROR(CheckText(text));
  std::string note(text);
  note += "\n";
  note += signer.SignatureLine(text);
  return note;
}

Result<OpenedNote> OpenNote(std::string_view note, const NoteVerifier& verifier) {
  return OpenNote(note, std::span<const NoteVerifier>(&verifier, 1));
}

Result<ParsedNote> ParseNote(std::string_view note) {
  if (note.size() > kMaxNoteBytes) return Malformed("too large");
  if (!IsValidNoteBytes(note)) return Malformed("control character or bad UTF-8");
  // Signature lines are never empty, so the last blank line separates text from signatures.
  const std::size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) return Malformed("no blank line before the signatures");
  ParsedNote parsed;
  parsed.text = std::string(note.substr(0, split + 1));
  std::string_view lines = note.substr(split + 2);
  if (lines.empty() || lines.back() != '\n') {
    return Malformed("signature lines must be present and end with a newline");
  }
  while (!lines.empty()) {
    const std::size_t eol = lines.find('\n');
    const std::string_view line = lines.substr(0, eol);
    lines.remove_prefix(eol + 1);
    if (parsed.signatures.size() == kMaxNoteSignatures) return Malformed("too many signatures");
    if (line.substr(0, kSignaturePrefix.size()) != kSignaturePrefix) {
      return Malformed("a signature line must start with an em dash and a space");
    }
    const std::string_view body = line.substr(kSignaturePrefix.size());
    const std::size_t space = body.find(' ');
    if (space == std::string_view::npos) return Malformed("signature line has no signature");
    NoteSignature signature{std::string(body.substr(0, space)), 0,
                            std::string(body.substr(space + 1))};
    std::string blob;
    if (!IsValidNoteKeyName(signature.name) || signature.base64.empty() ||
        !crypto::Base64Decode(signature.base64, blob) || blob.size() < 5) {
      return Malformed("bad signature line");
    }
    for (int k = 0; k < 4; ++k) {
      signature.key_hash = (signature.key_hash << 8) | static_cast<std::uint8_t>(blob[k]);
    }
    parsed.signatures.push_back(std::move(signature));
  }
  return parsed;
}

Result<OpenedNote> OpenNote(std::string_view note, std::span<const NoteVerifier> verifiers) {
  GIAI_ASSIGN_OR_RETURN(ParsedNote parsed, ParseNote(note));
  OpenedNote opened;
  opened.text = std::move(parsed.text);
  std::set<std::pair<std::string, std::uint32_t>> seen_verified;
  std::set<std::pair<std::string, std::string>> seen_unverified;
  for (NoteSignature& signature : parsed.signatures) {
    const NoteVerifier* match = nullptr;
    for (const NoteVerifier& verifier : verifiers) {
      if (verifier.name != signature.name || verifier.key_hash != signature.key_hash) continue;
      // Two different keys with one name and hash would make "who signed" ambiguous.
      if (match != nullptr && match->public_key != verifier.public_key) {
        return InvalidInput("ambiguous key " + signature.name + "+" + HashHex(signature.key_hash));
      }
      match = &verifier;
    }
    if (match == nullptr) {
      if (seen_unverified.insert({signature.name, signature.base64}).second) {
        opened.unverified.push_back(std::move(signature));
      }
      continue;
    }
    // Only the first signature by a key counts (as in Go): later ones are not even checked.
    if (!seen_verified.insert({signature.name, signature.key_hash}).second) continue;
    std::string blob;
    if (!crypto::Base64Decode(signature.base64, blob) ||
        !crypto::VerifyEd25519(match->public_key, opened.text, std::string_view(blob).substr(4))) {
      return Integrity("invalid signature for key " + signature.name + "+" +
                       HashHex(signature.key_hash));
    }
    opened.verified.push_back(std::move(signature));
  }
  if (opened.verified.empty()) return Integrity("note has no verifiable signatures");
  return opened;
}

}  // namespace giai::ledger

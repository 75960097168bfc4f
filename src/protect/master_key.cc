#include "protect/master_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>

#include "crypto/base64.h"

namespace giai::protect {
namespace {

constexpr std::string_view kHeader = "giai-master-key-v1\n";

std::string WrapContext(const crypto::PassphraseKdfParams& p) {
  return "giai/v1|master-key|" + p.algorithm + "|" + std::to_string(p.opslimit) + "|" +
         std::to_string(p.memlimit) + "|" + crypto::Base64Encode(p.salt);
}

Result<std::string> ReadPrivateFile(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Unavailable("master key file " + path.string() +
                       " is missing; giai never runs without it (see docs/SECURITY.md)");
  }
  if ((st.st_mode & 077) != 0) {
    return Unavailable("master key file " + path.string() +
                       " is readable by others; run chmod 600 on it");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unavailable("cannot read the master key file " + path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool IsPassphraseFile(std::string_view raw) { return raw.substr(0, kHeader.size()) == kHeader; }

Status Malformed(const std::filesystem::path& path) {
  return Unavailable("master key file " + path.string() + " is not a giai key");
}

bool ParseUint(const std::string& text, std::uint64_t& out) {
  if (text.empty() || text.size() > 19) return false;
  out = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

Result<crypto::SecretKey> OpenPassphraseFile(const std::filesystem::path& path,
                                             std::string_view raw,
                                             const PassphraseSource& passphrase) {
  std::map<std::string, std::string> fields;
  std::istringstream lines{std::string(raw.substr(kHeader.size()))};
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    std::size_t eq = line.find('=');
    if (eq == std::string::npos) return Malformed(path);
    fields[line.substr(0, eq)] = line.substr(eq + 1);
  }
  crypto::PassphraseKdfParams params;
  std::string wrapped;
  params.algorithm = fields["kdf"];
  if (!ParseUint(fields["opslimit"], params.opslimit) ||
      !ParseUint(fields["memlimit"], params.memlimit) ||
      !crypto::Base64Decode(fields["salt"], params.salt) ||
      !crypto::Base64Decode(fields["wrapped"], wrapped)) {
    return Malformed(path);
  }
  if (!passphrase) {
    return Unavailable(
        "the master key is protected by a passphrase: give it with "
        "--passphrase-file, GIAI_PASSPHRASE_FILE, GIAI_PASSPHRASE_FD or "
        "GIAI_PASSPHRASE (see docs/SECURITY.md)");
  }
  GIAI_ASSIGN_OR_RETURN(std::string secret, passphrase());
  Result<crypto::SecretKey> kek = crypto::DerivePassphraseKey(secret, params);
  std::fill(secret.begin(), secret.end(), '\0');
  if (!kek.ok()) {
    if (kek.status().code() == Code::kInvalidInput) {
      return Unavailable("master key file " + path.string() + ": " + kek.status().message());
    }
    return kek.status();
  }
  Result<std::string> master = crypto::Open(*kek, wrapped, WrapContext(params));
  if (!master.ok()) {
    return Status(Code::kUnauthenticated,
                  "the passphrase does not open the master key (wrong passphrase?)");
  }
  Result<crypto::SecretKey> key = crypto::SecretKey::FromBytes(*master);
  std::fill(master->begin(), master->end(), '\0');
  if (!key.ok()) return Malformed(path);
  return key;
}

}  // namespace

std::string_view MasterKeyModeName(MasterKeyMode mode) {
  return mode == MasterKeyMode::kPassphrase ? "passphrase" : "key-file";
}

Result<MasterKeyMode> MasterKeyModeOf(const std::filesystem::path& path) {
  GIAI_ASSIGN_OR_RETURN(std::string raw, ReadPrivateFile(path));
  bool passphrase = IsPassphraseFile(raw);
  std::fill(raw.begin(), raw.end(), '\0');
  return passphrase ? MasterKeyMode::kPassphrase : MasterKeyMode::kKeyFile;
}

Status WriteMasterKeyFile(const std::filesystem::path& path, const crypto::SecretKey& master,
                          const MasterKeyTarget& target) {
  std::string content;
  if (target.mode == MasterKeyMode::kPassphrase) {
    if (target.passphrase.size() < crypto::PassphraseKdfParams::kMinPassphraseSize) {
      return InvalidInput("the passphrase must be at least 12 characters long");
    }
    crypto::PassphraseKdfParams params = target.kdf;
    params.salt = crypto::PassphraseKdfParams::Default().salt;
    GIAI_ASSIGN_OR_RETURN(crypto::SecretKey kek,
                          crypto::DerivePassphraseKey(target.passphrase, params));
    content = std::string(kHeader) + "kdf=" + params.algorithm +
              "\nopslimit=" + std::to_string(params.opslimit) +
              "\nmemlimit=" + std::to_string(params.memlimit) +
              "\nsalt=" + crypto::Base64Encode(params.salt) + "\nwrapped=" +
              crypto::Base64Encode(crypto::Seal(kek, master.Reveal(), WrapContext(params))) + "\n";
  } else {
    content = master.Reveal();
  }
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return Unavailable("cannot create " + path.parent_path().string() + ": " + ec.message());
  ::chmod(path.parent_path().c_str(), 0700);
  // O_EXCL: never replace an existing master key.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::fill(content.begin(), content.end(), '\0');
    if (errno == EEXIST) return Conflict("a master key already exists at " + path.string());
    return Unavailable("cannot create the master key file " + path.string());
  }
  bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  std::fill(content.begin(), content.end(), '\0');
  if (!ok) {
    std::filesystem::remove(path, ec);
    return Unavailable("cannot write the master key file");
  }
  return Status::Ok();
}

Result<crypto::SecretKey> ReadMasterKeyFile(const std::filesystem::path& path,
                                            const PassphraseSource& passphrase) {
  GIAI_ASSIGN_OR_RETURN(std::string raw, ReadPrivateFile(path));
  Result<crypto::SecretKey> key = IsPassphraseFile(raw) ? OpenPassphraseFile(path, raw, passphrase)
                                                        : crypto::SecretKey::FromBytes(raw);
  std::fill(raw.begin(), raw.end(), '\0');
  if (!key.ok() && key.status().code() == Code::kIntegrity) return Malformed(path);
  return key;
}

}  // namespace giai::protect

#include "cli/passphrase.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "cli/runtime.h"

namespace giai::cli {
namespace {

std::optional<std::string>& Cache() {
  static std::optional<std::string> cache;
  return cache;
}

void Wipe(std::string& s) {
  std::fill(s.begin(), s.end(), '\0');
  s.clear();
}

std::string TrimNewline(std::string s) {
  std::size_t end = s.find_first_of("\r\n");
  if (end != std::string::npos) {
    std::fill(s.begin() + static_cast<std::ptrdiff_t>(end), s.end(), '\0');
    s.resize(end);
  }
  return s;
}

Result<std::string> ReadDescriptor(const char* variable, const char* value) {
  char* end = nullptr;
  long fd = std::strtol(value, &end, 10);
  if (end == value || *end != '\0' || fd < 0 || fd > 1 << 20) {
    return InvalidInput(std::string(variable) + " must be a file descriptor number");
  }
  std::string out;
  char buf[256];
  for (;;) {
    ssize_t n = ::read(static_cast<int>(fd), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return InvalidInput(std::string("cannot read the passphrase from ") + variable + "=" + value);
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > 4096) return InvalidInput("the passphrase is longer than 4096 bytes");
  }
  std::fill(std::begin(buf), std::end(buf), '\0');
  ::close(static_cast<int>(fd));
  return TrimNewline(std::move(out));
}

Result<std::string> Prompt(const std::string& question) {
  if (!::isatty(STDIN_FILENO)) {
    return Unavailable(
        "no passphrase given: use --passphrase-file, GIAI_PASSPHRASE_FILE, "
        "GIAI_PASSPHRASE_FD or GIAI_PASSPHRASE (see docs/SECURITY.md)");
  }
  std::cerr << question << std::flush;
  termios old{};
  bool restore = ::tcgetattr(STDIN_FILENO, &old) == 0;
  if (restore) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (restore) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  std::cerr << "\n";
  return TrimNewline(std::move(line));
}

Result<std::string> PromptTwice(const std::string& what) {
  GIAI_ASSIGN_OR_RETURN(std::string first, Prompt(what + ": "));
  GIAI_ASSIGN_OR_RETURN(std::string second, Prompt("Repeat " + what + ": "));
  bool same = first == second;
  Wipe(second);
  if (!same) {
    Wipe(first);
    return InvalidInput("the two passphrases differ");
  }
  return first;
}

// Reads from the first configured source: file, descriptor variable, value variable, prompt.
Result<std::string> ReadFrom(const std::string& file, const char* fd_variable,
                             const char* value_variable, bool confirm, const std::string& what) {
  if (!file.empty()) return ReadSecretFile(file);
  if (const char* fd = std::getenv(fd_variable)) return ReadDescriptor(fd_variable, fd);
  if (const char* value = std::getenv(value_variable)) {
    std::string out = value;
    ::unsetenv(value_variable);  // children never inherit it
    return out;
  }
  if (confirm) return PromptTwice(what);
  return Prompt(what + ": ");
}

}  // namespace

std::string& PassphraseFileOption() {
  static std::string file;
  return file;
}

bool PassphraseConfigured() {
  return !PassphraseFileOption().empty() || std::getenv("GIAI_PASSPHRASE_FD") != nullptr ||
         std::getenv("GIAI_PASSPHRASE") != nullptr;
}

protect::PassphraseSource ProcessPassphrase(bool confirm) {
  return [confirm]() -> Result<std::string> {
    if (!Cache()) {
      GIAI_ASSIGN_OR_RETURN(std::string read,
                            ReadFrom(PassphraseFileOption(), "GIAI_PASSPHRASE_FD",
                                     "GIAI_PASSPHRASE", confirm, "Master key passphrase"));
      Cache() = std::move(read);
    }
    return *Cache();
  };
}

Result<std::string> ReadNewPassphrase(const std::string& file) {
  return ReadFrom(file, "GIAI_NEW_PASSPHRASE_FD", "GIAI_NEW_PASSPHRASE", true,
                  "New master key passphrase");
}

void ForgetPassphrases() {
  if (Cache()) Wipe(*Cache());
  Cache().reset();
}

}  // namespace giai::cli

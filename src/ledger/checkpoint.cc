#include "ledger/checkpoint.h"

#include <charconv>

#include "crypto/base64.h"

namespace giai::ledger {
namespace {

bool IsValidLine(std::string_view line) {
  if (line.empty()) return false;
  for (char c : line) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return false;
  }
  return true;
}

Result<std::uint64_t> ParseSize(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) {
    return InvalidInput("checkpoint size must be decimal without leading zeros");
  }
  std::uint64_t size = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), size);
  if (error != std::errc() || end != text.data() + text.size()) {
    return InvalidInput("checkpoint size is not a 64-bit decimal number");
  }
  return size;
}

}  // namespace

Result<std::string> FormatCheckpoint(const Checkpoint& checkpoint) {
  if (!IsValidLine(checkpoint.origin)) return InvalidInput("bad checkpoint origin");
  std::string text = checkpoint.origin + "\n" + std::to_string(checkpoint.size) + "\n" +
                     crypto::Base64Encode(checkpoint.root) + "\n";
  for (const std::string& extension : checkpoint.extensions) {
    if (!IsValidLine(extension)) return InvalidInput("bad checkpoint extension line");
    text += extension + "\n";
  }
  return text;
}

Result<Checkpoint> ParseCheckpoint(std::string_view text) {
  if (text.empty() || text.back() != '\n') return InvalidInput("checkpoint must end in newline");
  std::vector<std::string_view> lines;
  for (std::string_view rest = text; !rest.empty();) {
    const std::size_t eol = rest.find('\n');
    lines.push_back(rest.substr(0, eol));
    rest.remove_prefix(eol + 1);
  }
  if (lines.size() < 3) return InvalidInput("checkpoint needs origin, size and root lines");
  for (std::string_view line : lines) {
    if (!IsValidLine(line)) return InvalidInput("checkpoint has an empty or invalid line");
  }
  Checkpoint checkpoint;
  checkpoint.origin = std::string(lines[0]);
  GIAI_ASSIGN_OR_RETURN(checkpoint.size, ParseSize(lines[1]));
  std::string root;
  if (!crypto::Base64Decode(lines[2], root)) return InvalidInput("checkpoint root is not base64");
  GIAI_ASSIGN_OR_RETURN(checkpoint.root, HashFromBytes(root));
  for (std::size_t i = 3; i < lines.size(); ++i) checkpoint.extensions.emplace_back(lines[i]);
  return checkpoint;
}

Result<std::string> SignCheckpoint(const Checkpoint& checkpoint, const NoteSigner& log_signer) {
  // tlog-checkpoint: the key name SHOULD match the origin. Requiring it catches a log configured
  // with another log's key before it signs anything.
  if (log_signer.verifier().name != checkpoint.origin) {
    return InvalidInput("log key name '" + log_signer.verifier().name +
                        "' differs from the checkpoint origin");
  }
  GIAI_ASSIGN_OR_RETURN(std::string text, FormatCheckpoint(checkpoint));
  return SignNote(text, log_signer);
}

Result<Checkpoint> OpenCheckpoint(std::string_view note, std::string_view expected_origin,
                                  const NoteVerifier& log_key) {
  GIAI_ASSIGN_OR_RETURN(OpenedNote opened, OpenNote(note, log_key));
  GIAI_ASSIGN_OR_RETURN(Checkpoint checkpoint, ParseCheckpoint(opened.text));
  if (checkpoint.origin != expected_origin) {
    return Integrity("checkpoint is for log '" + checkpoint.origin + "', expected '" +
                     std::string(expected_origin) + "'");
  }
  return checkpoint;
}

}  // namespace giai::ledger

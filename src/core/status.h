// Status and Result<T>: expected failures as values (CONVENTIONS.md "Code").
//
// Every fallible function returns a Status or a Result<T>. The code is stable: it is what the
// HTTP layer maps to a status and an RFC 9457 `code`, and what the CLI maps to an exit code
// (each mapping lives in exactly one place: http/problem.cc and cli/exit_codes.cc).
// Messages never contain identity or narrative values: they may be logged and are returned to
// clients.
//
// Example:
//   Result<Edtf> ParseEdtf(std::string_view text);
//   GIAI_ASSIGN_OR_RETURN(Edtf date, ParseEdtf(body.date));
//   GIAI_RETURN_IF_ERROR(store.Save(record));
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace giai {

enum class Code {
  kOk,
  kInvalidInput,
  kUnauthenticated,
  kForbidden,
  kNotFound,
  kConflict,
  kPreconditionFailed,    // stale If-Match
  kPreconditionRequired,  // If-Match missing
  kPayloadTooLarge,
  kUnsupportedMediaType,
  kRateLimited,
  kConsentDenied,
  kDigestMismatch,  // uploaded bytes differ from the declared SHA-256
  kIntegrity,       // stored data failed verification
  kUnavailable,
  kInternal,
};

// The stable snake_case name of a code, e.g. "invalid_input".
std::string_view CodeName(Code code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Code code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // The offending input field (JSON pointer-ish name such as "date" or "acts[2].victims"), if any.
  const std::string& field() const { return field_; }
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::string field_;
};

inline Status InvalidInput(std::string message, std::string field = {}) {
  return Status(Code::kInvalidInput, std::move(message), std::move(field));
}
inline Status NotFound(std::string message) { return Status(Code::kNotFound, std::move(message)); }
inline Status Forbidden(std::string message) {
  return Status(Code::kForbidden, std::move(message));
}
inline Status Conflict(std::string message) { return Status(Code::kConflict, std::move(message)); }
inline Status Internal(std::string message) { return Status(Code::kInternal, std::move(message)); }
inline Status Integrity(std::string message) {
  return Status(Code::kIntegrity, std::move(message));
}
inline Status Unavailable(std::string message) {
  return Status(Code::kUnavailable, std::move(message));
}

// A value or the Status explaining why there is none. Never holds an OK status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}         // NOLINT: implicit by design, like StatusOr
  Result(Status status) : data_(std::move(status)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace giai

#define GIAI_CONCAT_INNER_(a, b) a##b
#define GIAI_CONCAT_(a, b) GIAI_CONCAT_INNER_(a, b)

#define GIAI_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::giai::Status giai_status_ = (expr);        \
    if (!giai_status_.ok()) return giai_status_; \
  } while (false)

#define GIAI_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()

#define GIAI_ASSIGN_OR_RETURN(lhs, expr) \
  GIAI_ASSIGN_OR_RETURN_IMPL_(GIAI_CONCAT_(giai_result_, __LINE__), lhs, expr)

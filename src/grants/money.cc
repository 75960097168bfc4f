#include "grants/money.h"

#include <array>

namespace giai::grants {

namespace {

struct CurrencyInfo {
  std::string_view code;
  int digits;
};

// Active ISO 4217 codes for the currencies donors pay in and the programme's countries use.
// Kept sorted for readability only; lookups are linear over a small table.
constexpr std::array<CurrencyInfo, 58> kCurrencies{{
    {"AED", 2}, {"AFN", 2}, {"AMD", 2}, {"AUD", 2}, {"AZN", 2}, {"BAM", 2}, {"BDT", 2}, {"BHD", 3},
    {"BIF", 0}, {"BRL", 2}, {"CAD", 2}, {"CDF", 2}, {"CHF", 2}, {"CLP", 0}, {"CNY", 2}, {"COP", 2},
    {"CZK", 2}, {"DKK", 2}, {"DZD", 2}, {"EGP", 2}, {"ETB", 2}, {"EUR", 2}, {"GBP", 2}, {"GEL", 2},
    {"GNF", 0}, {"GTQ", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2}, {"INR", 2}, {"IQD", 3}, {"JOD", 3},
    {"JPY", 0}, {"KES", 2}, {"KWD", 3}, {"LBP", 2}, {"LYD", 3}, {"MAD", 2}, {"MMK", 2}, {"MXN", 2},
    {"NGN", 2}, {"NOK", 2}, {"PKR", 2}, {"PLN", 2}, {"RUB", 2}, {"RWF", 0}, {"SDG", 2}, {"SEK", 2},
    {"SYP", 2}, {"TND", 3}, {"TRY", 2}, {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"XAF", 0}, {"XOF", 0},
    {"YER", 2}, {"ZAR", 2},
}};

// 128-bit intermediates: amount (<= 10^15) x rate (<= 10^12) x 10^3 overflows 64 bits.
// __extension__ keeps -Wpedantic quiet about the GCC/Clang built-in type.
__extension__ typedef __int128 Wide;

constexpr std::int64_t kMaxMinor = 1'000'000'000'000'000;  // 10^15

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Parses "123" or "123.45" into an integer scaled by 10^digits; false if malformed or has more
// than `digits` decimals.
bool ParseScaled(std::string_view text, int digits, std::int64_t limit, std::int64_t& out) {
  if (text.empty() || text.size() > 24) return false;
  std::size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && frac.empty())) return false;
  if (static_cast<int>(frac.size()) > digits) return false;
  Wide value = 0;
  for (char c : whole) {
    if (!IsDigit(c)) return false;
    value = value * 10 + (c - '0');
    if (value > limit) return false;
  }
  for (int i = 0; i < digits; ++i) {
    char c = i < static_cast<int>(frac.size()) ? frac[static_cast<std::size_t>(i)] : '0';
    if (!IsDigit(c)) return false;
    value = value * 10 + (c - '0');
    if (value > limit) return false;
  }
  out = static_cast<std::int64_t>(value);
  return true;
}

std::string FormatScaled(std::int64_t value, int digits) {
  std::string sign = value < 0 ? "-" : "";
  std::uint64_t v =
      value < 0 ? static_cast<std::uint64_t>(-(value + 1)) + 1u : static_cast<std::uint64_t>(value);
  std::string s = std::to_string(v);
  if (digits == 0) return sign + s;
  while (static_cast<int>(s.size()) <= digits) s.insert(s.begin(), '0');
  s.insert(s.end() - digits, '.');
  return sign + s;
}

}  // namespace

int MinorDigits(std::string_view code) {
  for (const CurrencyInfo& c : kCurrencies) {
    if (c.code == code) return c.digits;
  }
  return -1;
}

bool IsCurrencyCode(std::string_view code) { return MinorDigits(code) >= 0; }

Result<Money> ParseMoney(std::string_view amount, std::string_view currency,
                         const std::string& field) {
  int digits = MinorDigits(currency);
  if (digits < 0) return InvalidInput("is not an ISO 4217 currency code giai knows", "currency");
  Money m;
  m.currency = std::string(currency);
  if (!ParseScaled(amount, digits, kMaxMinor, m.minor)) {
    return InvalidInput("must be a non-negative decimal string with at most " +
                            std::to_string(digits) + " decimals for " + m.currency,
                        field);
  }
  return m;
}

std::string FormatAmount(const Money& m) {
  return FormatScaled(m.minor, std::max(0, MinorDigits(m.currency)));
}

Result<std::int64_t> ParseRate(std::string_view rate, const std::string& field) {
  std::int64_t micro = 0;
  if (!ParseScaled(rate, 6, 1'000'000'000'000, micro) || micro == 0) {
    return InvalidInput("must be a positive decimal string with at most 6 decimals", field);
  }
  return micro;
}

std::string FormatRate(std::int64_t micro) { return FormatScaled(micro, 6); }

Result<Money> Convert(const Money& m, std::string_view target, std::int64_t rate_micro) {
  int from_digits = MinorDigits(m.currency), to_digits = MinorDigits(target);
  if (from_digits < 0 || to_digits < 0) return InvalidInput("unknown currency", "currency");
  if (rate_micro <= 0) return InvalidInput("must be positive", "fx_rate");
  if (m.currency == target && rate_micro != 1'000'000) {
    return InvalidInput("must be 1 between amounts in the same currency", "fx_rate");
  }
  // minor_to = minor_from * rate / 10^6 * 10^(to_digits - from_digits), rounded half away from 0.
  Wide num = static_cast<Wide>(m.minor) * rate_micro;
  Wide den = 1'000'000;
  for (int d = from_digits; d < to_digits; ++d) num *= 10;
  for (int d = to_digits; d < from_digits; ++d) den *= 10;
  Wide q = num / den, r = num % den;
  if (2 * (r < 0 ? -r : r) >= den) q += num < 0 ? -1 : 1;
  if (q > kMaxMinor || q < -kMaxMinor) return InvalidInput("is too large", "amount");
  return Money{static_cast<std::int64_t>(q), std::string(target)};
}

}  // namespace giai::grants

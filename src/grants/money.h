// Money for sub-granting: amounts in integer minor units of an ISO 4217 currency, never floating
// point. Parses and prints the API's decimal strings ("1500.00"), converts between currencies at a
// recorded FX rate (a decimal string, at most 6 decimals, "units of the target currency per unit of
// the source currency"), rounding half away from zero once, at the end.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(Money m, ParseMoney("1500.50", "EUR"));   // {150050, "EUR"}
//   GIAI_ASSIGN_OR_RETURN(Money u, Convert(m, "USD", "1.085"));      // {162804, "USD"}
//   FormatAmount(u) == "1628.04"
// Pure functions; thread safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace giai::grants {

struct Money {
  std::int64_t minor = 0;  // minor units (cents for EUR, units for JPY, fils/1000 for KWD)
  std::string currency;    // ISO 4217 alpha-3

  bool operator==(const Money&) const = default;
};

// True for the ISO 4217 active codes giai knows (major and programme-country currencies).
bool IsCurrencyCode(std::string_view code);
// The number of minor-unit digits of `code` (2 for EUR, 0 for JPY, 3 for KWD); -1 if unknown.
int MinorDigits(std::string_view code);

// "1500", "1500.5", "1500.50" -> minor units. Rejects negative amounts, more decimals than the
// currency has, signs, exponents, thousands separators and amounts above 10^15 minor units.
Result<Money> ParseMoney(std::string_view amount, std::string_view currency,
                         const std::string& field = "amount");
// {"amount": "1500.00", "currency": "EUR"} (API-CONVENTIONS.md).
std::string FormatAmount(const Money& m);

// A positive FX rate with at most 6 decimals, in millionths ("1.085" -> 1085000).
Result<std::int64_t> ParseRate(std::string_view rate, const std::string& field = "fx_rate");
std::string FormatRate(std::int64_t micro);

// `m` in `target` at `rate_micro` (millionths of target units per source unit). Same currency
// needs rate 1 (1000000); anything else is invalid_input.
Result<Money> Convert(const Money& m, std::string_view target, std::int64_t rate_micro);

}  // namespace giai::grants

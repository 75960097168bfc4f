// Extended Date/Time Format (ISO 8601-2, "EDTF") for the uncertain dates of human-rights records.
//
// Witnesses rarely know exact dates: "spring 1999", "April 1999, I think", "some time in the
// 1990s", "between March and June 1999". giai stores the date as written and derives the earliest
// and the latest calendar day it can denote, so that list filters can ask "could this have happened
// in the period?" with interval overlap.
//
// Supported: level 0 (1999, 1999-04, 1999-04-12, date-times whose time is ignored, intervals
// a/b), level 1 (qualifiers ? ~ % after a date, unspecified digits 199X / 19XX / 1999-XX /
// 1999-04-XX, long years Y170000, seasons 21–24, open ".." and unknown "" interval ends, negative
// years), and component qualifiers of level 2 (1999-~04, ?1999-04-12).
// Qualifiers record the witness's doubt; they do not widen the bounds.
//
// Days are counted from 1970-01-01 (proleptic Gregorian), so they sort and compare as integers.
//
// Example:
//   Result<Edtf> d = ParseEdtf("1999-03/1999-06");
//   d->earliest == DayFromCivil(1999, 3, 1); d->latest == DayFromCivil(1999, 6, 30)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace giai {

struct Edtf {
  std::string text;                      // exactly as written
  std::optional<std::int64_t> earliest;  // nullopt: open or unknown start (-infinity)
  std::optional<std::int64_t> latest;    // nullopt: open or unknown end (+infinity)
  bool uncertain = false;                // "?" somewhere
  bool approximate = false;              // "~" somewhere ("%" sets both)
  bool interval = false;

  // True if some day could belong to both (unbounded ends overlap everything).
  bool Overlaps(std::optional<std::int64_t> from, std::optional<std::int64_t> to) const;
};

Result<Edtf> ParseEdtf(std::string_view text);

std::int64_t DayFromCivil(std::int64_t year, unsigned month, unsigned day);
// ISO 8601 calendar date ("1999-04-12", "-0044-03-15") of a day number.
std::string DayToIso(std::int64_t day);
// Parses a plain ISO calendar date YYYY-MM-DD, as used in list filters.
Result<std::int64_t> ParseIsoDay(std::string_view text);

}  // namespace giai

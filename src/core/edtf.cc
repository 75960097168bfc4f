#include "core/edtf.h"

#include <algorithm>
#include <cctype>

namespace giai {
namespace {

// Howard Hinnant's days_from_civil: exact for the whole proleptic Gregorian calendar.
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool IsLeap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

struct Bounds {
  std::int64_t earliest;
  std::int64_t latest;
};

// Reads the qualifiers ? ~ % at the cursor into the flags.
void ReadQualifiers(std::string_view s, std::size_t& i, Edtf& out) {
  while (i < s.size() && (s[i] == '?' || s[i] == '~' || s[i] == '%')) {
    if (s[i] != '~') out.uncertain = true;
    if (s[i] != '?') out.approximate = true;
    ++i;
  }
}

// A run of digits and X (unspecified digits); returns the lowest and highest number it denotes.
bool ReadDigits(std::string_view s, std::size_t& i, std::size_t min_len, std::size_t max_len,
                std::int64_t& low, std::int64_t& high, bool& has_x) {
  std::size_t start = i;
  low = high = 0;
  has_x = false;
  while (i < s.size() && i - start < max_len &&
         (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == 'X')) {
    if (s[i] == 'X') {
      has_x = true;
      low = low * 10;
      high = high * 10 + 9;
    } else {
      low = low * 10 + (s[i] - '0');
      high = high * 10 + (s[i] - '0');
    }
    ++i;
  }
  return i - start >= min_len;
}

Status Bad(std::string_view why) {
  return InvalidInput("not a valid EDTF date: " + std::string(why));
}

// One calendar date (no interval). Sets bounds and the qualifier flags.
Result<Bounds> ParseSingle(std::string_view s, Edtf& out) {
  std::size_t i = 0;
  ReadQualifiers(s, i, out);

  // Year: four digits (with X), or "Y" and five or more digits; optional minus sign.
  bool long_year = i < s.size() && s[i] == 'Y';
  if (long_year) ++i;
  bool negative = i < s.size() && s[i] == '-';
  if (negative) ++i;
  std::int64_t ylow, yhigh;
  bool yx;
  if (long_year) {
    if (!ReadDigits(s, i, 5, 12, ylow, yhigh, yx) || yx) return Bad("long years need 5+ digits");
  } else if (!ReadDigits(s, i, 4, 4, ylow, yhigh, yx)) {
    return Bad("a year has four digits");
  }
  if (negative) {
    std::int64_t l = -yhigh, h = -ylow;
    ylow = l;
    yhigh = h;
  }
  ReadQualifiers(s, i, out);

  Bounds b{DaysFromCivil(ylow, 1, 1), DaysFromCivil(yhigh, 12, 31)};
  if (i == s.size()) return b;
  if (s[i] != '-' || long_year) return Bad("expected '-' after the year");
  ++i;
  ReadQualifiers(s, i, out);

  std::int64_t mlow, mhigh;
  bool mx;
  if (!ReadDigits(s, i, 2, 2, mlow, mhigh, mx)) return Bad("a month has two digits");
  if (mx && (mlow != 0 || mhigh != 99) && !(mlow == 10 && mhigh == 19)) {
    // Only XX and 1X make sense for months.
    if (!(mlow == 0 && mhigh == 9)) return Bad("unspecified month digits");
  }
  if (mx) {
    mlow = std::max<std::int64_t>(mlow, 1);
    mhigh = std::min<std::int64_t>(mhigh, 12);
  } else if (mlow >= 21 && mlow <= 24) {
    // Seasons (northern hemisphere, meteorological): spring Mar–May, summer Jun–Aug,
    // autumn Sep–Nov, winter Dec–Feb of the next year.
    ReadQualifiers(s, i, out);
    if (i != s.size()) return Bad("a season has no day");
    if (ylow != yhigh) return Bad("a season needs a specified year");
    switch (mlow) {
      case 21: return Bounds{DaysFromCivil(ylow, 3, 1), DaysFromCivil(ylow, 5, 31)};
      case 22: return Bounds{DaysFromCivil(ylow, 6, 1), DaysFromCivil(ylow, 8, 31)};
      case 23: return Bounds{DaysFromCivil(ylow, 9, 1), DaysFromCivil(ylow, 11, 30)};
      default:
        return Bounds{DaysFromCivil(ylow, 12, 1),
                      DaysFromCivil(ylow + 1, 2, DaysInMonth(ylow + 1, 2))};
    }
  } else if (mlow < 1 || mlow > 12) {
    return Bad("month out of range");
  }
  if (yx && !mx) return Bad("a month needs a fully specified year");
  ReadQualifiers(s, i, out);
  b.earliest = DaysFromCivil(ylow, static_cast<unsigned>(mlow), 1);
  b.latest = DaysFromCivil(yhigh, static_cast<unsigned>(mhigh),
                           DaysInMonth(yhigh, static_cast<unsigned>(mhigh)));
  if (i == s.size()) return b;
  if (s[i] != '-') return Bad("expected '-' after the month");
  ++i;
  ReadQualifiers(s, i, out);

  std::int64_t dlow, dhigh;
  bool dx;
  if (!ReadDigits(s, i, 2, 2, dlow, dhigh, dx)) return Bad("a day has two digits");
  if (dx) {
    if (!(dlow == 0 && dhigh == 99) && !(dhigh - dlow == 9)) return Bad("unspecified day digits");
    dlow = std::max<std::int64_t>(dlow, 1);
    dhigh = std::min<std::int64_t>(dhigh, DaysInMonth(yhigh, static_cast<unsigned>(mhigh)));
    if (dlow > dhigh) return Bad("day out of range");
  } else {
    if (mx || yx) return Bad("a day needs a fully specified month");
    if (dlow < 1 || dlow > DaysInMonth(ylow, static_cast<unsigned>(mlow))) {
      return Bad("day out of range for the month");
    }
  }
  ReadQualifiers(s, i, out);
  b.earliest = DaysFromCivil(ylow, static_cast<unsigned>(mlow), static_cast<unsigned>(dlow));
  b.latest = DaysFromCivil(yhigh, static_cast<unsigned>(mhigh), static_cast<unsigned>(dhigh));
  if (i == s.size()) return b;

  // Level 0 date-time: the day is what matters; check the time is well formed and drop it.
  if (s[i] != 'T' || mx || dx || yx) return Bad("unexpected characters after the day");
  std::string_view t = s.substr(i + 1);
  auto two = [&](std::size_t at, int max) {
    if (at + 2 > t.size() || !std::isdigit(static_cast<unsigned char>(t[at])) ||
        !std::isdigit(static_cast<unsigned char>(t[at + 1]))) {
      return false;
    }
    return (t[at] - '0') * 10 + (t[at + 1] - '0') <= max;
  };
  if (t.size() < 8 || !two(0, 23) || t[2] != ':' || !two(3, 59) || t[5] != ':' || !two(6, 59)) {
    return Bad("time must be hh:mm:ss");
  }
  std::string_view zone = t.substr(8);
  if (!(zone.empty() || zone == "Z" ||
        (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && two(9, 14) && zone[3] == ':' &&
         two(12, 59)))) {
    return Bad("time zone must be Z or ±hh:mm");
  }
  return b;
}

}  // namespace

std::int64_t DayFromCivil(std::int64_t year, unsigned month, unsigned day) {
  return DaysFromCivil(year, month, day);
}

std::string DayToIso(std::int64_t z) {
  // Inverse of DaysFromCivil (civil_from_days).
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  // By hand rather than snprintf: every rendered record with a date passes here twice.
  std::string out;
  out.reserve(12);
  if (y < 0) out.push_back('-');
  std::string year = std::to_string(y < 0 ? -y : y);
  if (year.size() < 4) out.append(4 - year.size(), '0');
  out += year;
  const char digits[] = {'-', static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10),
                         '-', static_cast<char>('0' + d / 10), static_cast<char>('0' + d % 10)};
  out.append(digits, sizeof digits);
  return out;
}

Result<std::int64_t> ParseIsoDay(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return InvalidInput("expected a date as YYYY-MM-DD");
  }
  Edtf scratch;
  GIAI_ASSIGN_OR_RETURN(Bounds b, ParseSingle(text, scratch));
  if (b.earliest != b.latest || scratch.uncertain || scratch.approximate) {
    return InvalidInput("expected a date as YYYY-MM-DD");
  }
  return b.earliest;
}

bool Edtf::Overlaps(std::optional<std::int64_t> from, std::optional<std::int64_t> to) const {
  if (from && latest && *latest < *from) return false;
  if (to && earliest && *earliest > *to) return false;
  return true;
}

Result<Edtf> ParseEdtf(std::string_view text) {
  Edtf out;
  out.text = std::string(text);
  if (text.empty()) return InvalidInput("date is empty");
  if (text.size() > 64) return InvalidInput("date is too long for EDTF");
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    GIAI_ASSIGN_OR_RETURN(Bounds b, ParseSingle(text, out));
    out.earliest = b.earliest;
    out.latest = b.latest;
    return out;
  }
  out.interval = true;
  std::string_view start = text.substr(0, slash), end = text.substr(slash + 1);
  if (end.find('/') != std::string_view::npos) return Bad("more than one '/'");
  bool start_open = start.empty() || start == "..";
  bool end_open = end.empty() || end == "..";
  if (start_open && end_open) return Bad("an interval needs at least one known end");
  if (!start_open) {
    GIAI_ASSIGN_OR_RETURN(Bounds b, ParseSingle(start, out));
    out.earliest = b.earliest;
  }
  if (!end_open) {
    GIAI_ASSIGN_OR_RETURN(Bounds b, ParseSingle(end, out));
    out.latest = b.latest;
  }
  if (out.earliest && out.latest && *out.earliest > *out.latest) {
    return Bad("the interval ends before it starts");
  }
  return out;
}

}  // namespace giai

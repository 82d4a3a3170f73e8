// Internal: dates, times and booleans (temporal.hpp) as the table's values: each column's format compiled
// once into pieces, every value's exact length first, then its text. A value is cut into its calendar
// date (Neri and Schneider, "Euclidean affine functions and their application to calendar algorithms",
// 2021) and its time of day; the pieces then take their digits from the pair table.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "simdigits/format.hpp"
#include "simdigits/temporal.hpp"
#include "time_zone.hpp"

namespace simdigits::detail {

struct civil_date {
  std::int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

// Howard Hinnant's civil_from_days (http://howardhinnant.github.io/date_algorithms.html): any day a
// 64-bit count of seconds reaches.
constexpr civil_date civil_from_days_wide(std::int64_t days) noexcept {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const unsigned month = unsigned(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2), month, unsigned(doy - (153 * mp + 2) / 5 + 1)};
}

// Days either side of 1970-01-01 that the 32-bit Neri-Schneider computation below covers (with room).
inline constexpr std::int64_t narrow_days = 12'000'000;

// The date `days` after 1970-01-01: Neri-Schneider's multiplications and shifts in 32 bits (the years
// counted from a shifted epoch so that they stay unsigned), the 64-bit divisions outside their range.
[[gnu::always_inline]] constexpr civil_date civil_from_days(std::int64_t days) noexcept {
  if (days < -narrow_days || days > narrow_days) return civil_from_days_wide(days);
  constexpr std::uint32_t s = 82, K = 719468 + 146097 * s, L = 400 * s;
  const std::uint32_t n = std::uint32_t(days) + K;
  const std::uint32_t n1 = 4 * n + 3;
  const std::uint32_t c = n1 / 146097, nc = n1 % 146097 / 4;
  const std::uint32_t n2 = 4 * nc + 3;
  const std::uint64_t p2 = std::uint64_t(2939745) * n2;
  const std::uint32_t z = std::uint32_t(p2 >> 32), ny = std::uint32_t(p2) / 2939745 / 4;
  const std::uint32_t n3 = 2141 * ny + 197913;
  const std::uint32_t m = n3 >> 16, d = (n3 & 0xFFFF) / 2141;
  const bool j = ny >= 306;
  return {std::int64_t(100 * c + z + j) - std::int64_t(L), j ? m - 12 : m, d + 1};
}

// The dates of recent days, by day count modulo their number, on each thread: real columns hold few
// distinct days (a year has 365), and a look-up is shorter than the date's arithmetic. Days within
// 2^29 of 1970-01-01 are kept, so a key of INT32_MIN marks a free entry.
struct day_cache {
  static constexpr std::size_t size = 4096;
  struct entry {
    std::int32_t days = std::numeric_limits<std::int32_t>::min();
    std::uint32_t date = 0;  // year << 9 | month << 5 | day, the year offset by 2^21
    std::uint64_t digits = 0;  // "YYYYMMDD" as ascii8 writes it (a year in 0..9999)
  };
  entry entries[size];

  static day_cache& of_this_thread() noexcept {
    static thread_local day_cache cache;
    return cache;
  }
  // The date `days` after 1970-01-01, and into `digits` its "YYYYMMDD" when its year is in 0..9999.
  [[gnu::always_inline]] civil_date operator()(std::int64_t days, std::uint64_t& digits) noexcept;
  // The "YYYYMMDD" digits alone of a day whose year is in 0..9999.
  [[gnu::always_inline]] std::uint64_t digits(std::int64_t days) noexcept {
    const entry& e = entries[std::uint64_t(days) % size];
    if (e.days == days) [[likely]]
      return e.digits;
    std::uint64_t d = 0;
    (*this)(days, d);
    return d;
  }
};

// The spans of a zone's offsets that recent values fell in, on each thread, by their UTC second's
// bucket of 2^21 seconds (24 days; a span lasts months): a column in no order finds most values' span
// here, without the search of the zone's transitions.
struct span_cache {
  static constexpr std::size_t size = 256;
  const zone_rules* zone = nullptr;
  std::int64_t last_year = 0;
  zone_rules::span spans[size];

  // This thread's cache, holding spans of `z` under `last_rule_year` (emptied when it held another's).
  static span_cache& of_this_thread(const zone_rules* z, std::int64_t last_rule_year) noexcept {
    static thread_local span_cache cache;
    if (cache.zone != z || cache.last_year != last_rule_year) {
      cache.zone = z, cache.last_year = last_rule_year;
      std::fill(std::begin(cache.spans), std::end(cache.spans), zone_rules::span{0, 0, 0});  // (none holds a second)
    }
    return cache;
  }
  [[gnu::always_inline]] const zone_rules::span& at(std::int64_t t) noexcept {
    zone_rules::span& s = spans[(std::uint64_t(t) >> 21) % size];
    if (t < s.from || t >= s.until) [[unlikely]]
      s = zone->at(t, last_year);
    return s;
  }
};

// Days from 1970-01-01 to year/month/day (Hinnant's days_from_civil).
constexpr std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept {
  year -= month <= 2;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t yoe = year - era * 400;
  const std::int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

inline civil_date day_cache::operator()(std::int64_t days, std::uint64_t& digits) noexcept {
  constexpr std::int64_t kept = std::int64_t(1) << 29;  // (years of +-1.5 million: the packed year fits)
  if (days < -kept || days > kept) return civil_from_days(days);
  entry& e = entries[std::uint64_t(days) % size];
  if (e.days != days) [[unlikely]] {
    const civil_date d = civil_from_days(days);
    const bool four_digits = d.year >= 0 && d.year <= 9999;
    e = {std::int32_t(days), std::uint32_t(d.year + (1 << 21)) << 9 | d.month << 5 | d.day,
         four_digits ? ascii8(std::uint32_t(d.year) * 10000 + d.month * 100 + d.day) : 0};
  }
  digits = e.digits;
  return {std::int64_t(e.date >> 9) - (1 << 21), (e.date >> 5) & 15, e.date & 31};
}

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {  // b > 0
  const std::int64_t q = a / b;
  return q - (a % b < 0);
}

// Units of each time_unit in a day and in a second (a day's unit has none in a second: 0).
constexpr std::int64_t units_per_day(time_unit u) noexcept {
  constexpr std::int64_t per_day[] = {1, 86400, 86400'000, 86400'000'000, 86400'000'000'000};
  return per_day[std::size_t(u)];
}
constexpr std::int64_t units_per_second(time_unit u) noexcept {
  constexpr std::int64_t per_second[] = {0, 1, 1000, 1000'000, 1000'000'000};
  return per_second[std::size_t(u)];
}
constexpr int unit_digits(time_unit u) noexcept { return u == time_unit::day ? 0 : 3 * (int(u) - 1); }
constexpr std::uint32_t power_of_ten(int e) noexcept { return e <= 0 ? 1 : 10 * power_of_ten(e - 1); }

// The value at p: 32 bits (narrow) or 64, byte-swapped or not.
[[gnu::always_inline]] inline std::int64_t value_at(const char* p, bool narrow, bool swap) noexcept {
  if (narrow) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return std::int32_t(swap ? __builtin_bswap32(v) : v);
  }
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return std::int64_t(swap ? __builtin_bswap64(v) : v);
}

// Calls f(read), read(i) the value i of a column's values at `base` (value_at's, `stride` bytes apart),
// for the scans that read every value: values side by side in this machine's byte order (Plain) are
// read without the stride's multiply and the swap's test.
template <bool Narrow, bool Plain, class F>
decltype(auto) with_reader_of(const char* base, std::ptrdiff_t stride, bool swap, F&& f) {
  const std::ptrdiff_t step = Plain ? (Narrow ? 4 : 8) : stride;
  const bool swapped = !Plain && swap;
  return f([base, step, swapped](std::size_t i) __attribute__((always_inline)) {
    return value_at(base + std::ptrdiff_t(i) * step, Narrow, swapped);
  });
}
template <class F> decltype(auto) with_reader(const char* base, std::ptrdiff_t stride, bool narrow, bool swap, F&& f) {
  const bool plain = !swap && stride == (narrow ? 4 : 8);
  if (narrow) return plain ? with_reader_of<true, true>(base, stride, swap, f) : with_reader_of<true, false>(base, stride, swap, f);
  return plain ? with_reader_of<false, true>(base, stride, swap, f) : with_reader_of<false, false>(base, stride, swap, f);
}

// ---- formats -------------------------------------------------------------------------------------------

enum class part : std::uint8_t {
  text, year, month, day, hour, minute, second, fraction, day_of_year, month_name, weekday_name,
  year_of_century,  // %y: the year modulo 100 (down), 2 digits
  hour_of_half,     // %I: 01..12
  half_of_day,      // %p: "AM" or "PM"
  python_fraction,  // ".ffffff" when the microseconds are not 0 (Python's str of a time), else nothing;
                    // digits 9 (pandas' str of a Timestamp): ".fffffffff" when the nanoseconds are not 0;
                    // digits 3 (chrono's %.f): "." and 3, 6 or 9 digits, as few as show the nanoseconds
  offset,           // the zone's offset: digits 0 "+HHMM", 1 "+HH:MM" (Python's: then seconds when not 0)
  zone_name,        // the zone's abbreviation at the value (%Z: "CET", "CEST", "LMT")
};

struct piece {
  part what;
  std::uint8_t digits = 0;  // a fraction's; a day's 1: padded with a space (%e); a name's 1: in full (%B, %A)
  bool point = false;       // a fraction's: "." before its digits
  std::uint32_t from = 0, size = 0;  // text: texts[from, from + size)
};

// Whose text years outside 0..9999 and zones' offsets take: chrono's (a sign and 4 digits at least,
// "-0044", "+10000"; offsets to the nearest minute), Python's ("{:04d}": "-044", "10000"; offsets with
// their seconds) or Arrow's ("-0044", "10000"; offsets cut to the minute).
enum class year_style : std::uint8_t { chrono, python, arrow };

constexpr year_style year_style_of(temporal_style style) noexcept {
  return style == temporal_style::iso ? year_style::chrono : style == temporal_style::arrow ? year_style::arrow : year_style::python;
}

// Where a piece's digits go in a value of fixed width: at `offset` of the layout.
struct slot {
  part what;
  std::uint8_t digits;
  std::uint16_t offset;
};

// Bytes of the layout of a format of fixed width (every value of a year in 0..9999 as long).
inline constexpr std::size_t layout_bytes = 64;

// A column's format compiled: pieces, and what they need of a value.
struct time_format {
  std::vector<piece> pieces;
  std::string texts;
  // A format whose values are all `fixed` bytes long (years in 0..9999 aside) and at most layout_bytes:
  // its text with the digits' places left, and where each piece's digits go. Empty: none.
  std::string layout;
  std::vector<slot> slots;
  // How many of the first slots are the common shapes, written from the date's 8 digits and the time's
  // pairs, not slot by slot: 3, year, month and day at 0, 5 and 8 (any separators); 6, then hour,
  // minute and second at 11, 14 and 17; 7, then the fraction's digits at 20; or 0.
  std::size_t shaped = 0;
  year_style years = year_style::chrono;
  bool date = false;  // a piece reads the date
  bool time = false;  // a piece reads the time of day
  std::size_t fixed = 0;  // bytes of a value whose year is in 0..9999 (and, per value fractions aside)
  std::size_t most = 0;   // bytes of the longest value
  bool per_value = false;  // a python_fraction piece: lengths differ by value
  std::uint8_t own_fraction = 0;  // its digits: 6 (Python's), 9 (pandas' Timestamp) or 3 (chrono's %.f)
  std::size_t own_fractions = 0;  // python_fraction pieces
  std::size_t year_pieces = 0;    // year pieces (each longer for a year outside 0..9999)
  std::size_t zone_names = 0;     // zone_name pieces (each as long as the value's abbreviation)
  std::size_t full_months = 0, full_weekdays = 0;  // %B and %A (each as long as the value's name)
  std::size_t offset_seconds = 0;  // bytes Python's offsets add when they have seconds
};

// Compiles `format` (temporal.hpp's directives; %f and the fractions as chrono reads them, or as Python
// does); false, with the offending directive in `bad`, when one is not taken. Years as chrono writes them.
bool compile_time_format(std::string_view format, bool chrono, time_format& out, std::string_view& bad);
// Sets whose text years outside 0..9999 take (and room for Arrow's text of years it does not write).
void set_years(time_format& f, temporal_style style);
// Takes the zone's offsets and abbreviations out of a format (a column of no zone); false when it has none.
bool drop_offsets(time_format& f);
// Writes the abbreviation of a zone of one `offset` ever (zone_rules::fixed) as the style's library does,
// as text: Python's "UTC+01:00" ("UTC" of 0), chrono's "+01" ("+0530" of a part of an hour).
void name_fixed_zone(time_format& f, std::int32_t offset, temporal_style style);

// The format a column of `kind` and `unit` takes in `style` without one of its own; `finest` (pandas):
// the unit of the column's finest non-null value (a day's: every value is a midnight).
time_format default_time_format(temporal_kind kind, time_unit unit, temporal_style style, time_unit finest,
                                std::string_view zone = {}, bool own_digits = false);

// The inverse of D's odd part modulo 2^64 (D > 0).
template <std::uint64_t D> constexpr std::uint64_t odd_inverse() noexcept {
  constexpr std::uint64_t odd = D >> std::countr_zero(D);
  std::uint64_t x = odd;  // (Newton's steps: odd * x == 1 modulo 2^64)
  for (int i = 0; i < 6; ++i) x *= 2 - odd * x;
  return x;
}
// Whether v is a multiple of D (> 0): its magnitude's test by a multiply and a rotate (Granlund and
// Montgomery; Lemire, Kaser and Kurz, "Faster remainder by direct computation", 2019), no remainder.
template <std::uint64_t D> constexpr bool multiple_of(std::int64_t v) noexcept {
  constexpr int shift = std::countr_zero(D);
  constexpr std::uint64_t limit = ~std::uint64_t(0) / D;
  const std::uint64_t magnitude = v < 0 ? 0 - std::uint64_t(v) : std::uint64_t(v);
  return std::rotr(magnitude * odd_inverse<D>(), shift) <= limit;
}
// v / D of a multiple v of D: a shift and a multiply (the division's mul-high and sign's fixes not needed).
template <std::uint64_t D> constexpr std::int64_t exact_quotient(std::int64_t v) noexcept {
  return std::int64_t(std::uint64_t(v >> std::countr_zero(D)) * odd_inverse<D>());
}

// The values of a window [least, least + span] (temporal_values' [low, high]), as unsigned differences;
// the default takes in every value.
struct value_window {
  std::uint64_t least = 0, span = ~std::uint64_t(0);
  [[gnu::always_inline]] bool outside(std::int64_t v) const noexcept { return std::uint64_t(v) - least > span; }
};

// The unit of the finest value among `count` 64-bit values of `Unit` (read by `at`), nulls skipped, from
// value i on, given that none before is finer than `Level` (time_unit's count: day 0 .. ns 4); and, in
// `outside`, whether a value that is not null lies outside `window` (the same read of each value). A
// value is finer than Level when it is not a whole number of Level's unit (each unit divides the one
// before): one multiple_of test a value, 16 values at a time without a branch. Nulls (NaT is INT64_MIN,
// finer than any and outside) are looked at only where a value would make the unit finer or lie outside.
template <time_unit Unit, unsigned Level, class At, class Null>
unsigned finest_level_from(std::size_t i, std::size_t count, At& at, Null& is_null, const value_window& window,
                           bool& outside) noexcept {
  constexpr std::size_t group = 16;  // values tested at a time without a branch
  constexpr std::int64_t unit_of_level[] = {units_per_day(Unit), units_per_second(Unit), units_per_second(Unit) / 1000,
                                            units_per_second(Unit) / 1000'000, 1};
  constexpr std::uint64_t unit = std::uint64_t(unit_of_level[std::min(Level, 4u)]);
  constexpr bool finest = Level == unsigned(Unit);  // nothing finer than the unit itself: the window alone
  for (; i < count; i += group) {
    const std::size_t k = std::min(group, count - i);
    bool finer = false, out = false;
    if (k == group)
      for (std::size_t j = 0; j < group; ++j) {
        const std::int64_t v = at(i + j);
        if constexpr (!finest) finer |= !multiple_of<unit>(v);
        out |= window.outside(v);
      }
    if (finer || (out && !outside) || k < group) [[unlikely]]
      for (std::size_t j = i; j < i + k; ++j) {
        const std::int64_t v = at(j);
        const bool f = !finest && !multiple_of<unit>(v), o = window.outside(v);
        if ((f || o) && !is_null(j)) {
          outside |= o;
          if constexpr (!finest)
            if (f) return finest_level_from<Unit, Level + 1>(j, count, at, is_null, window, outside);
        }
      }
    if (finest && outside) break;
  }
  return Level;
}
template <time_unit Unit, class At, class Null>
time_unit finest_unit_of(std::size_t count, At&& at, Null&& is_null, const value_window& window, bool& outside) noexcept {
  return time_unit(finest_level_from<Unit, 0>(0, count, at, is_null, window, outside));
}
template <class At, class Null>
time_unit finest_unit(std::size_t count, time_unit unit, At&& at, Null&& is_null, const value_window& window,
                      bool& outside) noexcept {
  switch (unit) {
  case time_unit::s: return finest_unit_of<time_unit::s>(count, at, is_null, window, outside);
  case time_unit::ms: return finest_unit_of<time_unit::ms>(count, at, is_null, window, outside);
  case time_unit::us: return finest_unit_of<time_unit::us>(count, at, is_null, window, outside);
  case time_unit::ns: return finest_unit_of<time_unit::ns>(count, at, is_null, window, outside);
  default: return time_unit::day;
  }
}

// ---- values --------------------------------------------------------------------------------------------

inline unsigned year_of_century(std::int64_t year) noexcept { return unsigned((year % 100 + 100) % 100); }
// The names of months and weekdays (%B, %A; %b, %a their first 3 letters), as Python's strftime writes
// them in the C locale, and chrono.
inline constexpr std::string_view month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                                   "July",    "August",   "September", "October", "November", "December"};
inline constexpr std::string_view weekday_names[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
inline constexpr std::size_t full_name_most = 9;  // "September", "Wednesday"
// The day of the week of `days` after 1970-01-01 (a Thursday): 0 Sunday .. 6 Saturday.
inline unsigned weekday_of(std::int64_t days) noexcept {
  const std::int64_t w = (days + 4) % 7;
  return unsigned(w < 0 ? w + 7 : w);
}
// A name piece's text (part::month_name, part::weekday_name; digits 1: in full) of the value's parts.
inline std::string_view name_of(part what, bool full, unsigned month, std::int64_t days) noexcept {
  const std::string_view name = what == part::month_name ? month_names[month - 1] : weekday_names[weekday_of(days)];
  return full ? name : name.substr(0, 3);
}

// A value cut into its parts.
struct time_parts {
  civil_date date;
  std::uint64_t date_digits;  // "YYYYMMDD" as ascii8 writes it (a year in 0..9999)
  std::int64_t days;  // since 1970-01-01
  unsigned hour, minute, second;
  std::uint32_t nanos;  // of the second
  std::int32_t offset;  // seconds east of UTC (a zone's)
  std::uint16_t zone_name;  // the zone's abbreviation: zone_rules::names[zone_name]
};

[[gnu::always_inline]] inline char* put2(char* p, unsigned v) noexcept {
  std::memcpy(p, digit_pairs + 2 * v, 2);
  return p + 2;
}
// v < 10^digits, zero-padded to `digits`.
inline char* put_padded(char* p, std::uint64_t v, int digits) noexcept {
  for (int i = digits; i > 1; i -= 2) {
    std::memcpy(p + i - 2, digit_pairs + 2 * (v % 100), 2);
    v /= 100;
  }
  if (digits & 1) p[0] = char('0' + v);
  return p + digits;
}
[[gnu::always_inline]] inline char* put4(char* p, unsigned v) noexcept {  // v < 10^4
  put2(p, v / 100);
  return put2(p + 2, v % 100);
}
// The bytes of a value's own fraction (part::python_fraction): "." and 6 digits when its microseconds
// are not 0; with `digits` 9 (pandas' Timestamp), "." and 9 when its nanoseconds of the microsecond are not;
// with `digits` 3 (chrono's %.f), "." and 3, 6 or 9 digits, the fewest that hold the nanoseconds.
inline std::size_t own_fraction_length(std::uint32_t nanos, std::uint8_t digits) noexcept {
  if (digits == 3) return nanos == 0 ? 0 : nanos % 1000'000 == 0 ? 4 : nanos % 1000 == 0 ? 7 : 10;
  if (digits == 9 && nanos % 1000 != 0) return 10;
  return nanos / 1000 != 0 ? 7 : 0;
}

// Texts of the common shapes' times by look-up (time_format::shaped): on the values real columns hold,
// the multiplies of each digit pair's arithmetic are what a value's text waits on, and these tables
// (16 KB) stay in cache beside the day cache's dates.
struct shaped_time_texts {
  // Each minute of a day's "HH?MM" as 8 bytes of a word at the hour: its digits' characters, 0 in the
  // separator's byte and the 3 bytes after (OR-ed into the layout's word there).
  char minutes[1440][8];
  // Each of 0..999's 3 digits in bytes 1..3 after a byte 0 (OR-ed into the layout's byte before a
  // fraction's first 3 digits; or that byte given the last digit of the 3 before).
  char thousandths[1000][4];
  constexpr shaped_time_texts() noexcept : minutes{}, thousandths{} {
    for (int m = 0; m < 1440; ++m) {
      minutes[m][0] = char('0' + m / 600), minutes[m][1] = char('0' + m / 60 % 10);
      minutes[m][3] = char('0' + m % 60 / 10), minutes[m][4] = char('0' + m % 10);
    }
    for (int q = 0; q < 1000; ++q)
      thousandths[q][1] = char('0' + q / 100), thousandths[q][2] = char('0' + q / 10 % 10), thousandths[q][3] = char('0' + q % 10);
  }
};
inline constexpr shaped_time_texts shaped_times{};

// Writes "HH?MM?SS" of `seconds` (< 86400) into p, whose 8 bytes hold the layout's (`layout`: them as
// a word, separators and '0's).
[[gnu::always_inline]] inline void put_shaped_time(char* p, std::uint64_t layout, unsigned seconds) noexcept {
  const unsigned minute = seconds / 60;
  std::uint64_t word;
  std::memcpy(&word, shaped_times.minutes[minute], 8);
  word |= layout;  // (bytewise: no byte order)
  std::memcpy(p, &word, 8);
  put2(p + 6, seconds - minute * 60);
}

// Writes a fraction's `Digits` (3, 6 or 9) digits of q < 10^Digits at p + 1, and p[0] as the layout's
// byte there (`before`, the 4 bytes at p as a word, of which the first is kept): 3 digits a look-up, a
// 4-byte store each (the next's first byte the last digit before it).
template <int Digits> [[gnu::always_inline]] inline void put_shaped_fraction(char* p, std::uint32_t before, std::uint32_t q) noexcept {
  const auto entry = [](std::uint32_t k) {
    std::uint32_t e;
    std::memcpy(&e, shaped_times.thousandths[k], 4);
    return e;
  };
  // The last digit of a word, moved to its first byte (the next word's).
  const auto last_first = [](std::uint32_t e) { return std::endian::native == std::endian::little ? e >> 24 : e << 24; };
  std::uint32_t first = q, middle = 0, last = 0;
  if constexpr (Digits == 6) first = q / 1000, last = q - first * 1000;
  if constexpr (Digits == 9) {
    first = q / 1000'000;
    const std::uint32_t rest = q - first * 1000'000;
    middle = rest / 1000, last = rest - middle * 1000;
  }
  std::uint32_t e = entry(first) | (before & (std::endian::native == std::endian::little ? 0xFFu : 0xFF000000u));
  std::memcpy(p, &e, 4);
  if constexpr (Digits == 9) {
    const std::uint32_t m = entry(middle) | last_first(e);
    std::memcpy(p + 3, &m, 4);
    e = m;
  }
  if constexpr (Digits >= 6) {
    const std::uint32_t l = entry(last) | last_first(e);
    std::memcpy(p + Digits / 3 * 3 - 3, &l, 4);
  }
}

// The first `digits` (3, 6 or 9) of the nanoseconds of a second.
[[gnu::always_inline]] inline char* put_fraction(char* p, std::uint32_t nanos, int digits) noexcept {
  if (digits == 3) {
    const unsigned ms = nanos / 1000'000;
    *p = char('0' + ms / 100);
    return put2(p + 1, ms % 100);
  }
  if (digits == 6) {
    const unsigned us = nanos / 1000;
    put2(p, us / 10000);
    return put4(p + 2, us % 10000);
  }
  *p = char('0' + nanos / 100'000'000);
  put4(p + 1, nanos / 10000 % 10000);
  return put4(p + 5, nanos % 10000);
}

// A zone's offset: "+HHMM" (colon 0) or "+HH:MM", then (Python's) "SS" or ":SS" when not 0; chrono's
// to the nearest minute, Arrow's cut to it.
[[gnu::always_inline]] inline char* put_offset(char* p, std::int32_t offset, std::uint8_t colon, year_style style) noexcept {
  std::uint32_t magnitude = std::uint32_t(offset < 0 ? -offset : offset);
  *p++ = offset < 0 ? '-' : '+';
  const bool seconds_shown = style == year_style::python;
  if (style == year_style::chrono) magnitude = (magnitude + 30) / 60 * 60;
  if (style == year_style::arrow) magnitude = magnitude / 60 * 60;
  p = put2(p, magnitude / 3600);
  if (colon) *p++ = ':';
  p = put2(p, magnitude / 60 % 60);
  if (!seconds_shown || magnitude % 60 == 0) return p;
  if (colon) *p++ = ':';
  return put2(p, magnitude % 60);
}

inline std::size_t year_length(std::int64_t year, year_style style) noexcept {
  if (year >= 0 && year <= 9999) return 4;
  const std::uint64_t magnitude = year < 0 ? 0 - std::uint64_t(year) : std::uint64_t(year);
  const std::size_t digits = std::size_t(count_digits<std::uint64_t>(magnitude));
  if (style == year_style::python) return year < 0 ? 1 + std::max<std::size_t>(digits, 3) : digits;
  return (year < 0 || style == year_style::chrono) + std::max<std::size_t>(digits, 4);
}
inline char* put_year(char* p, std::int64_t year, year_style style) noexcept {
  if (year >= 0 && year <= 9999) [[likely]]
    return put4(p, unsigned(year));
  const std::uint64_t magnitude = year < 0 ? 0 - std::uint64_t(year) : std::uint64_t(year);
  const int digits = count_digits<std::uint64_t>(magnitude);
  if (year < 0) *p++ = '-';
  else if (style == year_style::chrono) *p++ = '+';
  const int width = style == year_style::python && year < 0 ? 3 : 4;
  return put_padded(p, magnitude, std::max(digits, width));
}

// Bytes of v's text: its digits, after "-" when negative.
inline std::size_t signed_length(std::int64_t v) noexcept {
  const std::uint64_t magnitude = v < 0 ? 0 - std::uint64_t(v) : std::uint64_t(v);
  return std::size_t(count_digits<std::uint64_t>(magnitude)) + (v < 0);
}
inline char* put_signed(char* p, std::int64_t v) noexcept {
  const std::uint64_t magnitude = v < 0 ? 0 - std::uint64_t(v) : std::uint64_t(v);
  if (v < 0) *p++ = '-';
  return put_padded(p, magnitude, count_digits<std::uint64_t>(magnitude));
}

// Arrow's cast writes a value whose year is outside -32767..32767 (chrono's years, which it formats with)
// as "<value out of range: " and the value's count.
inline constexpr std::string_view out_of_range_text = "<value out of range: ";
inline constexpr std::size_t out_of_range_most = out_of_range_text.size() + 20 + 1;  // (a sign, 19 digits, ">")
inline bool out_of_range(std::int64_t year, year_style style) noexcept {
  return style == year_style::arrow && (year < -32767 || year > 32767);
}
inline std::size_t out_of_range_length(std::int64_t v) noexcept {
  return out_of_range_text.size() + signed_length(v) + 1;
}
inline char* put_out_of_range(char* p, std::int64_t v) noexcept {
  std::memcpy(p, out_of_range_text.data(), out_of_range_text.size());
  p = put_signed(p + out_of_range_text.size(), v);
  *p = '>';
  return p + 1;
}

// Calls f(std::integral_constant<time_unit, unit>): the per-value arithmetic then divides by constants.
template <class F> decltype(auto) with_unit(time_unit unit, F&& f) {
  switch (unit) {
  case time_unit::day: return f(std::integral_constant<time_unit, time_unit::day>{});
  case time_unit::s: return f(std::integral_constant<time_unit, time_unit::s>{});
  case time_unit::ms: return f(std::integral_constant<time_unit, time_unit::ms>{});
  case time_unit::us: return f(std::integral_constant<time_unit, time_unit::us>{});
  default: return f(std::integral_constant<time_unit, time_unit::ns>{});
  }
}

// A temporal_column's values under its compiled format (the engine's values: digits(), write_with_ends()).
struct temporal_values {
  const char* base;
  std::ptrdiff_t stride;
  bool narrow, swap;
  temporal_kind kind;
  time_unit unit;
  const time_format* format;
  // The values whose year is in 0..9999 (and whose zone's offset in Python's text has no seconds):
  // their text is as long as the format's fixed width.
  std::int64_t low, high;
  // Every value but the nulls is known to lie in [low, high] (the table's layout looked once): the scans
  // for values outside are skipped.
  bool inside = false;
  // Every value but the nulls is a midnight, and the text has no zone (pandas' dates alone: the
  // table's layout looked): a value's day by an exact division.
  bool whole_days = false;
  std::size_t max_length;
  day_cache* dates;
  const zone_rules* zone;  // null: none
  std::int64_t last_rule_year;  // of the zone's rule, as the style's library applies it
  mutable zone_rules::span offsets{0, 1, 0};  // the zone's offset over the span of the last value

  temporal_values(const temporal_column& c, const time_format& f, const zone_rules* z = nullptr) noexcept
      : base(static_cast<const char*>(c.data)), stride(c.stride), narrow(c.narrow), swap(c.byte_swapped), kind(c.kind),
        unit(c.unit), format(&f), max_length(f.most), dates(&day_cache::of_this_thread()), zone(z),
        // (chrono-tz lists the rules' changes through 2099; Arrow's reading of the zone files, none of them)
        last_rule_year(c.style == temporal_style::iso     ? 2099
                       : c.style == temporal_style::arrow ? std::numeric_limits<std::int64_t>::min()
                                                          : std::numeric_limits<std::int64_t>::max()) {
    const std::int64_t per_day = kind == temporal_kind::time_of_day ? 0 : units_per_day(unit);
    // 0000-01-01 and 9999-12-31, a day inside with a zone (its offsets move the local date a day at most)
    const std::int64_t first = -719528 + (zone != nullptr), last = 2932896 - (zone != nullptr);
    std::int64_t product;  // (values of a unit too fine to reach those days all fall between them)
    low = per_day == 0 || __builtin_mul_overflow(first, per_day, &product) ? std::numeric_limits<std::int64_t>::min() : product;
    high = per_day == 0 || __builtin_mul_overflow(last + 1, per_day, &product) ? std::numeric_limits<std::int64_t>::max()
                                                                              : product - 1;
    if (zone && f.offset_seconds && f.years == year_style::python && zone->whole_minutes_from > low / units_per_second(unit))
      low = __builtin_mul_overflow(zone->whole_minutes_from, units_per_second(unit), &product)
                ? std::numeric_limits<std::int64_t>::max() : product;
  }

  value_window window() const noexcept { return {std::uint64_t(low), std::uint64_t(high) - std::uint64_t(low)}; }

  // The zone's offset at UTC second t.
  [[gnu::always_inline]] std::int32_t offset_at(std::int64_t t) const noexcept {
    if (t < offsets.from || t >= offsets.until) [[unlikely]]
      offsets = span_cache::of_this_thread(zone, last_rule_year).at(t);
    return offsets.offset;
  }

  [[gnu::always_inline]] std::int64_t at(std::size_t i) const noexcept {
    return value_at(base + std::ptrdiff_t(i) * stride, narrow, swap);
  }

  template <time_unit Unit> [[gnu::always_inline]] time_parts parts(std::int64_t v) const noexcept {
    constexpr std::int64_t per_day = units_per_day(Unit);
    time_parts t{};
    t.days = Unit == time_unit::day ? v : floor_div(v, per_day);
    // (modulo 2^64: the day's start can lie below INT64_MIN; a time of day past a day's length wraps around)
    std::uint64_t of_day = std::uint64_t(v) - std::uint64_t(t.days) * std::uint64_t(per_day);
    if (kind == temporal_kind::time_of_day) t.days = 0;
    if constexpr (Unit != time_unit::day)
      if (zone) {  // local time: the offset added to the time of day, the day moved when it crosses one
        t.offset = offset_at(floor_div(v, units_per_second(Unit)));
        t.zone_name = offsets.name;
        const std::int64_t local = std::int64_t(of_day) + std::int64_t(t.offset) * units_per_second(Unit);
        const std::int64_t moved = local < 0 ? -1 : local >= per_day ? 1 : 0;
        t.days += moved;
        of_day = std::uint64_t(local - moved * per_day);
      }
    if (format->date) t.date = (*dates)(t.days, t.date_digits);
    if (Unit != time_unit::day && format->time) {
      constexpr std::uint64_t per_second = std::uint64_t(units_per_second(Unit));
      const std::uint64_t seconds = of_day / per_second;
      t.nanos = std::uint32_t((of_day - seconds * per_second) * (1000'000'000 / per_second));
      const unsigned s = unsigned(seconds);
      t.hour = s / 3600, t.minute = s / 60 % 60, t.second = s % 60;
    }
    return t;
  }

  template <time_unit Unit> std::size_t length_of(std::int64_t v) const noexcept {
    const time_parts t = parts<Unit>(v);
    if (out_of_range(t.date.year, format->years)) return out_of_range_length(v);
    std::size_t n = format->fixed;
    if (v < low || v > high) n += format->year_pieces * (year_length(t.date.year, format->years) - 4);
    if (format->years == year_style::python && t.offset % 60 != 0) n += format->offset_seconds;
    if (format->per_value) {
      n += format->own_fractions * own_fraction_length(t.nanos, format->own_fraction);
      if (zone) n += format->zone_names * zone->names[t.zone_name].size();
      if (format->full_months) n += format->full_months * month_names[t.date.month - 1].size();
      if (format->full_weekdays) n += format->full_weekdays * weekday_names[weekday_of(t.days)].size();
    }
    return n;
  }

  // Calls f(i) for each value of [from, from + count) outside [low, high]: a test of 16 values at a time
  // without a branch, then of each value of the 16 where one is. Where `inside`, none (only nulls can
  // be outside, and the callers pass over nulls).
  template <class F> void for_each_outside(std::size_t from, std::size_t count, F&& f) const noexcept {
    if (inside) return;
    with_reader(base, stride, narrow, swap, [&](auto read) {
      const value_window w = window();
      const auto outside = [&](std::size_t i) { return w.outside(read(i)); };
      constexpr std::size_t group = 16;
      std::size_t i = from;
      for (const std::size_t end = from + count; i < end;) {
        const std::size_t k = std::min(group, end - i);
        bool any = false;
        if (k == group)
          for (std::size_t j = 0; j < group; ++j) any |= outside(i + j);
        if (any || k < group)
          for (std::size_t j = 0; j < k; ++j)
            if (outside(i + j)) f(i + j);
        i += k;
      }
    });
  }

  // Bytes of values [from, from + count): the format's fixed width but for values outside [low, high]
  // (and, in a format of per_value lengths, every value); a value where is_null(i) counts as the fixed
  // width (a null's value, NaT's INT64_MIN for one, is not measured).
  template <class Null> std::size_t digits(std::size_t from, std::size_t count, Null&& is_null) const noexcept {
    std::size_t total = count * format->fixed;
    if (!format->date && !format->per_value && !zone) return total;
    return with_unit(unit, [&](auto u) {
      constexpr time_unit unit = decltype(u)::value;
      const auto add = [&](std::size_t i) {
        if (!is_null(i)) total += length_of<unit>(at(i)) - format->fixed;
      };
      if (format->per_value)
        for (std::size_t i = from; i < from + count; ++i) add(i);
      else
        for_each_outside(from, count, add);
      return total;
    });
  }
  std::size_t digits(std::size_t from, std::size_t count) const noexcept {
    return digits(from, count, [](std::size_t) { return false; });
  }

  // The layout's first `fixed` bytes at p, by two moves that overlap: a value's writes stay inside it.
  [[gnu::always_inline]] void copy_layout(char* p) const noexcept { copy_layout(p, format->layout.data(), format->fixed); }
  [[gnu::always_inline]] static void copy_layout(char* p, const char* l, std::size_t n) noexcept {  // (n <= layout_bytes)
    if (n >= 32) std::memcpy(p, l, 32), std::memcpy(p + n - 32, l + n - 32, 32);
    else if (n >= 16) std::memcpy(p, l, 16), std::memcpy(p + n - 16, l + n - 16, 16);
    else if (n >= 8) std::memcpy(p, l, 8), std::memcpy(p + n - 8, l + n - 8, 8);
    else if (n >= 4) std::memcpy(p, l, 4), std::memcpy(p + n - 4, l + n - 4, 4);
    else
      for (std::size_t i = 0; i < n; ++i) p[i] = l[i];
  }

  // Writes the value at p from the fixed layout (a value whose year is in 0..9999 under a fixed format):
  // the layout's bytes, then each slot's digits in place; exactly `format->fixed` bytes.
  template <time_unit Unit> [[gnu::always_inline]] char* put_fixed(std::int64_t v, char* p) const noexcept {
    const time_parts t = parts<Unit>(v);
    copy_layout(p);
    if (format->shaped >= 3) {
      char digits[8];
      store8(digits, t.date_digits);
      std::memcpy(p, digits, 4), std::memcpy(p + 5, digits + 4, 2), std::memcpy(p + 8, digits + 6, 2);
      if (format->shaped >= 6) put2(p + 11, t.hour), put2(p + 14, t.minute), put2(p + 17, t.second);
      if (format->shaped == 7) {  // (each of the three widths its own call: the digits a constant)
        const int digits = format->slots[6].digits;
        if (digits == 3) put_fraction(p + 20, t.nanos, 3);
        else if (digits == 6) put_fraction(p + 20, t.nanos, 6);
        else put_fraction(p + 20, t.nanos, 9);
      }
    }
    for (auto k = format->slots.begin() + std::ptrdiff_t(format->shaped); k != format->slots.end(); ++k) {
      char* const at = p + k->offset;
      switch (k->what) {
      case part::year: put4(at, unsigned(t.date.year)); break;
      case part::month: put2(at, t.date.month); break;
      case part::day:
        put2(at, t.date.day);
        if (k->digits != 0 && t.date.day < 10) at[0] = ' ';
        break;
      case part::hour: put2(at, t.hour); break;
      case part::minute: put2(at, t.minute); break;
      case part::second: put2(at, t.second); break;
      case part::fraction: put_fraction(at, t.nanos, k->digits); break;
      case part::day_of_year: put_padded(at, std::uint64_t(t.days - days_from_civil(t.date.year, 1, 1) + 1), 3); break;
      case part::month_name: case part::weekday_name:  // (abbreviations: names in full are per value)
        std::memcpy(at, name_of(k->what, false, t.date.month, t.days).data(), 3);
        break;
      case part::year_of_century: put2(at, year_of_century(t.date.year)); break;
      case part::hour_of_half: put2(at, t.hour % 12 == 0 ? 12 : t.hour % 12); break;
      case part::half_of_day: std::memcpy(at, t.hour < 12 ? "AM" : "PM", 2); break;
      case part::offset: put_offset(at, t.offset, k->digits, format->years); break;  // (whole minutes, Python's too)
      default: break;
      }
    }
    return p + format->fixed;
  }

  template <time_unit Unit> [[gnu::always_inline]] char* put(std::int64_t v, char* p) const noexcept {
    const time_parts t = parts<Unit>(v);
    if (out_of_range(t.date.year, format->years)) [[unlikely]]
      return put_out_of_range(p, v);
    const char* texts = format->texts.data();
    for (const piece& k : format->pieces) {
      switch (k.what) {
      case part::text: std::memcpy(p, texts + k.from, k.size), p += k.size; break;
      case part::year: p = put_year(p, t.date.year, format->years); break;
      case part::month: p = put2(p, t.date.month); break;
      case part::day:
        p = put2(p, t.date.day);
        if (k.digits != 0 && t.date.day < 10) p[-2] = ' ';
        break;
      case part::hour: p = put2(p, t.hour); break;
      case part::minute: p = put2(p, t.minute); break;
      case part::second: p = put2(p, t.second); break;
      case part::fraction:
        *p = '.';
        p = put_fraction(p + k.point, t.nanos, k.digits);
        break;
      case part::python_fraction:
        if (const std::size_t n = own_fraction_length(t.nanos, k.digits == 0 ? 6 : k.digits); n != 0)
          *p++ = '.', p = put_fraction(p, t.nanos, int(n) - 1);
        break;
      case part::day_of_year:
        p = put_padded(p, std::uint64_t(t.days - days_from_civil(t.date.year, 1, 1) + 1), 3);
        break;
      case part::month_name: case part::weekday_name: {
        const std::string_view name = name_of(k.what, k.digits != 0, t.date.month, t.days);
        std::memcpy(p, name.data(), name.size());
        p += name.size();
        break;
      }
      case part::year_of_century: p = put2(p, year_of_century(t.date.year)); break;
      case part::hour_of_half: p = put2(p, t.hour % 12 == 0 ? 12 : t.hour % 12); break;
      case part::half_of_day: std::memcpy(p, t.hour < 12 ? "AM" : "PM", 2), p += 2; break;
      case part::offset: p = put_offset(p, t.offset, k.digits, format->years); break;
      case part::zone_name: {
        const std::string& name = zone->names[t.zone_name];  // (pieces of a column with a zone alone)
        std::memcpy(p, name.data(), name.size());
        p += name.size();
        break;
      }
      }
    }
    return p;
  }

  // Whether every value of rows [from, from + k) that is not null (is_null(row)) is written from the
  // fixed layout, so its text is `format->fixed` bytes long.
  template <class Null> bool fixed_width(std::size_t from, std::size_t k, Null&& is_null) const noexcept {
    if (format->layout.empty()) return false;
    bool fixed = true;
    for_each_outside(from, k, [&](std::size_t i) { fixed &= is_null(i); });
    return fixed;
  }

  // Writes value from + r at places[r] where that is not null (fixed_width's values: `fixed` bytes each),
  // each followed by `tail` (fixed + tail.size() <= layout_bytes): the delimiter after a row's field.
  // (Not inlined into its caller: in a function that large the compiler keeps each value's parts in
  // memory, cleared one value at a time.)
  [[gnu::noinline]] void write_at(std::size_t from, std::size_t k, char* const* places, std::string_view tail = {}) const noexcept {
    const std::size_t shaped = format->shaped, extra = format->slots.size() - shaped;
    if (shaped >= 3 && (extra == 0 || (extra == 1 && zone != nullptr && format->slots.back().what == part::offset))) {
      const int fraction = shaped == 7 ? format->slots[6].digits : shaped == 6 ? 0 : -1;
      return with_unit(unit, [&](auto u) {
        constexpr time_unit Unit = decltype(u)::value;
        if constexpr (Unit == time_unit::day) return write_shaped<Unit, -1, false>(from, k, places, tail);
        else if (fraction == -1 && whole_days) return write_shaped<Unit, -1, false, true>(from, k, places, tail);
        else if (zone != nullptr) return write_shaped_with<Unit, true>(fraction, from, k, places, tail);
        else return write_shaped_with<Unit, false>(fraction, from, k, places, tail);
      });
    }
    with_unit(unit, [&](auto u) {
      for (std::size_t r = 0; r < k; ++r)
        if (places[r] != nullptr) {
          char* const next = put_fixed<decltype(u)::value>(at(from + r), places[r]);
          if (!tail.empty()) std::memcpy(next, tail.data(), tail.size());
        }
    });
  }

  template <time_unit Unit, bool Zoned>
  void write_shaped_with(int fraction, std::size_t from, std::size_t k, char* const* places, std::string_view tail) const noexcept {
    if (fraction == -1) write_shaped<Unit, -1, Zoned>(from, k, places, tail);
    else if (fraction == 0) write_shaped<Unit, 0, Zoned>(from, k, places, tail);
    else if (fraction == 3) write_shaped<Unit, 3, Zoned>(from, k, places, tail);
    else if (fraction == 6) write_shaped<Unit, 6, Zoned>(from, k, places, tail);
    else write_shaped<Unit, 9, Zoned>(from, k, places, tail);
  }

  // write_at for a format of the common shapes (time_format::shaped: the date; the time; the fraction of
  // `Fraction` digits), then nothing or (Zoned) the zone's offset. What the loop reads of the column and
  // the format is read into locals first: stores through char* may alias any memory, and would have
  // them read again a value.
  template <time_unit Unit, int Fraction, bool Zoned, bool WholeDays = false>  // Fraction: -1 no time, 0 none, else its digits
  void write_shaped(std::size_t from, std::size_t k, char* const* places, std::string_view tail) const noexcept {
    constexpr std::int64_t per_day = units_per_day(Unit);
    char layout[layout_bytes];
    std::memcpy(layout, format->layout.data(), layout_bytes);
    if (!tail.empty()) std::memcpy(layout + format->fixed, tail.data(), tail.size());  // (copied with the layout)
    const std::size_t n = format->fixed + tail.size();
    const char* const first = base + std::ptrdiff_t(from) * stride;
    const std::ptrdiff_t step = stride;
    const bool narrow_ = narrow, swap_ = swap, of_day_only = kind == temporal_kind::time_of_day;
    day_cache& cache = *dates;
    // the zone's spans of one offset, and where the offset goes (a slot after the shape)
    span_cache* const spans = Zoned ? &span_cache::of_this_thread(zone, last_rule_year) : nullptr;
    const bool offset_shown = Zoned && format->slots.size() > format->shaped;
    const slot offset_slot = offset_shown ? format->slots.back() : slot{part::offset, 0, 0};
    const year_style years = format->years;
    std::uint64_t time_layout = 0;  // the layout's bytes of the time and of the byte before the fraction
    std::uint32_t fraction_layout = 0;
    if constexpr (Fraction >= 0) std::memcpy(&time_layout, layout + 11, 8);
    if constexpr (Fraction > 0) std::memcpy(&fraction_layout, layout + 19, 4);
    for (std::size_t r = 0; r < k; ++r) {
      char* const p = places[r];
      if (p == nullptr) continue;
      const std::int64_t v = value_at(first + std::ptrdiff_t(r) * step, narrow_, swap_);
      std::int64_t days = Unit == time_unit::day ? v : WholeDays ? exact_quotient<per_day>(v) : floor_div(v, per_day);
      // (modulo 2^64: the day's start can lie below INT64_MIN)
      std::uint64_t of_day = std::uint64_t(v) - std::uint64_t(days) * std::uint64_t(per_day);
      std::int32_t offset = 0;
      if constexpr (Zoned && Unit != time_unit::day) {  // local time, as parts() finds it
        // (each value's span from the cache of buckets: values in no order move between a zone's
        // offsets at random, and a test of the last span would be mispredicted)
        offset = spans->at(floor_div(v, units_per_second(Unit))).offset;
        const std::int64_t local = std::int64_t(of_day) + std::int64_t(offset) * units_per_second(Unit);
        const std::int64_t moved = local < 0 ? -1 : local >= per_day ? 1 : 0;
        days += moved;
        of_day = std::uint64_t(local - moved * per_day);
      }
      copy_layout(p, layout, n);
      const std::uint64_t date = cache.digits(of_day_only ? 0 : days);
      std::memcpy(p, &date, 4);
      const std::uint16_t month = std::uint16_t(date >> 32), day = std::uint16_t(date >> 48);
      std::memcpy(p + 5, &month, 2), std::memcpy(p + 8, &day, 2);
      if constexpr (Fraction >= 0) {
        constexpr std::uint64_t per_second = std::uint64_t(units_per_second(Unit));
        const unsigned seconds = unsigned(of_day / per_second);
        put_shaped_time(p + 11, time_layout, seconds);
        if constexpr (Fraction > 0) {  // the digits of the second's part straight from the unit's count
          constexpr int shown = unit_digits(Unit);
          const std::uint32_t part = std::uint32_t(of_day - seconds * per_second);
          const std::uint32_t q = Fraction <= shown ? part / power_of_ten(shown - Fraction) : part * power_of_ten(Fraction - shown);
          put_shaped_fraction<Fraction>(p + 19, fraction_layout, q);
        }
      }
      if (offset_shown) put_offset(p + offset_slot.offset, offset, offset_slot.digits, years);  // (whole minutes)
    }
  }

  // (out has max_length bytes of room past each value's text.)
  template <class Offset>
  char* write_with_ends(std::size_t from, std::size_t count, char* out, char* end, Offset at_, Offset* ends) const noexcept {
    return with_unit(unit, [&](auto u) -> char* {
      constexpr time_unit unit = decltype(u)::value;
      const bool fixed = !format->layout.empty();
      for (std::size_t i = from; i < from + count; ++i) {
        if (std::size_t(end - out) < max_length) return nullptr;
        const std::int64_t v = at(i);
        char* const next = fixed && v >= low && v <= high ? put_fixed<unit>(v, out) : put<unit>(v, out);
        *ends++ = at_ += Offset(next - out);
        out = next;
      }
      return out;
    });
  }
};

// A duration column's values (the engine's values, as temporal_values): pandas' Timedelta text with a
// column's fraction digits, NumPy's count and unit, or Arrow's count alone.
struct duration_values {
  const char* base;
  std::ptrdiff_t stride;
  bool swap;
  time_unit unit;
  temporal_style style;
  int fraction;  // pandas: digits after the seconds' point (0: no point), -1: days alone, -2: each value's own
  static constexpr std::size_t max_length = 48;  // "-106751991167301 days +23:59:59.999999999", "-9223372036854775808 microseconds"

  // `finest` (pandas): the unit of the column's finest non-null value (finest_unit).
  // `own_digits`: each value's own fraction (pandas' str of a Timedelta: 9 digits with nanoseconds, 6 with
  // a fraction of a second, else none), never days alone.
  duration_values(const temporal_column& c, time_unit finest, bool own_digits = false) noexcept
      : base(static_cast<const char*>(c.data)), stride(c.stride), swap(c.byte_swapped), unit(c.unit),
        style(c.style),
        fraction(own_digits ? -2 : finest == time_unit::day ? -1 : finest == time_unit::s ? 0 : finest == time_unit::ns ? 9 : 6) {}

  std::int64_t at(std::size_t i) const noexcept {
    std::uint64_t v;
    std::memcpy(&v, base + std::ptrdiff_t(i) * stride, 8);
    return std::int64_t(swap ? __builtin_bswap64(v) : v);
  }
  static std::string_view unit_name(time_unit u) noexcept {
    constexpr std::string_view names[] = {" days", " seconds", " milliseconds", " microseconds", " nanoseconds"};
    return names[std::size_t(u)];
  }
  std::size_t length_of(std::int64_t v) const noexcept {
    if (style == temporal_style::arrow) return signed_length(v);
    if (style == temporal_style::numpy) return signed_length(v) + unit_name(unit).size();
    const std::int64_t days = unit == time_unit::day ? v : floor_div(v, units_per_day(unit));
    std::size_t n = signed_length(days) + 5;  // " days"
    if (fraction == -2) return n + 9 + (v < 0) + own_fraction_length(nanos_of(v, days), 9);
    if (fraction >= 0) n += 9 + (v < 0) + (fraction ? 1 + std::size_t(fraction) : 0);  // " +HH:MM:SS.fff"
    return n;
  }
  std::size_t digits(std::size_t from, std::size_t count) const noexcept {
    std::size_t total = 0;
    for (std::size_t i = from; i < from + count; ++i) total += length_of(at(i));
    return total;
  }
  char* put(std::int64_t v, char* p) const noexcept {
    if (style == temporal_style::arrow) return put_signed(p, v);
    if (style == temporal_style::numpy) {
      p = put_signed(p, v);
      const std::string_view name = unit_name(unit);
      std::memcpy(p, name.data(), name.size());
      return p + name.size();
    }
    const std::int64_t per_day = units_per_day(unit), days = unit == time_unit::day ? v : floor_div(v, per_day);
    p = put_signed(p, days);
    std::memcpy(p, " days", 5);
    p += 5;
    if (fraction == -1) return p;
    *p++ = ' ';
    if (v < 0) *p++ = '+';
    // (modulo 2^64: the day's start can lie below INT64_MIN; a count of days has no second's parts)
    const std::uint64_t of_day = std::uint64_t(v) - std::uint64_t(days) * std::uint64_t(per_day);
    const std::uint64_t per_second = std::uint64_t(std::max<std::int64_t>(units_per_second(unit), 1));
    const std::uint64_t seconds = of_day / per_second;
    p = put2(p, unsigned(seconds / 3600));
    *p++ = ':';
    p = put2(p, unsigned(seconds / 60 % 60));
    *p++ = ':';
    p = put2(p, unsigned(seconds % 60));
    const std::uint32_t nanos = std::uint32_t((of_day - seconds * per_second) * (1000'000'000 / per_second));
    const int digits = fraction == -2 ? int(own_fraction_length(nanos, 9)) - 1 : fraction;
    if (digits <= 0) return p;
    *p = '.';
    return put_fraction(p + 1, nanos, digits);
  }
  // The nanoseconds of the second of value v, whose day is `days`.
  std::uint32_t nanos_of(std::int64_t v, std::int64_t days) const noexcept {
    if (unit == time_unit::day) return 0;
    const std::uint64_t of_day = std::uint64_t(v) - std::uint64_t(days) * std::uint64_t(units_per_day(unit));
    const std::uint64_t per_second = std::uint64_t(units_per_second(unit));
    return std::uint32_t(of_day % per_second * (1000'000'000 / per_second));
  }
  template <class Offset>
  char* write_with_ends(std::size_t from, std::size_t count, char* out, char* end, Offset at_, Offset* ends) const noexcept {
    for (std::size_t i = from; i < from + count; ++i) {
      if (std::size_t(end - out) < max_length) return nullptr;
      char* const next = put(at(i), out);
      *ends++ = at_ += Offset(next - out);
      out = next;
    }
    return out;
  }
};

// A bool_column's values (the engine's values, as temporal_values).
struct bool_values {
  const bool_column* column;
  std::size_t max_length;

  explicit bool_values(const bool_column& c) noexcept
      : column(&c), max_length(std::max(c.true_text.size(), c.false_text.size())) {}

  bool at(std::size_t i) const noexcept {
    if (!column->bits) return column->data[i] != 0;
    const std::size_t bit = column->offset + i;
    return (column->data[bit / 8] >> (bit % 8)) & 1;
  }
  std::size_t digits(std::size_t from, std::size_t count) const noexcept {
    std::size_t trues = 0;
    for (std::size_t i = from; i < from + count; ++i) trues += at(i);
    return trues * column->true_text.size() + (count - trues) * column->false_text.size();
  }
  template <class Offset>
  char* write_with_ends(std::size_t from, std::size_t count, char* out, char* end, Offset at_, Offset* ends) const noexcept {
    for (std::size_t i = from; i < from + count; ++i) {
      const std::string_view text = at(i) ? column->true_text : column->false_text;
      if (std::size_t(end - out) < text.size()) return nullptr;
      std::memcpy(out, text.data(), text.size());
      out += text.size();
      *ends++ = at_ += Offset(text.size());
    }
    return out;
  }
};

} // namespace simdigits::detail

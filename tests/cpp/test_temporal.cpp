// Dates, times, durations and booleans in tables (temporal.hpp): every day of years -9999..9999, random
// instants and durations of every unit (the whole 64-bit range included) in polars', pandas' and NumPy's
// styles and in formats, against a reference built on std::chrono's calendar and the C library's strftime.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "harness.hpp"

namespace {

using simdigits::status;
using simdigits::table_column;
using simdigits::table_format;
using simdigits::table_plan;
using simdigits::temporal_column;
using simdigits::temporal_kind;
using simdigits::temporal_style;
using simdigits::time_unit;

constexpr std::int64_t per_day[] = {1, 86400, 86400'000, 86400'000'000, 86400'000'000'000};
constexpr std::int64_t per_second[] = {1, 1, 1000, 1000'000, 1000'000'000};

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - (a % b < 0); }

// A value cut into its parts by the reference: the date from std::chrono (its years reach +-32767: a
// day count is first brought into 1970..2369 by whole 400-year cycles of 146097 days).
struct reference_parts {
  std::int64_t year;
  unsigned month, day, hour, minute, second;
  std::int64_t fraction;  // in the unit
  std::tm tm{};           // for strftime's names and day of the year
};

reference_parts parts_of(std::int64_t v, time_unit unit, temporal_kind kind) {
  using namespace std::chrono;
  const std::int64_t units = per_day[int(unit)];
  const std::int64_t days_since = kind == temporal_kind::time_of_day ? 0 : floor_div(v, units);
  const std::int64_t of_day = kind == temporal_kind::time_of_day ? v : v - days_since * units;
  const std::int64_t cycles = floor_div(days_since, 146097);
  const sys_days day{days{days_since - cycles * 146097}};
  const year_month_day ymd{day};
  reference_parts p{};
  p.year = int(ymd.year()) + 400 * cycles;
  p.month = unsigned(ymd.month()), p.day = unsigned(ymd.day());
  const std::int64_t seconds = of_day / per_second[int(unit)];
  p.fraction = unit == time_unit::day ? 0 : of_day % per_second[int(unit)];
  p.hour = unsigned(seconds / 3600), p.minute = unsigned(seconds / 60 % 60), p.second = unsigned(seconds % 60);
  p.tm.tm_year = int(ymd.year()) - 1900;  // (a year of the same weekdays: whole cycles keep them)
  p.tm.tm_mon = int(p.month) - 1;
  p.tm.tm_mday = int(p.day);
  p.tm.tm_wday = int(weekday(day).c_encoding());
  p.tm.tm_yday = int((day - sys_days{ymd.year() / 1 / 1}).count());
  return p;
}

std::string printed(const char* format, auto... values) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, values...);
  return buffer;
}

std::string year_text(std::int64_t year, temporal_style style) {
  if (style == temporal_style::arrow) return printed(year < 0 ? "-%04lld" : "%04lld", (long long)(year < 0 ? -year : year));
  if (style != temporal_style::iso) return printed("%04lld", (long long)year);  // Python's {:04d}
  if (year >= 0 && year <= 9999) return printed("%04lld", (long long)year);
  return printed("%c%04lld", year < 0 ? '-' : '+', (long long)(year < 0 ? -year : year));
}

// fraction (in `unit`) to `digits` digits, truncated, after a point if `point`.
std::string fraction_text(std::int64_t fraction, time_unit unit, int digits, bool point = false) {
  const int unit_digits = unit == time_unit::day ? 0 : 3 * (int(unit) - 1);
  std::int64_t f = fraction;
  for (int d = unit_digits; d < digits; ++d) f *= 10;
  for (int d = unit_digits; d > digits; --d) f /= 10;
  return printed("%s%0*lld", point ? "." : "", digits, (long long)f);
}

// The reference text of a value in a style's own format (`finest`: pandas' digits after the point,
// -1 for dates alone).
std::string styled(std::int64_t v, time_unit unit, temporal_kind kind, temporal_style style, int finest) {
  const reference_parts p = parts_of(v, unit, kind);
  const std::string date = year_text(p.year, style) + printed("-%02u-%02u", p.month, p.day);
  const std::string time = printed("%02u:%02u:%02u", p.hour, p.minute, p.second);
  if (style == temporal_style::iso) {
    if (kind == temporal_kind::date && unit == time_unit::day) return date;
    if (kind == temporal_kind::time_of_day) return time + fraction_text(p.fraction, unit, 9, true);
    return date + "T" + time + fraction_text(p.fraction, unit, std::max(3, 3 * (int(unit) - 1)), true);
  }
  if (style == temporal_style::arrow) {
    // (Arrow formats with chrono's years: past them, pyarrow's cast writes the count)
    if (p.year < -32767 || p.year > 32767) {
      std::string text = "<value out of range: ";
      text += std::to_string(v);
      return text += '>';
    }
    const int digits = 3 * (int(unit) - 1);
    if (kind == temporal_kind::date) return date;
    return (kind == temporal_kind::timestamp ? date + " " : "") + time + (digits ? fraction_text(p.fraction, unit, digits, true) : "");
  }
  if (style == temporal_style::numpy) {
    if (kind == temporal_kind::date) return date;
    const int digits = 3 * (int(unit) - 1);
    return (kind == temporal_kind::timestamp ? date + "T" : "") + time + (digits ? fraction_text(p.fraction, unit, digits, true) : "");
  }
  if (kind == temporal_kind::time_of_day)
    return time + (p.fraction * 1000'000 / per_second[int(unit)] ? fraction_text(p.fraction, unit, 6, true) : "");
  if (kind == temporal_kind::date || finest < 0) return date;
  return date + " " + time + (finest ? fraction_text(p.fraction, unit, finest, true) : "");
}

// pandas' digits after the point for a column: those of its finest value (-1: every value a midnight).
int pandas_digits(const std::vector<std::int64_t>& values, const std::vector<bool>& null, time_unit unit) {
  int digits = -1;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (null[i]) continue;
    if (values[i] % per_day[int(unit)] != 0) digits = std::max(digits, 0);
    const std::int64_t fraction = values[i] % per_second[int(unit)];
    if (fraction == 0) continue;
    const std::int64_t nanos = (fraction < 0 ? -fraction : fraction) * (1000'000'000 / per_second[int(unit)]);
    digits = std::max(digits, nanos % 1000'000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9);
  }
  return digits;
}

std::string csv_of(const table_column& column, const std::string& null_text = "") {
  table_format format;
  format.null_text = null_text;
  const table_plan plan(std::span<const table_column>(&column, 1), format);
  EXPECT_EQ(plan.check(), status::ok);
  std::string out(plan.length(), '\0');
  EXPECT_TRUE(plan.write(out));
  return out;
}

// Days from 1970-01-01 to y-m-d, by std::chrono.
std::int64_t days_of(int y, unsigned m, unsigned d) {
  return std::int64_t(std::chrono::sys_days(std::chrono::year(y) / int(m) / int(d)).time_since_epoch().count());
}

temporal_column column_of(const void* data, std::size_t size, temporal_kind kind, time_unit unit, temporal_style style,
                          bool narrow = false) {
  temporal_column c;
  c.data = data, c.size = size, c.kind = kind, c.unit = unit, c.style = style, c.narrow = narrow;
  c.stride = narrow ? 4 : 8;
  return c;
}

// The calendar walked day by day (month lengths from std::chrono) against the day counts. (Light runs
// take 400-year cycles at both ends and -400..2399: every year length, sign and width of the year.)
TEST(Temporal, EveryDayOfYearsMinus9999To9999) {
  using namespace std::chrono;
  std::vector<std::int32_t> days;
  std::string expected[2];  // iso, pandas
  for (int y = -9999; y <= 9999; ++y) {
    if (light() && y == -9599) y = -400;
    if (light() && y == 2400) y = 9600;
    std::int32_t day = sys_days{year{y} / 1 / 1}.time_since_epoch().count();
    const std::string years[2] = {year_text(y, temporal_style::iso), year_text(y, temporal_style::pandas)};
    for (unsigned m = 1; m <= 12; ++m) {
      const unsigned last = unsigned((year{y} / month{m} / std::chrono::last).day());
      for (unsigned d = 1; d <= last; ++d) {
        days.push_back(day++);
        const char tail[] = {'-', char('0' + m / 10), char('0' + m % 10), '-', char('0' + d / 10), char('0' + d % 10), '\n'};
        for (int style = 0; style < 2; ++style) expected[style].append(years[style]).append(tail, sizeof tail);
      }
    }
  }
  // (No backend's kernels write dates: one run. NumPy writes years as pandas does.)
  for (temporal_style style : {temporal_style::iso, temporal_style::pandas, temporal_style::numpy})
    EXPECT_EQ(csv_of({column_of(days.data(), days.size(), temporal_kind::date, time_unit::day, style, true)}),
              expected[style == temporal_style::iso ? 0 : 1]);
}

// Days that repeat and days a multiple of 4096 apart, mixed (the dates of recent days are looked up).
TEST(Temporal, RepeatedAndCollidingDays) {
  std::mt19937_64 rng(15);
  std::vector<std::int32_t> days;
  for (int i = 0; i < 20000; ++i) {
    const std::int32_t base[] = {0, -1, 18262, -719528, 2932896, 4096, -4097, 1 << 29, -(1 << 29) - 1, 2147483647};
    days.push_back(base[rng() % std::size(base)] - std::int32_t(rng() % 3) * 4096 * std::int32_t(1 + rng() % 2));
  }
  std::string expected;
  for (std::int32_t d : days) expected += styled(d, time_unit::day, temporal_kind::date, temporal_style::iso, -1) + "\n";
  EXPECT_EQ(csv_of({column_of(days.data(), days.size(), temporal_kind::date, time_unit::day, temporal_style::iso, true)}),
            expected);
}

// Random values of a unit: anywhere in 64 bits, near the epoch, whole days, seconds and milliseconds,
// around the years 0 and 10000.
std::vector<std::int64_t> random_instants(std::mt19937_64& rng, time_unit unit, std::size_t n) {
  std::vector<std::int64_t> values;
  const std::int64_t day = per_day[int(unit)], second = per_second[int(unit)];
  const std::int64_t edges[] = {-719528, 2932897, -719529, 2932896};  // 0000-01-01, 10000-01-01 and their eves
  for (std::size_t i = 0; i < n; ++i) {
    std::int64_t v = std::int64_t(rng());
    switch (rng() % 6) {
    case 0: break;
    case 1: v = std::int64_t(rng() % 2000) - 1000; break;
    case 2: {  // a midnight within a million days of the epoch (or as far as 64 bits of the unit reach)
      const std::int64_t most = std::min<std::int64_t>(1000'000, std::numeric_limits<std::int64_t>::max() / day - 1);
      v = (std::int64_t(rng() % std::uint64_t(2 * most)) - most) * day;
      break;
    }
    case 3: v = v / second * second; break;
    case 4: v = v / std::max<std::int64_t>(second / 1000, 1) * std::max<std::int64_t>(second / 1000, 1); break;
    case 5:
      if (unit <= time_unit::us) v = edges[rng() % 4] * day + std::int64_t(rng() % std::uint64_t(day));
      break;
    }
    values.push_back(v);
  }
  return values;
}

TEST(Temporal, InstantsOfEveryUnitInEveryStyle) {
  std::mt19937_64 rng(11);
  for (time_unit unit : {time_unit::s, time_unit::ms, time_unit::us, time_unit::ns})
    for (temporal_style style : {temporal_style::iso, temporal_style::pandas, temporal_style::numpy, temporal_style::arrow})
      for (int shape = 0; shape < 4; ++shape) {  // any values, then whole seconds, milliseconds, days
        std::vector<std::int64_t> values = random_instants(rng, unit, 3000);
        const std::int64_t round[] = {1, per_second[int(unit)], std::max<std::int64_t>(per_second[int(unit)] / 1000, 1),
                                      per_day[int(unit)]};
        for (std::int64_t& v : values) v = floor_div(v, round[shape]) * round[shape];
        std::vector<bool> null(values.size());
        std::vector<std::uint8_t> mask(values.size());
        for (std::size_t i = 0; i < values.size(); ++i) null[i] = (mask[i] = rng() % 7 == 0) != 0;
        const int digits = pandas_digits(values, null, unit);
        std::string expected;
        for (std::size_t i = 0; i < values.size(); ++i)
          expected += (null[i] ? "NA" : styled(values[i], unit, temporal_kind::timestamp, style, digits)) + "\n";
        table_column column{column_of(values.data(), values.size(), temporal_kind::timestamp, unit, style)};
        column.nulls.mask = mask.data();
        for_each_backend([&] { EXPECT_EQ(csv_of(column, "NA"), expected) << int(unit) << " " << int(style) << " " << shape; });
      }
}

// A duration as pandas' Timedelta writes it in a column of `digits` after the point (-1: days alone), as
// NumPy's str, or as Arrow's cast (the count); the day's start found in 128 bits (it can lie below INT64_MIN).
std::string duration_text(std::int64_t v, time_unit unit, temporal_style style, int digits) {
  static constexpr const char* names[] = {"days", "seconds", "milliseconds", "microseconds", "nanoseconds"};
  if (style == temporal_style::numpy) return printed("%lld %s", (long long)v, names[int(unit)]);
  if (style == temporal_style::arrow) return printed("%lld", (long long)v);
  const std::int64_t days = floor_div(v, per_day[int(unit)]);
  std::string text = printed("%lld days", (long long)days);
  if (digits < 0) return text;
  const auto of_day = std::int64_t(__int128(v) - __int128(days) * per_day[int(unit)]);
  const std::int64_t seconds = of_day / per_second[int(unit)];
  text += printed(" %s%02d:%02d:%02d", v < 0 ? "+" : "", int(seconds / 3600), int(seconds / 60 % 60), int(seconds % 60));
  if (digits == 0) return text;
  return text + fraction_text(unit == time_unit::day ? 0 : of_day % per_second[int(unit)], unit, digits, true);
}

// EXPECT_EQ of two long texts, shown from the line where they first differ (a diff of the whole is too big).
void expect_same_text(const std::string& out, const std::string& expected, const std::string& context) {
  EXPECT_EQ(out.size(), expected.size()) << context;
  const auto [first, _] = std::mismatch(out.begin(), out.end(), expected.begin(), expected.end());
  const std::size_t at = std::size_t(first - out.begin()), line = expected.rfind('\n', at == 0 ? 0 : at - 1);
  const std::size_t from = line == std::string::npos ? 0 : line;
  EXPECT_EQ(out.substr(from, 160), expected.substr(from, 160)) << context << ", byte " << at;
}

// Tables of dates and timestamps of years 0..9999 (fixed width: written straight into their rows once
// the other fields are in place) beside integers, dictionaries and nulls, over many blocks of rows; a
// block with a year past 9999, and nulls holding NaT's INT64_MIN, take the other ways. Against the
// values' reference texts.
TEST(Temporal, FixedWidthColumnsAmongOthers) {
  std::mt19937_64 rng(41);
  const std::size_t rows = 3000;
  std::vector<std::int64_t> instants(rows), wide(rows);
  std::vector<std::int32_t> days(rows), codes(rows);
  std::vector<std::uint8_t> null_instants(rows), null_days(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    instants[r] = std::int64_t(rng() % (200ull * 365 * 86400 * 1000'000)) - std::int64_t(50ull * 365 * 86400 * 1000'000);
    wide[r] = std::int64_t(rng() % (9000ull * 365 * 86400));
    days[r] = std::int32_t(rng() % 40000) - 20000;
    codes[r] = std::int32_t(rng() % 5);
    if (rng() % 13 == 0) null_instants[r] = 1, instants[r] = std::numeric_limits<std::int64_t>::min();
    if (rng() % 17 == 0) null_days[r] = 1;
  }
  wide[1700] = std::int64_t(400'000) * 86400 * 365;  // a year past 9999 in one block
  const char entries_text[] = "a\"b,c";
  const std::int32_t entry_offsets[] = {0, 1, 3, 5, 5, 5};
  table_column columns[] = {
      {column_of(instants.data(), rows, temporal_kind::timestamp, time_unit::us, temporal_style::iso)},
      {simdigits::integer_column{codes.data(), rows, simdigits::integer_type::i32, 4, false}},
      {column_of(days.data(), rows, temporal_kind::date, time_unit::day, temporal_style::iso, true)},
      {simdigits::dictionary_column{simdigits::integer_column{codes.data(), rows, simdigits::integer_type::i32, 4, false},
                                    simdigits::string_column::of(std::span(entry_offsets), entries_text)}},
      {column_of(wide.data(), rows, temporal_kind::timestamp, time_unit::s, temporal_style::arrow)},
  };
  columns[0].nulls.mask = null_instants.data();
  columns[2].nulls.mask = null_days.data();
  const std::string entry_fields[] = {"a", "\"\"\"b\"", "\",c\"", "", ""};  // quoted as CSV wants
  std::string expected;
  for (std::size_t r = 0; r < rows; ++r) {
    expected += null_instants[r] ? "NA" : styled(instants[r], time_unit::us, temporal_kind::timestamp, temporal_style::iso, 0);
    expected += "," + std::to_string(codes[r]) + ",";
    expected += null_days[r] ? "NA" : styled(days[r], time_unit::day, temporal_kind::date, temporal_style::iso, 0);
    expected += "," + entry_fields[codes[r]] + ",";
    expected += styled(wide[r], time_unit::s, temporal_kind::timestamp, temporal_style::arrow, 0) + "\n";
  }
  table_format format;
  format.null_text = "NA";
  for (unsigned threads : {1u, 3u}) {
    const table_plan plan(columns, format, threads);
    ASSERT_EQ(plan.length(), expected.size());
    std::string out(expected.size(), '#');
    ASSERT_TRUE(plan.write(out));
    expect_same_text(out, expected, std::to_string(threads) + " threads");
  }
}

// Tables of dates and times alone, every field of its fixed width or null: the rows' places come from
// the nulls before them and each value is written with its delimiter after it. Nulls by bitmap (at any
// bit) and by mask, null texts shorter and longer than the fields, delimiters and terminators of
// several bytes, a block holding a year past 9999 (written the general way), blocks with no nulls.
TEST(Temporal, RowsOfFixedWidthFieldsAlone) {
  std::mt19937_64 rng(59);
  const std::size_t rows = 2500;
  std::vector<std::int64_t> instants(rows), times(rows);
  std::vector<std::int32_t> days(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    instants[r] = std::int64_t(rng() % (60ull * 365 * 86400 * 1000)) - std::int64_t(20ull * 365 * 86400 * 1000);
    times[r] = std::int64_t(rng() % (86400ull * 1000'000'000));
    days[r] = std::int32_t(rng() % 40000) - 20000;
  }
  instants[2100] = std::int64_t(300'000) * 86400 * 365 * 1000;  // a year past 9999 in the fifth block
  const std::size_t bit = 5;
  std::vector<std::uint8_t> bitmap((rows + bit) / 8 + 1, 0xff), mask(rows);
  std::vector<bool> null_instants(rows), null_days(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    if (r < 512 || r > 1024) {  // the second block of rows has no nulls
      if (rng() % 11 == 0) null_instants[r] = true, bitmap[(r + bit) / 8] &= std::uint8_t(~(1u << ((r + bit) % 8)));
      if (rng() % 7 == 0) null_days[r] = true, mask[r] = 1;
    }
  }
  table_column columns[] = {
      {column_of(instants.data(), rows, temporal_kind::timestamp, time_unit::ms, temporal_style::iso)},
      {column_of(days.data(), rows, temporal_kind::date, time_unit::day, temporal_style::arrow, true)},
      {column_of(times.data(), rows, temporal_kind::time_of_day, time_unit::ns, temporal_style::iso)},
  };
  columns[0].nulls.bitmap = bitmap.data(), columns[0].nulls.bitmap_offset = bit;
  columns[1].nulls.mask = mask.data();
  for (const auto& [null_text, delimiter, terminator] :
       {std::tuple<std::string, std::string, std::string>{"", ",", "\n"}, {"NA", "|;|", "\r\n"},
        {"a null text longer than any field here", "\t", "\n"}}) {
    std::string expected;
    for (std::size_t r = 0; r < rows; ++r) {
      expected += null_instants[r] ? null_text : styled(instants[r], time_unit::ms, temporal_kind::timestamp, temporal_style::iso, 0);
      expected += delimiter;
      expected += null_days[r] ? null_text : styled(days[r], time_unit::day, temporal_kind::date, temporal_style::arrow, 0);
      expected += delimiter + styled(times[r], time_unit::ns, temporal_kind::time_of_day, temporal_style::iso, 0) + terminator;
    }
    table_format format;
    format.null_text = null_text, format.delimiter = delimiter, format.terminator = terminator;
    for (unsigned threads : {1u, 3u}) {
      const table_plan plan(columns, format, threads);
      ASSERT_EQ(plan.length(), expected.size());
      std::string out(expected.size(), '#');
      ASSERT_TRUE(plan.write(out));
      std::string context = std::to_string(threads);
      context += " threads, null text \"", context += null_text, context += '"';
      expect_same_text(out, expected, context);
    }
  }
}

// The layout looks once for values outside the years of the fixed width (pandas' by the finest unit's
// scan, the others' by their own), so that measuring and writing need not: columns of years 1900..2099
// whose nulls hold NaT and values past 9999, then with one value outside that is not null, at the first
// row, after the finest unit is found, in the last row. Against the values' reference texts, on 1 and 3
// threads (rows enough for a scan in slices).
TEST(Temporal, ValuesOutsideTheFixedYearsFoundOnce) {
  std::mt19937_64 rng(67);
  const std::size_t rows = 70'000;
  const std::int64_t past_9999 = std::int64_t(9000) * 365 * 86400 * 1000'000;  // µs: the year 10,9xx
  std::vector<std::int64_t> base(rows);
  std::vector<bool> null(rows);
  std::vector<std::uint8_t> mask(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    base[r] = (std::int64_t(rng() % (200ull * 365 * 86400)) - std::int64_t(70ull * 365 * 86400)) * 1000'000;
    if (r > 50'000) base[r] += std::int64_t(rng() % 1000);  // microseconds (the unit: the finest) from row 50,001 on
    if (rng() % 9 == 0) {
      null[r] = true, mask[r] = 1;
      base[r] = rng() % 2 ? std::numeric_limits<std::int64_t>::min() : past_9999 + std::int64_t(rng() % 1000);
    }
  }
  for (std::size_t outside : {rows, std::size_t(0), std::size_t(60'000), rows - 1}) {  // (rows: none)
    std::vector<std::int64_t> values = base;
    std::vector<bool> nulls = null;
    std::vector<std::uint8_t> masks = mask;
    if (outside < rows) values[outside] = past_9999 + 123'456'789, nulls[outside] = false, masks[outside] = 0;
    for (temporal_style style : {temporal_style::pandas, temporal_style::iso}) {
      const int digits = style == temporal_style::pandas ? pandas_digits(values, nulls, time_unit::us) : 0;
      std::string expected;
      for (std::size_t r = 0; r < rows; ++r)
        expected += (nulls[r] ? "NA" : styled(values[r], time_unit::us, temporal_kind::timestamp, style, digits)) + "\n";
      table_column column{column_of(values.data(), rows, temporal_kind::timestamp, time_unit::us, style)};
      column.nulls.mask = masks.data();
      table_format format;
      format.null_text = "NA";
      for (unsigned threads : {1u, 3u}) {
        const table_plan plan(std::span<const table_column>(&column, 1), format, threads);
        std::string out(plan.length(), '#');
        ASSERT_TRUE(plan.write(out));
        std::string context = "outside at ";  // (appended: a chain of + from a literal warns on gcc, -Wrestrict)
        context += std::to_string(outside), context += ", style ", context += std::to_string(int(style));
        context += ", threads ", context += std::to_string(threads);
        expect_same_text(out, expected, context);
      }
    }
  }
}

// pandas' columns of pyarrow timestamps and durations (own_digits): each value with its own digits after
// the point, as Python's str of a Timestamp or Timedelta (9 with nanoseconds, 6 with a fraction of a
// second, none on a whole second), whatever the column's finest value; midnights as times.
TEST(Temporal, OwnDigitsOfEachValueAsPandasWritesArrowColumns) {
  std::mt19937_64 rng(53);
  for (time_unit unit : {time_unit::s, time_unit::ms, time_unit::us, time_unit::ns}) {
    const std::int64_t second = per_second[int(unit)];
    std::vector<std::int64_t> values = random_instants(rng, unit, 2000);
    for (std::size_t i = 0; i < values.size(); i += 3) values[i] = floor_div(values[i], second) * second;  // whole seconds
    for (std::size_t i = 1; i < values.size(); i += 7) values[i] = floor_div(values[i], per_day[int(unit)]) * per_day[int(unit)];
    std::vector<std::uint8_t> mask(values.size());
    for (std::uint8_t& m : mask) m = rng() % 9 == 0;
    std::string times, durations;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::int64_t nanos = (values[i] - floor_div(values[i], second) * second) * (1000'000'000 / second);
      const int own = nanos % 1000 != 0 ? 9 : nanos != 0 ? 6 : 0;
      times += (mask[i] ? "NA" : styled(values[i], unit, temporal_kind::timestamp, temporal_style::pandas, own)) + "\n";
      durations += (mask[i] ? "NA" : duration_text(values[i], unit, temporal_style::pandas, own)) + "\n";
    }
    table_column instants{column_of(values.data(), values.size(), temporal_kind::timestamp, unit, temporal_style::pandas)};
    table_column lengths{column_of(values.data(), values.size(), temporal_kind::duration, unit, temporal_style::pandas)};
    for (table_column* c : {&instants, &lengths}) {
      c->nulls.mask = mask.data();
      std::get<temporal_column>(c->values).own_digits = true;
    }
    EXPECT_EQ(csv_of(instants, "NA"), times) << int(unit);
    EXPECT_EQ(csv_of(lengths, "NA"), durations) << int(unit);
  }
}

TEST(Temporal, DurationsOfEveryUnitAsPandasAndNumPyWriteThem) {
  std::mt19937_64 rng(21);
  for (time_unit unit : {time_unit::day, time_unit::s, time_unit::ms, time_unit::us, time_unit::ns})
    for (temporal_style style : {temporal_style::pandas, temporal_style::numpy, temporal_style::arrow})
      for (int shape = 0; shape < 5; ++shape) {  // any values, then whole seconds, milliseconds, microseconds, days
        std::vector<std::int64_t> values = random_instants(rng, unit == time_unit::day ? time_unit::s : unit, 2000);
        const std::int64_t second = per_second[int(unit)];
        const std::int64_t round[] = {1, second, std::max<std::int64_t>(second / 1000, 1),
                                      std::max<std::int64_t>(second / 1000'000, 1), per_day[int(unit)]};
        for (std::int64_t& v : values) v = floor_div(v, round[shape]) * round[shape];
        values.push_back(std::numeric_limits<std::int64_t>::min() + 1);
        values.push_back(std::numeric_limits<std::int64_t>::max());
        std::vector<bool> null(values.size());
        std::vector<std::uint8_t> mask(values.size());
        for (std::size_t i = 0; i < values.size(); ++i) null[i] = (mask[i] = rng() % 7 == 0) != 0;
        int digits = pandas_digits(values, null, unit);
        digits = digits == 3 ? 6 : digits;  // (milliseconds as microseconds)
        std::string expected;
        for (std::size_t i = 0; i < values.size(); ++i)
          expected += (null[i] ? "NA" : duration_text(values[i], unit, style, digits)) + "\n";
        table_column column{column_of(values.data(), values.size(), temporal_kind::duration, unit, style)};
        column.nulls.mask = mask.data();
        EXPECT_EQ(csv_of(column, "NA"), expected) << int(unit) << " " << int(style) << " " << shape;
      }
  // A column in batches takes the digits of its finest value in any of them.
  const std::int64_t whole[] = {86400, -86400}, fine[] = {1};
  const table_column first[] = {{column_of(whole, 2, temporal_kind::duration, time_unit::s, temporal_style::pandas)}};
  const table_column second[] = {{column_of(fine, 1, temporal_kind::duration, time_unit::s, temporal_style::pandas)}};
  const std::span<const table_column> batches[] = {first, second};
  const table_plan plan(batches, table_format{});
  std::string out(plan.length(), '\0');
  ASSERT_TRUE(plan.write(out));
  EXPECT_EQ(out, "1 days 00:00:00\n-1 days +00:00:00\n0 days 00:00:01\n");
  // ... and, written in parts (a Dask frame's partitions), the finest unit each part is given where its
  // own values are coarser; a part's finer values keep their digits; a unit past ns is invalid.
  const auto pandas_text = [](const std::int64_t* values, std::size_t n, time_unit unit, std::optional<time_unit> finest) {
    temporal_column c = column_of(values, n, temporal_kind::duration, unit, temporal_style::pandas);
    c.finest = finest;
    return csv_of(table_column{c}, "");
  };
  EXPECT_EQ(pandas_text(whole, 2, time_unit::s, time_unit::ns), "1 days 00:00:00.000000000\n-1 days +00:00:00.000000000\n");
  EXPECT_EQ(pandas_text(whole, 2, time_unit::s, time_unit::ms), "1 days 00:00:00.000000\n-1 days +00:00:00.000000\n");
  EXPECT_EQ(pandas_text(whole, 2, time_unit::s, time_unit::day), "1 days\n-1 days\n");
  EXPECT_EQ(pandas_text(fine, 1, time_unit::s, time_unit::day), "0 days 00:00:01\n");
  const std::int64_t nanos[] = {1500};
  EXPECT_EQ(pandas_text(nanos, 1, time_unit::ns, time_unit::us), "0 days 00:00:00.000001500\n");
  // (the same for pandas' timestamps: midnights as dates alone unless a finer unit is given)
  temporal_column midnights = column_of(whole, 2, temporal_kind::timestamp, time_unit::s, temporal_style::pandas);
  EXPECT_EQ(csv_of(table_column{midnights}, ""), "1970-01-02\n1969-12-31\n");
  midnights.finest = time_unit::ms;
  EXPECT_EQ(csv_of(table_column{midnights}, ""), "1970-01-02 00:00:00.000\n1969-12-31 00:00:00.000\n");
  // The finest value found by threads, each over a slice: one value in the last slice decides, a null
  // (INT64_MIN, finer than any value) in another does not.
  std::vector<std::int64_t> seconds(1000);
  for (std::size_t i = 0; i < seconds.size(); ++i) seconds[i] = std::int64_t(i) * 1000 * 86400;
  seconds.back() += 1;
  seconds[10] = std::numeric_limits<std::int64_t>::min();
  std::vector<std::uint8_t> null_tenth(seconds.size());
  null_tenth[10] = 1;
  for (unsigned threads : {1u, 4u, 7u}) {
    temporal_column c = column_of(seconds.data(), seconds.size(), temporal_kind::duration, time_unit::ms, temporal_style::pandas);
    table_column column{c};
    column.nulls.mask = null_tenth.data();
    const table_plan p(std::span<const table_column>(&column, 1), table_format{}, threads);
    std::string text(p.length(), '\0');
    ASSERT_TRUE(p.write(text));
    EXPECT_EQ(text.substr(0, 26), "0 days 00:00:00.000000\n1 d") << threads;
    EXPECT_EQ(text.substr(text.size() - 26), "\n999 days 00:00:00.001000\n") << threads;
  }
  temporal_column past_ns = column_of(whole, 2, temporal_kind::duration, time_unit::s, temporal_style::pandas);
  past_ns.finest = time_unit(5);
  EXPECT_EQ(simdigits::table_length(std::span<const table_column>({table_column{past_ns}}), table_format{}), simdigits::npos);
  // polars writes no durations, and durations take no format.
  temporal_column iso = column_of(whole, 2, temporal_kind::duration, time_unit::s, temporal_style::iso);
  temporal_column formatted = column_of(whole, 2, temporal_kind::duration, time_unit::s, temporal_style::pandas);
  formatted.format = "%H";
  for (const temporal_column& c : {iso, formatted})
    EXPECT_EQ(simdigits::table_length(std::span<const table_column>({table_column{c}}), table_format{}), simdigits::npos);
}

// Instants in tz database zones against the C library's localtime_r (its offset, tm_gmtoff, from the same
// files): random seconds of 1900..2400 and the hours around every change of 1970..2100, in pandas'
// style (the offset as "+01:00") and in a format with chrono's "%z".
TEST(Temporal, InstantsInTimeZonesAgainstLocaltime) {
  const char* zones[] = {"Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/St_Johns",
                         "Europe/Dublin", "Pacific/Apia", "Africa/Casablanca", "America/Sao_Paulo"};
  const char* saved = std::getenv("TZ");
  const std::string old_tz = saved ? saved : "";
  std::mt19937_64 rng(31);
  for (const char* zone : zones) {
    if (!simdigits::time_zone_known(zone)) GTEST_SKIP() << "no tz database here (" << zone << ")";
    setenv("TZ", zone, 1);
    tzset();
    std::vector<std::int64_t> seconds;
    for (int i = 0; i < 1500; ++i) seconds.push_back(-2208988800 + std::int64_t(rng() % 15778800000));  // 1900..2400
    auto offset = [](std::int64_t t) {
      std::tm tm{};
      const std::time_t at = t;
      localtime_r(&at, &tm);
      return tm.tm_gmtoff;
    };
    // Each change of 1970..2100 (a day apart, then found to the second), and the hour either side.
    for (std::int64_t t = 86400, last = offset(0); t < 4102444800; t += 86400) {
      if (offset(t) == last) continue;
      std::int64_t before = t - 86400, after = t;
      while (after - before > 1) {
        const std::int64_t middle = before + (after - before) / 2;
        (offset(middle) == last ? before : after) = middle;
      }
      for (std::int64_t d = -3601; d <= 3601; d += 1200) seconds.push_back(after + d);
      last = offset(t);
    }
    for (time_unit unit : {time_unit::s, time_unit::ms, time_unit::us}) {
      std::vector<std::int64_t> values;
      std::string pandas, chrono, arrow;
      for (std::int64_t t : seconds) {
        const std::int64_t fraction = std::int64_t(rng() % std::uint64_t(per_second[int(unit)]));
        values.push_back(t * per_second[int(unit)] + fraction);
        std::tm tm{};
        const std::time_t at = t;
        localtime_r(&at, &tm);
        char local[64];
        std::strftime(local, sizeof local, "%Y-%m-%d %H:%M:%S", &tm);
        const long off = tm.tm_gmtoff, magnitude = off < 0 ? -off : off;
        std::string python = printed("%c%02ld:%02ld", off < 0 ? '-' : '+', magnitude / 3600, magnitude / 60 % 60);
        if (magnitude % 60) python += printed(":%02ld", magnitude % 60);
        const long minutes = (magnitude + 30) / 60;
        const int digits = unit == time_unit::s ? 0 : 3 * (int(unit) - 1);
        const std::string fraction_part = digits ? fraction_text(fraction, unit, digits, true) : "";
        pandas += std::string(local) + (unit == time_unit::s ? "" : fraction_text(fraction, unit, 6, true)) + python + "\n";
        chrono += std::string(local) + fraction_part + printed(" %c%02ld%02ld", off < 0 ? '-' : '+', minutes / 60, minutes % 60) +
                  " " + tm.tm_zone + "\n";  // (%Z: the zone file's abbreviation)
        arrow += std::string(local) + fraction_part + printed("%c%02ld%02ld", off < 0 ? '-' : '+', magnitude / 3600, magnitude / 60 % 60) + "\n";
      }
      // Lines of values before `limit` (UTC seconds) against the expected ones.
      auto compare = [&](const std::string& ours, const std::string& expected, std::int64_t limit, const char* style) {
        std::size_t line = 0, at = 0;
        for (std::size_t i = 0; i < values.size(); ++i) {
          const std::size_t end = ours.find('\n', at), expected_end = expected.find('\n', line);
          if (seconds[i] < limit) {
            EXPECT_EQ(ours.substr(at, end - at), expected.substr(line, expected_end - line)) << zone << " " << style;
          }
          at = end + 1, line = expected_end + 1;
        }
      };
      temporal_column c = column_of(values.data(), values.size(), temporal_kind::timestamp, unit, temporal_style::pandas);
      c.zone = zone;
      if (unit != time_unit::s) c.format = "%Y-%m-%d %H:%M:%S.%f%:z";  // (pandas' own digits follow the finest value)
      EXPECT_EQ(csv_of({c}), pandas) << zone << " " << int(unit);
      temporal_column iso = column_of(values.data(), values.size(), temporal_kind::timestamp, unit, temporal_style::iso);
      iso.zone = zone;
      iso.format = unit == time_unit::s ? "%Y-%m-%d %H:%M:%S %z %Z" : unit == time_unit::ms ? "%F %T%.3f %z %Z" : "%F %T%.6f %z %Z";
      // (chrono-tz, so polars, applies the zones' rules through 2099; Arrow none of them, the zone files'
      // transitions only, which run through 2037: compared where they agree with the C library)
      compare(csv_of({iso}), chrono, 4102444800, "iso");
      temporal_column cast = column_of(values.data(), values.size(), temporal_kind::timestamp, unit, temporal_style::arrow);
      cast.zone = zone;
      compare(csv_of({cast}), arrow, std::int64_t(1) << 31, "arrow");
    }
  }
  if (saved) setenv("TZ", old_tz.c_str(), 1);
  else unsetenv("TZ");
  tzset();
}

TEST(Temporal, FixedOffsetsAndUnknownZones) {
  const std::int64_t values[] = {0, 1585445400, -1};
  temporal_column c = column_of(values, 3, temporal_kind::timestamp, time_unit::s, temporal_style::pandas);
  c.zone = "-03:30";
  EXPECT_EQ(csv_of({c}), "1969-12-31 20:30:00-03:30\n2020-03-28 22:00:00-03:30\n1969-12-31 20:29:59-03:30\n");
  c.zone = "UTC", c.style = temporal_style::iso;
  EXPECT_EQ(csv_of({c}), "1970-01-01T00:00:00.000+0000\n2020-03-29T01:30:00.000+0000\n1969-12-31T23:59:59.000+0000\n");
  // %Z of a fixed offset: Python's name of a datetime.timezone, chrono's numeric one; "UTC" and "GMT"
  c.format = "%H %Z";
  for (auto [zone, style, expected] : {std::tuple{"-03:30", temporal_style::pandas, "20 UTC-03:30"}, {"+00:00", temporal_style::pandas, "00 UTC"},
                                       {"+01:00", temporal_style::iso, "01 +01"}, {"+0530", temporal_style::iso, "05 +0530"},
                                       {"GMT", temporal_style::pandas, "00 GMT"}, {"Etc/UTC", temporal_style::iso, "00 UTC"}}) {
    c.zone = zone, c.style = style;
    EXPECT_EQ(csv_of({c}).substr(0, csv_of({c}).find('\n')), expected) << zone;
  }
  c.format = {};
  c.zone = "+0530", c.format = "%H:%M %z|%:z";
  EXPECT_EQ(csv_of({c}), "05:30 +0530|+05:30\n07:00 +0530|+05:30\n05:29 +0530|+05:30\n");
  for (const char* bad : {"Mars/Olympus_Mons", "../etc/passwd", "/etc/localtime", "+25:00", "+5"}) {
    c.zone = bad;
    EXPECT_FALSE(simdigits::time_zone_known(bad)) << bad;
    EXPECT_EQ(simdigits::table_length(std::span<const table_column>({table_column{c}}), table_format{}), simdigits::npos)
        << bad;
  }
  // Without a zone, chrono refuses %z, and Python's strftime writes it as nothing.
  c.zone = {};
  EXPECT_EQ(simdigits::table_length(std::span<const table_column>({table_column{c}}), table_format{}), simdigits::npos);
  c.style = temporal_style::pandas, c.format = "%H:%M%z|%:z";
  EXPECT_EQ(csv_of({c}), "00:00|\n01:30|\n23:59|\n");
  c.zone = "UTC", c.kind = temporal_kind::date;  // dates have no zone
  EXPECT_EQ(simdigits::table_length(std::span<const table_column>({table_column{c}}), table_format{}), simdigits::npos);
}

TEST(Temporal, ZonesOfAnAddedDirectory) {  // (Python's tzdata package's, where the system has no tz database)
  const std::filesystem::path system_zone = "/usr/share/zoneinfo/Europe/Berlin";
  if (!std::filesystem::exists(system_zone)) GTEST_SKIP() << "no system tz database to copy a zone from";
  std::string name = "simdigits-zones-";
  name += std::to_string(::getpid());
  const std::filesystem::path directory = std::filesystem::temp_directory_path() / name;
  std::filesystem::create_directories(directory / "Test_Region");
  std::filesystem::copy_file(system_zone, directory / "Test_Region" / "Copy_Of_Berlin",
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_FALSE(simdigits::time_zone_known("Test_Region/Copy_Of_Berlin"));  // (not found: looked for again once added)
  simdigits::add_time_zone_directory(directory.string());
  simdigits::add_time_zone_directory(directory.string());  // (once is enough)
  EXPECT_TRUE(simdigits::time_zone_known("Test_Region/Copy_Of_Berlin"));
  const std::int64_t values[] = {0, 1585445400, 1603587600, -1};  // either side of 2020's changes
  temporal_column c = column_of(values, 4, temporal_kind::timestamp, time_unit::s, temporal_style::pandas);
  c.zone = "Europe/Berlin";
  const std::string expected = csv_of({c});
  c.zone = "Test_Region/Copy_Of_Berlin";
  EXPECT_EQ(csv_of({c}), expected);
  std::filesystem::remove_all(directory);
}

TEST(Temporal, TimesOfDayAndArrowDate64) {
  std::mt19937_64 rng(12);
  for (time_unit unit : {time_unit::s, time_unit::ms, time_unit::us, time_unit::ns})
    for (temporal_style style : {temporal_style::iso, temporal_style::pandas})
      for (bool narrow : {false, true}) {
        if (narrow && unit > time_unit::ms) continue;
        std::vector<std::int64_t> values;
        for (int i = 0; i < 500; ++i)
          values.push_back(std::int64_t(rng() % std::uint64_t(per_day[int(unit)])) / (i % 2 ? per_second[int(unit)] : 1) *
                           (i % 2 ? per_second[int(unit)] : 1));
        std::vector<std::int32_t> narrowed(values.begin(), values.end());
        std::string expected;
        for (std::int64_t v : values) expected += styled(v, unit, temporal_kind::time_of_day, style, 0) + "\n";
        const void* data = narrow ? static_cast<const void*>(narrowed.data()) : values.data();
        EXPECT_EQ(csv_of({column_of(data, values.size(), temporal_kind::time_of_day, unit, style, narrow)}), expected);
      }
  // Arrow's date64: milliseconds, written by polars as an instant of them.
  std::vector<std::int64_t> dates{0, -86400000, 86400000LL * 5, 1};
  EXPECT_EQ(csv_of({column_of(dates.data(), dates.size(), temporal_kind::date, time_unit::ms, temporal_style::iso)}),
            "1970-01-01T00:00:00.000\n1969-12-31T00:00:00.000\n1970-01-06T00:00:00.000\n1970-01-01T00:00:00.001\n");
  EXPECT_EQ(csv_of({column_of(dates.data(), dates.size(), temporal_kind::date, time_unit::ms, temporal_style::pandas)}),
            "1970-01-01\n1969-12-31\n1970-01-06\n1970-01-01\n");
}

TEST(Temporal, FormatsAgainstStrftime) {
  std::mt19937_64 rng(13);
  struct {
    const char* format;
    temporal_style style;
    const char* fraction_format;  // the reference's fraction text in place of "%f"
  } cases[] = {
      {"%d/%m/%Y %H:%M:%S %j %a %b %% %F %T", temporal_style::pandas, nullptr},
      {"%Y%m%d-%f", temporal_style::pandas, "6"},
      {"[%a, %d %b %Y] %H.%M.%S%.3f|%6f|%f|%.9f %%", temporal_style::iso, nullptr},
      {"%e.%m.%Y %H:%M:%S%.f|%.f", temporal_style::iso, nullptr},  // (%.f: 3, 6 or 9 digits, as few as hold it)
      {"%e|%d %Y", temporal_style::pandas, nullptr},
      {"%y %I %p %h %D %R", temporal_style::pandas, nullptr},
      {"%A, %B %d %Y|%a %b|%B%A", temporal_style::pandas, nullptr},  // (names in full: per value)
      {"%A %e %B %Y %H:%M:%S%.3f", temporal_style::iso, nullptr},
      {"%I:%M %p, %D%.3f", temporal_style::iso, nullptr},
      {"%Y/%m/%d_%H.%M.%S,%6f", temporal_style::iso, nullptr},  // (the common shape, its own separators)
      {"", temporal_style::iso, nullptr},
  };
  for (const auto& c : cases)
    for (time_unit unit : {time_unit::s, time_unit::us, time_unit::ns}) {
      std::vector<std::int64_t> values = random_instants(rng, unit, 2000);
      std::string expected;
      for (std::int64_t& v : values) {
        const reference_parts p = parts_of(v, unit, temporal_kind::timestamp);
        if (p.year < 1000 || p.year > 9999) v = std::int64_t(rng() % 4000'000'000) * per_second[int(unit)];
        const reference_parts q = parts_of(v, unit, temporal_kind::timestamp);
        std::string format = c.format;
        if (format.empty()) {
          expected += styled(v, unit, temporal_kind::timestamp, temporal_style::iso, 0) + "\n";
          continue;
        }
        auto replace = [&](const std::string& what, const std::string& with) {
          for (std::size_t at; (at = format.find(what)) != std::string::npos;)
            format = format.substr(0, at) + with + format.substr(at + what.size());
        };
        const std::string nanos = fraction_text(q.fraction, unit, 9);
        const std::size_t shown = nanos == "000000000"                 ? 0
                                  : nanos.compare(3, 6, "000000") == 0 ? 3
                                  : nanos.compare(6, 3, "000") == 0    ? 6
                                                                       : 9;
        std::string own(shown != 0, '.');
        own.append(nanos, 0, shown);
        replace("%.f", own);
        replace("%.3f", fraction_text(q.fraction, unit, 3, true));
        replace("%.9f", fraction_text(q.fraction, unit, 9, true));
        replace("%6f", fraction_text(q.fraction, unit, 6));
        replace("%f", fraction_text(q.fraction, unit, c.style == temporal_style::iso ? 9 : 6));
        std::tm tm = q.tm;
        tm.tm_year = int(q.year - 1900), tm.tm_hour = int(q.hour), tm.tm_min = int(q.minute), tm.tm_sec = int(q.second);
        char buffer[256];
        const std::size_t n = std::strftime(buffer, sizeof buffer, format.c_str(), &tm);
        expected += std::string(buffer, n) + "\n";
      }
      temporal_column column = column_of(values.data(), values.size(), temporal_kind::timestamp, unit, c.style);
      column.format = c.format;
      EXPECT_EQ(csv_of({column}), expected) << c.format;
    }
}

TEST(Temporal, FormatsWithDirectivesNotTakenAreRefused) {
  EXPECT_EQ(simdigits::unsupported_time_directive("%Y-%m-%d %H:%M:%S.%f", temporal_style::pandas), "");
  EXPECT_EQ(simdigits::unsupported_time_directive("%Y %U", temporal_style::iso), "%U");
  EXPECT_EQ(simdigits::unsupported_time_directive("%A %B", temporal_style::iso), "");
  EXPECT_EQ(simdigits::unsupported_time_directive("%Y %Z", temporal_style::iso), "");
  EXPECT_EQ(simdigits::unsupported_time_directive("%Y%.3f", temporal_style::pandas), "%.3f");
  EXPECT_EQ(simdigits::unsupported_time_directive("%.4f", temporal_style::iso), "%.4f");
  EXPECT_EQ(simdigits::unsupported_time_directive("%3xY", temporal_style::iso), "%3x");
  EXPECT_EQ(simdigits::unsupported_time_directive("100%", temporal_style::iso), "%");
  std::int64_t v = 0;
  temporal_column bad = column_of(&v, 1, temporal_kind::timestamp, time_unit::s, temporal_style::iso);
  bad.format = "%q";
  table_column column{bad};
  EXPECT_EQ(table_plan(std::span<const table_column>(&column, 1), table_format{}).check(), status::invalid_argument);
  for (auto [kind, unit] : {std::pair{temporal_kind::timestamp, time_unit::day}, {temporal_kind::date, time_unit::s},
                            {temporal_kind::time_of_day, time_unit::day}}) {
    column.values = column_of(&v, 1, kind, unit, temporal_style::iso);
    EXPECT_EQ(table_plan(std::span<const table_column>(&column, 1), table_format{}).check(), status::invalid_argument);
  }
}

TEST(Temporal, DirectivesOfAPartTheKindHasNot) {  // chrono's refusals (polars')
  EXPECT_EQ(simdigits::misplaced_time_directive("%Y-%m-%d %H", temporal_kind::date), "%H");
  EXPECT_EQ(simdigits::misplaced_time_directive("%d%.3f", temporal_kind::date), "%.3f");
  EXPECT_EQ(simdigits::misplaced_time_directive("%%H %F %e %j", temporal_kind::date), "");
  EXPECT_EQ(simdigits::misplaced_time_directive("%T%.f %e", temporal_kind::time_of_day), "%e");
  EXPECT_EQ(simdigits::misplaced_time_directive("%H:%M:%S%.f %3f %:z", temporal_kind::time_of_day), "");
  EXPECT_EQ(simdigits::misplaced_time_directive("%F %T", temporal_kind::timestamp), "");
  const std::int32_t day = 5;
  temporal_column date = column_of(&day, 1, temporal_kind::date, time_unit::day, temporal_style::iso, true);
  date.format = "%F %H";
  table_column column{date};
  EXPECT_EQ(table_plan(std::span<const table_column>(&column, 1), table_format{}).check(), status::invalid_argument);
  date.style = temporal_style::pandas;  // (Python's strftime writes a date's hour: 00)
  column.values = date;
  EXPECT_EQ(csv_of(column), "1970-01-06 00\n");
}

TEST(Temporal, EachYearOfAFormatAsLongAsTheYear) {
  // years past 9999 and before 0 make every %Y of the format longer; %.f's length is each value's own
  const std::int64_t values[] = {(days_of(12000, 3, 4) * 86400 + 5) * 1000'000 + 1, days_of(-44, 3, 15) * 86400 * 1000'000,
                                 days_of(2020, 1, 2) * 86400 * 1000'000 + 500'000};
  temporal_column c = column_of(values, 3, temporal_kind::timestamp, time_unit::us, temporal_style::iso);
  c.format = "%Y|%Y%.f|%Y";
  EXPECT_EQ(csv_of({c}), "+12000|+12000.000001|+12000\n-0044|-0044|-0044\n2020|2020.500|2020\n");
  c.style = temporal_style::pandas;
  c.format = "%Y %Y";
  EXPECT_EQ(csv_of({c}), "12000 12000\n-044 -044\n2020 2020\n");
}

TEST(Temporal, ArrowsTextOfYearsPastItsReach) {  // years outside -32767..32767: "<value out of range: count>"
  const auto seconds = [](int y) { return days_of(y, 1, 1) * 86400; };
  const std::int64_t values[] = {seconds(32767), seconds(-32767), seconds(-32767) - 1, std::numeric_limits<std::int64_t>::min(),
                                 std::numeric_limits<std::int64_t>::max()};
  EXPECT_EQ(csv_of({column_of(values, 5, temporal_kind::timestamp, time_unit::s, temporal_style::arrow)}),
            "32767-01-01 00:00:00\n-32767-01-01 00:00:00\n<value out of range: " + std::to_string(values[2]) +
                ">\n<value out of range: -9223372036854775808>\n<value out of range: 9223372036854775807>\n");
  EXPECT_EQ(csv_of({column_of(values, 5, temporal_kind::timestamp, time_unit::s, temporal_style::iso)}).substr(0, 21),
            "+32767-01-01T00:00:00");  // (polars' own text)
}

TEST(Temporal, BooleansAsBytesAndBits) {
  std::mt19937_64 rng(14);
  std::vector<std::uint8_t> bytes(1000), bits(130);
  for (auto& b : bytes) b = std::uint8_t(rng() % 3);  // nonzero is true
  for (auto& b : bits) b = std::uint8_t(rng());
  std::string expected_bytes, expected_bits;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    expected_bytes += std::string(bytes[i] ? "True" : "False") + "," + (i % 5 ? "x" : "") + "\n";
    expected_bits += std::string((bits[(i + 3) / 8] >> ((i + 3) % 8)) & 1 ? "true" : "false") + "\n";
  }
  std::vector<std::uint8_t> mask(bytes.size());
  for (std::size_t i = 0; i < mask.size(); ++i) mask[i] = i % 5 == 0;
  std::vector<table_column> columns{{simdigits::bool_column{bytes.data(), bytes.size(), false, 0, "True", "False"}},
                                    {simdigits::bool_column{bytes.data(), bytes.size(), false, 0, "x", "x"}}};
  columns[1].nulls.mask = mask.data();
  for_each_backend([&] {
    table_format format;
    const table_plan plan(columns, format);
    std::string out(plan.length(), '\0');
    ASSERT_TRUE(plan.write(out));
    EXPECT_EQ(out, expected_bytes);
    EXPECT_EQ(csv_of({simdigits::bool_column{bits.data(), 1000, true, 3}}), expected_bits);
  });
}

} // namespace

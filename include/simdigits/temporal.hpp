// simdigits — dates, times and booleans as table columns (table.hpp), in the text each peer writes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace simdigits {

/// The unit temporal values count in.
enum class time_unit : std::uint8_t { day, s, ms, us, ns };

/// What temporal values are: instants (time since 1970-01-01T00:00:00 on the proleptic Gregorian
/// calendar: UTC when their column names a time zone, else of no zone), dates (days since that day, or
/// milliseconds as Arrow's date64), times of day (time since midnight), or durations (signed lengths of
/// time; no format: the style's text).
enum class temporal_kind : std::uint8_t { timestamp, date, time_of_day, duration };

/// Whose text temporal values take when their column gives no format.
enum class temporal_style : std::uint8_t {
  /// polars' write_csv (Rust's chrono): "2020-01-31", "2020-01-31T12:00:00.000" with the digits of the
  /// column's unit after the point (at least 3; Arrow's date64 too, as polars reads it), times of day
  /// "12:00:00.000000000"; a year outside 0..9999 signed and of at least 4 digits ("-0044", "+10000").
  /// (polars writes no durations: a duration column is invalid_argument in this style.)
  iso,
  /// pandas' DataFrame.to_csv: "2020-01-31 12:00:00", then as many digits after the point as the
  /// column's finest value needs (0, 3, 6 or 9); a column of midnights as dates alone; times of day as
  /// Python's str of a time ("12:00:00", "12:00:00.500000"); years as Python's "{:04d}" ("-044",
  /// "10000"); durations as pandas' Timedelta: "2 days" when every value is whole days, else
  /// "0 days 00:00:01", "-1 days +23:59:59.500000" with 6 digits after the point when the column's finest
  /// value has milli- or microseconds, 9 with nanoseconds.
  pandas,
  /// NumPy's str of a datetime64: "2020-01-31", "2020-01-31T12:00:00.500" with the digits of the unit
  /// (none for seconds); years as pandas writes them; of a timedelta64: "-5 seconds", "1 days".
  numpy,
  /// Arrow's cast to strings (pyarrow.compute.cast(a, pa.string())): "2020-01-31 12:00:00.500" with the
  /// unit's digits (none for seconds), zoned instants ending with "+0100" ("Z" in "UTC"; after the zone
  /// file's last transition, its offset), times of day "12:00:00.500", durations as their count; years
  /// "-0001", "10000".
  arrow,
};

/// Temporal values in memory, laid out as an integer_column's are (64-bit values, or 32-bit ones for
/// Arrow's date32 and time32), and how they are written.
struct temporal_column {
  const void* data = nullptr;
  std::size_t size = 0;
  temporal_kind kind = temporal_kind::timestamp;
  time_unit unit = time_unit::ns;
  bool narrow = false;  ///< 32-bit values
  std::ptrdiff_t stride = 8;
  bool byte_swapped = false;
  temporal_style style = temporal_style::iso;
  /// A strftime-style format: %Y %m %d %e (the day padded with a space) %H %M %S %j %b %h %a %B %A (names
  /// in full) %F %T %D
  /// %R %y (the year modulo 100) %I (01..12) %p (AM, PM) %% and literal text, and the fraction of a second as the style's library takes it: %f is 6 digits for pandas
  /// (Python's strftime), 9 for iso and numpy (chrono), which also take %.3f %.6f %.9f (a point and 3, 6, 9
  /// digits), %3f %6f %9f and %.f (a point and 3, 6 or 9 digits, the fewest that hold the value's, or
  /// nothing in a whole second);
  /// the zone's offset as %z ("+0100") and %:z ("+01:00"; pandas' and Python's with ":SS" when the
  /// offset has seconds, as local mean times do), its abbreviation as %Z ("CET", "LMT"; of a fixed
  /// offset Python's "UTC+01:00" for pandas, chrono's "+01" for iso). Empty: the style's own text.
  std::string_view format = {};
  /// The time zone of instants (Arrow's and pandas' name of it): "UTC", a fixed offset ("+01:00",
  /// "-0330"), or a tz database name ("Europe/Berlin") read from $TZDIR, the system's zoneinfo or a
  /// directory added (add_time_zone_directory; time_zone_known). The values are UTC; their text is the
  /// zone's local time, and the style's own text ends with the offset: "+0100" (iso, as polars),
  /// "+01:00" (pandas, never as dates alone).
  /// Empty: no zone.
  std::string_view zone = {};
  /// pandas' text of timestamps and durations (the style's own, no format) shows the digits of the
  /// column's finest non-null value (day: dates alone, or whole days; s: none after the point; ms,
  /// us, ns as temporal_style::pandas says). A unit here is the finest at least: a column written in
  /// parts, such as a Dask frame's partitions, gives each part the whole column's, so that every part
  /// shows the same digits. Empty: the column's own finest value decides.
  std::optional<time_unit> finest = std::nullopt;
  /// pandas' text of each value on its own, as pandas writes a column of pyarrow timestamps or durations
  /// (`pd.ArrowDtype`): Python's str of each Timestamp or Timedelta, 9 digits after the point when it has
  /// nanoseconds, 6 when it has a fraction of a second, none on a whole second; midnights as times too.
  /// Takes the place of `finest`; with temporal_style::pandas and no format only.
  bool own_digits = false;
};

/// Whether `zone` is a time zone a temporal_column can name (its tz database file found and read once).
bool time_zone_known(std::string_view zone);

/// Adds a directory of tz database files searched after $TZDIR and the system's zoneinfo (Python's
/// `tzdata` package's, as Python's zoneinfo falls back to it where the system has none). Zones not found
/// before are looked for again.
void add_time_zone_directory(std::string_view directory);

/// Booleans: a byte each (nonzero is true, as NumPy's bool) or Arrow's bits (least significant first,
/// from bit `offset`), written as `true_text` and `false_text` (pandas: "True", "False").
struct bool_column {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
  bool bits = false;
  std::size_t offset = 0;
  std::string_view true_text = "true";
  std::string_view false_text = "false";
};

/// The first directive of `format` that temporal_column's format does not take in `style` ("%Z"), or
/// empty when it takes them all.
std::string_view unsupported_time_directive(std::string_view format, temporal_style style);

/// The first directive of `format` that chrono (temporal_style::iso, polars) refuses for values of `kind`:
/// one of the time of day (%H %M %S %T, fractions) for dates, one of the date (%Y %m %d %j %b %a %F) for
/// times of day; empty when there is none.
std::string_view misplaced_time_directive(std::string_view format, temporal_kind kind);

} // namespace simdigits

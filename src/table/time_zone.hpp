// Internal: time zones for temporal columns (temporal.hpp): the offset from UTC at any instant, read from
// the tz database's files (TZif, RFC 8536: the transitions they list, then the POSIX TZ rule of their
// footer), or a fixed offset ("UTC", "+01:00").
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace simdigits::detail {

// A POSIX TZ rule ("CET-1CEST,M3.5.0,M10.5.0/3"): standard time, and daylight saving time between two
// days of each year.
struct posix_rule {
  struct day_rule {
    char kind = 'M';  // 'J': day 1..365, Feb 29 never counted; 'n': day 0..365; 'M': month, week, weekday
    int month = 0, week = 0, day = 0;
    std::int32_t time = 7200;  // seconds after local midnight (negative, or past a day, too)
  };
  std::int32_t standard = 0;  // seconds east of UTC
  std::int32_t daylight = 0;
  std::string standard_name, daylight_name;  // their abbreviations ("CET", "+03": no angle brackets)
  bool has_daylight = false;
  day_rule start, end;
};

// The most bytes of a zone's abbreviation kept (the tz database's are 3 to 6).
inline constexpr std::size_t max_zone_name = 16;

// The offsets of one zone over time.
struct zone_rules {
  std::vector<std::int64_t> transitions;  // UTC seconds, ascending
  std::vector<std::int32_t> offsets;      // offsets[k]: from transitions[k - 1] on (offsets[0]: before any)
  posix_rule rule;                        // after the last transition, when has_rule
  // Abbreviations (%Z: "CET", "CEST", "LMT", "+03"): names[name_of[k]] is offsets[k]'s; the rule's
  // standard and daylight ones are names[rule_names[0]] and names[rule_names[1]].
  std::vector<std::string> names;
  std::vector<std::uint16_t> name_of;
  std::uint16_t rule_names[2] = {0, 0};
  bool fixed = false;  // one offset ever ("UTC", "+01:00"): its abbreviation is the style's own text
  bool has_rule = false;
  // The first UTC second from which every offset is of whole minutes (LMTs of a zone's early history
  // are not): before it, Python's text of an offset can hold seconds.
  std::int64_t whole_minutes_from = std::numeric_limits<std::int64_t>::min();

  // The offset at UTC second t, and the UTC seconds [from, until) it holds for; the rule's changes of
  // years past `last_year` ignored (chrono-tz, so polars, lists them through 2099 only).
  struct span {
    std::int32_t offset;
    std::int64_t from, until;
    std::uint16_t name = 0;  // names[name]: the abbreviation
  };
  span at(std::int64_t t, std::int64_t last_year = std::numeric_limits<std::int64_t>::max()) const noexcept;
};

// The rules of `zone`: "UTC" (and "Z", "Etc/UTC", "GMT"), a fixed offset ("+01:00", "-0330", "+05"), or
// a tz database name read from $TZDIR or the system's zoneinfo directories; null when none is found or
// the file is not TZif. Read once per process.
std::shared_ptr<const zone_rules> find_zone(std::string_view zone);

// Parses TZif bytes (exposed for tests); false when they are not TZif.
bool parse_tzif(std::string_view bytes, zone_rules& out);
// Parses a POSIX TZ string; false when it is not one.
bool parse_posix_rule(std::string_view text, posix_rule& out);

} // namespace simdigits::detail

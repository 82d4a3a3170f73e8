// Time zones from the tz database (time_zone.hpp).
#include "time_zone.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "simdigits/temporal.hpp"
#include "temporal_values.hpp"

namespace simdigits {

namespace detail {

namespace {

std::int64_t big_endian(const unsigned char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = v << 8 | p[i];
  if (bytes == 4) return std::int32_t(std::uint32_t(v));
  return std::int64_t(v);
}

// [+-]hh[:mm[:ss]] at text[i...] into seconds; false when there is none.
bool parse_hms(std::string_view text, std::size_t& i, std::int32_t& seconds, bool sign_allowed = true) {
  int sign = 1;
  if (sign_allowed && i < text.size() && (text[i] == '+' || text[i] == '-')) sign = text[i++] == '-' ? -1 : 1;
  std::int32_t parts[3] = {0, 0, 0};
  for (int k = 0; k < 3; ++k) {
    if (k > 0 && (i >= text.size() || text[i] != ':')) break;
    if (k > 0) ++i;
    const std::size_t start = i;
    while (i < text.size() && i - start < 3 && text[i] >= '0' && text[i] <= '9') parts[k] = parts[k] * 10 + (text[i++] - '0');
    if (i == start) return false;
  }
  seconds = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
  return true;
}

// A fixed offset as Arrow and Python name it: [+-]HH[[:]MM[[:]SS]], below a day.
bool parse_fixed_offset(std::string_view text, std::int32_t& seconds) {
  if (text.size() < 3 || (text[0] != '+' && text[0] != '-')) return false;
  std::int32_t parts[3] = {0, 0, 0};
  std::size_t i = 1;
  for (int k = 0; k < 3 && i < text.size(); ++k) {
    if (k > 0 && text[i] == ':') ++i;
    if (i + 2 > text.size() || text[i] < '0' || text[i] > '9' || text[i + 1] < '0' || text[i + 1] > '9') return false;
    parts[k] = (text[i] - '0') * 10 + (text[i + 1] - '0');
    i += 2;
  }
  if (i != text.size() || parts[0] > 23 || parts[1] > 59 || parts[2] > 59) return false;
  seconds = (text[0] == '-' ? -1 : 1) * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
  return true;
}

// A zone abbreviation into `name`: letters, or anything between < and >.
bool parse_name(std::string_view text, std::size_t& i, std::string& name) {
  const std::size_t start = i;
  if (i < text.size() && text[i] == '<') {
    const std::size_t close = text.find('>', i);
    if (close == std::string_view::npos) return false;
    name = text.substr(start + 1, close - start - 1);
    i = close + 1;
    return true;
  }
  while (i < text.size() && ((text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= 'a' && text[i] <= 'z'))) ++i;
  name = text.substr(start, i - start);
  return i - start >= 3;
}

// The index of `name` in `names`, added when it is not there.
std::uint16_t name_index(std::vector<std::string>& names, std::string_view name) {
  const auto at = std::find(names.begin(), names.end(), name);
  if (at != names.end()) return std::uint16_t(at - names.begin());
  names.emplace_back(name.substr(0, max_zone_name));
  return std::uint16_t(names.size() - 1);
}

bool parse_day_rule(std::string_view text, std::size_t& i, posix_rule::day_rule& r) {
  if (i >= text.size()) return false;
  auto number = [&](int& v) {
    const std::size_t start = i;
    v = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') v = v * 10 + (text[i++] - '0');
    return i > start;
  };
  if (text[i] == 'M') {
    ++i;
    r.kind = 'M';
    if (!number(r.month) || i >= text.size() || text[i++] != '.' || !number(r.week) || i >= text.size() ||
        text[i++] != '.' || !number(r.day) || r.month < 1 || r.month > 12 || r.week < 1 || r.week > 5 || r.day > 6)
      return false;
  } else if (text[i] == 'J') {
    ++i;
    r.kind = 'J';
    if (!number(r.day) || r.day < 1 || r.day > 365) return false;
  } else {
    r.kind = 'n';
    if (!number(r.day) || r.day > 365) return false;
  }
  if (i < text.size() && text[i] == '/') return parse_hms(text, ++i, r.time);
  return true;
}

// The day (since 1970-01-01) that a rule names in `year`.
std::int64_t day_of(const posix_rule::day_rule& r, std::int64_t year) {
  const std::int64_t first = days_from_civil(year, 1, 1);
  const bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  if (r.kind == 'J') return first + r.day - 1 + (leap && r.day >= 60);
  if (r.kind == 'n') return first + r.day;
  const std::int64_t month_first = days_from_civil(year, unsigned(r.month), 1);
  const std::int64_t next_month = r.month == 12 ? days_from_civil(year + 1, 1, 1) : days_from_civil(year, unsigned(r.month + 1), 1);
  std::int64_t weekday = (month_first + 4) % 7;  // 1970-01-01 was a Thursday (4)
  if (weekday < 0) weekday += 7;
  std::int64_t day = month_first + (r.day - weekday + 7) % 7 + 7 * (r.week - 1);
  while (day >= next_month) day -= 7;  // week 5: the last such weekday
  return day;
}

} // namespace

bool parse_posix_rule(std::string_view text, posix_rule& out) {
  out = {};
  std::size_t i = 0;
  std::int32_t west;
  if (!parse_name(text, i, out.standard_name) || !parse_hms(text, i, west)) return false;
  out.standard = -west;
  if (i == text.size()) return true;
  if (!parse_name(text, i, out.daylight_name)) return false;
  out.has_daylight = true;
  out.daylight = out.standard + 3600;
  if (i < text.size() && text[i] != ',') {
    if (!parse_hms(text, i, west)) return false;
    out.daylight = -west;
  }
  if (i >= text.size() || text[i] != ',') return false;  // (a rule without dates: none in the tz database)
  if (!parse_day_rule(text, ++i, out.start) || i >= text.size() || text[i] != ',' || !parse_day_rule(text, ++i, out.end))
    return false;
  return i == text.size();
}

bool parse_tzif(std::string_view bytes, zone_rules& out) {
  out = {};
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t size = bytes.size();
  auto header = [&](std::size_t at, std::int64_t counts[6]) {
    if (size < at + 44 || bytes.substr(at, 4) != "TZif") return false;
    for (int k = 0; k < 6; ++k) counts[k] = big_endian(p + at + 20 + 4 * k, 4);
    for (int k = 0; k < 6; ++k)
      if (counts[k] < 0) return false;
    return true;
  };
  std::int64_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  if (!header(0, c)) return false;
  const char version = bytes[4];
  auto block = [&](const std::int64_t n[6], int time_bytes) {
    return std::size_t(n[3] * time_bytes + n[3] + n[4] * 6 + n[5] + n[2] * (time_bytes + 4) + n[1] + n[0]);
  };
  std::size_t at = 44;
  int time_bytes = 4;
  if (version >= '2') {  // the 64-bit block follows the 32-bit one
    at += block(c, 4);
    if (!header(at, c)) return false;
    at += 44;
    time_bytes = 8;
  }
  const std::int64_t timecnt = c[3], typecnt = c[4];
  if (typecnt == 0 || size < at + block(c, time_bytes)) return false;
  const unsigned char* times = p + at;
  const unsigned char* indices = times + timecnt * time_bytes;
  const unsigned char* types = indices + timecnt;
  auto offset_of_type = [&](std::size_t t) { return std::int32_t(big_endian(types + 6 * t, 4)); };
  // each type's abbreviation: a NUL-terminated string of the charcnt bytes after the types
  const char* const designations = reinterpret_cast<const char*>(types + 6 * typecnt);
  auto name_of_type = [&](std::size_t t) {
    const std::size_t from = types[6 * t + 5];
    if (from >= std::size_t(c[5])) return name_index(out.names, "");
    const std::string_view rest(designations + from, std::size_t(c[5]) - from);
    return name_index(out.names, rest.substr(0, rest.find('\0')));
  };
  out.offsets.push_back(offset_of_type(0));
  out.name_of.push_back(name_of_type(0));
  for (std::int64_t k = 0; k < timecnt; ++k) {
    if (indices[k] >= typecnt) return false;
    out.transitions.push_back(big_endian(times + k * time_bytes, time_bytes));
    out.offsets.push_back(offset_of_type(indices[k]));
    out.name_of.push_back(name_of_type(indices[k]));
  }
  if (!std::is_sorted(out.transitions.begin(), out.transitions.end())) return false;
  const std::size_t end = at + block(c, time_bytes);
  if (version >= '2' && end < size && bytes[end] == '\n') {  // the footer: "\n<POSIX TZ>\n", maybe empty
    const std::size_t close = bytes.find('\n', end + 1);
    const std::string_view tz = bytes.substr(end + 1, close == std::string_view::npos ? std::string_view::npos : close - end - 1);
    if (!tz.empty()) out.has_rule = parse_posix_rule(tz, out.rule);
    if (out.has_rule)
      out.rule_names[0] = name_index(out.names, out.rule.standard_name),
      out.rule_names[1] = name_index(out.names, out.rule.daylight_name);
  }
  for (std::size_t k = out.offsets.size(); k-- > 0;)
    if (out.offsets[k] % 60 != 0) {
      out.whole_minutes_from = k < out.transitions.size() ? out.transitions[k] : std::numeric_limits<std::int64_t>::max();
      break;
    }
  if (out.has_rule && (out.rule.standard % 60 != 0 || out.rule.daylight % 60 != 0))
    out.whole_minutes_from = std::numeric_limits<std::int64_t>::max();
  return true;
}

zone_rules::span zone_rules::at(std::int64_t t, std::int64_t last_year) const noexcept {
  constexpr std::int64_t lowest = std::numeric_limits<std::int64_t>::min(), highest = std::numeric_limits<std::int64_t>::max();
  const std::size_t k = std::size_t(std::upper_bound(transitions.begin(), transitions.end(), t) - transitions.begin());
  if (k < transitions.size() || !has_rule)
    return {offsets[k], k == 0 ? lowest : transitions[k - 1], k < transitions.size() ? transitions[k] : highest,
            k < name_of.size() ? name_of[k] : std::uint16_t(0)};
  const std::int64_t last = transitions.empty() ? lowest : transitions.back();
  if (!rule.has_daylight) return {rule.standard, last, highest, rule_names[0]};
  // The year's changes (and its neighbours'), in UTC, around t: from standard time at `start`, back at
  // `end`. Past last_year (and past a billion years, where days' seconds would leave 64 bits) the state
  // its last change left holds; a billion years back, the changes of that year are the first.
  const std::int64_t final_year = std::min<std::int64_t>(last_year, 1'000'000'000);
  const std::int64_t local = t > highest - 86400 || t < lowest + 86400 ? t : t + rule.standard;
  const std::int64_t year =
      std::max<std::int64_t>(std::min(civil_from_days(floor_div(local, 86400)).year - 1, final_year) + 1, -1'000'000'000);
  std::int64_t from = last, until = highest;
  std::int32_t offset = rule.standard;
  std::uint16_t name = rule_names[0];
  bool found = false;
  for (std::int64_t y = year - 1; y <= std::min(year + 1, final_year); ++y) {
    const std::int64_t changes[2] = {day_of(rule.start, y) * 86400 + rule.start.time - rule.standard,
                                     day_of(rule.end, y) * 86400 + rule.end.time - rule.daylight};
    for (int e = 0; e < 2; ++e) {
      if (changes[e] <= t && changes[e] >= from)
        from = changes[e], offset = e == 0 ? rule.daylight : rule.standard, name = rule_names[e == 0], found = true;
      if (changes[e] > t && changes[e] < until) until = changes[e];
    }
  }
  if (!found) offset = offsets.back(), name = name_of.empty() ? name : name_of.back();  // (t just past the last
                                                                                        // transition, before the rule's next change)
  return {offset, from, until, name};
}

namespace {

std::mutex zones_lock;
std::map<std::string, std::shared_ptr<const zone_rules>, std::less<>> zones_found;  // (none: not found)
std::vector<std::string> added_directories;

} // namespace

std::shared_ptr<const zone_rules> find_zone(std::string_view zone) {
  const std::lock_guard<std::mutex> hold(zones_lock);
  auto& found = zones_found;
  if (const auto it = found.find(zone); it != found.end()) return it->second;
  auto rules = std::make_shared<zone_rules>();
  bool ok = false;
  std::int32_t offset;
  if (zone == "UTC" || zone == "Z" || zone == "Etc/UTC" || zone == "GMT" || zone == "Etc/GMT") {
    rules->offsets = {0};
    rules->names = {zone.find("GMT") == std::string_view::npos ? "UTC" : "GMT"};
    rules->name_of = {0};
    ok = true;
  } else if (parse_fixed_offset(zone, offset)) {
    rules->offsets = {offset};
    rules->name_of = {0};
    rules->fixed = true;
    if (offset % 60 != 0) rules->whole_minutes_from = std::numeric_limits<std::int64_t>::max();
    ok = true;
  } else if (!zone.empty() && zone[0] != '/' && zone.find("..") == std::string_view::npos &&
             std::all_of(zone.begin(), zone.end(), [](char ch) {
               return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '/' ||
                      ch == '_' || ch == '-' || ch == '+';
             })) {
    std::vector<std::string> directories;
    if (const char* dir = std::getenv("TZDIR"); dir && *dir) directories.emplace_back(dir);
    for (const char* dir : {"/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/usr/share/lib/zoneinfo", "/etc/zoneinfo"})
      directories.emplace_back(dir);
    directories.insert(directories.end(), added_directories.begin(), added_directories.end());
    for (const std::string& dir : directories) {
      std::ifstream file(dir + "/" + std::string(zone), std::ios::binary);
      if (!file) continue;
      std::ostringstream bytes;
      bytes << file.rdbuf();
      ok = parse_tzif(bytes.str(), *rules);
      break;
    }
  }
  if (!ok) rules.reset();
  return found.emplace(std::string(zone), std::move(rules)).first->second;
}

} // namespace detail

bool time_zone_known(std::string_view zone) { return detail::find_zone(zone) != nullptr; }

void add_time_zone_directory(std::string_view directory) {
  const std::lock_guard<std::mutex> hold(detail::zones_lock);
  if (std::find(detail::added_directories.begin(), detail::added_directories.end(), directory) != detail::added_directories.end())
    return;
  detail::added_directories.emplace_back(directory);
  // zones not found before may be there (those found keep their rules: values planned with them stay valid)
  std::erase_if(detail::zones_found, [](const auto& entry) { return entry.second == nullptr; });
}

} // namespace simdigits

// Temporal formats (temporal.hpp) compiled into pieces (temporal_values.hpp).
#include "temporal_values.hpp"

namespace simdigits {

namespace detail {

namespace {

void add_text(time_format& f, std::string_view text) {
  if (text.empty()) return;
  if (!f.pieces.empty() && f.pieces.back().what == part::text) {
    f.pieces.back().size += std::uint32_t(text.size());
  } else {
    f.pieces.push_back({part::text, 0, false, std::uint32_t(f.texts.size()), std::uint32_t(text.size())});
  }
  f.texts += text;
}

// The width of a piece whose year is in 0..9999.
std::size_t width_of(const piece& k) {
  switch (k.what) {
  case part::text: return k.size;
  case part::year: return 4;
  case part::fraction: return k.digits + k.point;
  case part::python_fraction: case part::zone_name: return 0;
  case part::month_name: case part::weekday_name: return k.digits ? 0 : 3;  // (names in full: per value)
  case part::day_of_year: return 3;
  case part::offset: return k.digits ? 6 : 5;
  default: return 2;
  }
}

} // namespace

void fix_layout(time_format& f);
void measure(time_format& f);

bool compile_time_format(std::string_view format, bool chrono, time_format& out, std::string_view& bad) {
  out = {};
  for (std::size_t i = 0; i < format.size();) {
    const std::size_t percent = format.find('%', i);
    add_text(out, format.substr(i, percent == std::string_view::npos ? std::string_view::npos : percent - i));
    if (percent == std::string_view::npos) break;
    std::size_t next = percent + 2;
    if (percent + 1 >= format.size()) return bad = format.substr(percent), false;
    const char c = format[percent + 1];
    auto add = [&](part what) { out.pieces.push_back({what}); };
    auto fraction = [&](std::uint8_t digits, bool point) { out.pieces.push_back({part::fraction, digits, point}); };
    switch (c) {
    case 'Y': add(part::year); break;
    case 'm': add(part::month); break;
    case 'd': add(part::day); break;
    case 'e': out.pieces.push_back({part::day, 1}); break;
    case 'y': add(part::year_of_century); break;
    case 'I': add(part::hour_of_half); break;
    case 'p': add(part::half_of_day); break;
    case 'h': add(part::month_name); break;
    case 'D': add(part::month), add_text(out, "/"), add(part::day), add_text(out, "/"), add(part::year_of_century); break;
    case 'R': add(part::hour), add_text(out, ":"), add(part::minute); break;
    case 'H': add(part::hour); break;
    case 'M': add(part::minute); break;
    case 'S': add(part::second); break;
    case 'j': add(part::day_of_year); break;
    case 'b': add(part::month_name); break;
    case 'a': add(part::weekday_name); break;
    case 'B': out.pieces.push_back({part::month_name, 1}); break;
    case 'A': out.pieces.push_back({part::weekday_name, 1}); break;
    case 'F': add(part::year), add_text(out, "-"), add(part::month), add_text(out, "-"), add(part::day); break;
    case 'T': add(part::hour), add_text(out, ":"), add(part::minute), add_text(out, ":"), add(part::second); break;
    case '%': add_text(out, "%"); break;
    case 'z': out.pieces.push_back({part::offset, 0}); break;
    case 'Z': add(part::zone_name); break;
    case ':':  // %:z
      if (percent + 2 >= format.size() || format[percent + 2] != 'z') return bad = format.substr(percent, 2), false;
      out.pieces.push_back({part::offset, 1});
      next = percent + 3;
      break;
    case 'f': fraction(chrono ? 9 : 6, false); break;
    case '.': case '3': case '6': case '9': {
      // chrono's %.3f %.6f %.9f and %3f %6f %9f
      const bool point = c == '.';
      const std::size_t at = percent + 1 + point;
      if (chrono && point && at < format.size() && format[at] == 'f') {  // %.f
        out.pieces.push_back({part::python_fraction, 3});
        next = at + 1;
        break;
      }
      if (!chrono || at + 1 >= format.size() || format[at + 1] != 'f' || std::string_view("369").find(format[at]) == std::string_view::npos)
        return bad = format.substr(percent, std::min<std::size_t>(point ? 4 : 3, format.size() - percent)), false;
      fraction(std::uint8_t(format[at] - '0'), point);
      next = at + 2;
      break;
    }
    default: return bad = format.substr(percent, 2), false;
    }
    i = next;
  }
  measure(out);
  return true;
}

// What a format's pieces need of a value, and their widths; then its fixed layout.
void measure(time_format& out) {
  out.date = out.time = out.per_value = false;
  out.own_fraction = 0;
  out.own_fractions = out.year_pieces = out.zone_names = out.full_months = out.full_weekdays = 0;
  out.fixed = out.offset_seconds = 0;
  for (const piece& k : out.pieces) {
    out.year_pieces += k.what == part::year;
    out.date |= k.what == part::year || k.what == part::month || k.what == part::day || k.what == part::day_of_year ||
                k.what == part::month_name || k.what == part::weekday_name || k.what == part::year_of_century;
    out.time |= k.what == part::hour || k.what == part::minute || k.what == part::second || k.what == part::fraction ||
                k.what == part::python_fraction || k.what == part::hour_of_half || k.what == part::half_of_day;
    const bool full_name = (k.what == part::month_name || k.what == part::weekday_name) && k.digits != 0;
    out.per_value |= k.what == part::python_fraction || k.what == part::zone_name || full_name;
    out.zone_names += k.what == part::zone_name;
    out.full_months += full_name && k.what == part::month_name;
    out.full_weekdays += full_name && k.what == part::weekday_name;
    if (k.what == part::python_fraction) out.own_fraction = k.digits == 0 ? 6 : k.digits, ++out.own_fractions;
    out.fixed += width_of(k);
    if (k.what == part::offset) out.offset_seconds += k.digits ? 3 : 2;
  }
  // (a year of up to 20 bytes, "-" and 19 digits; Python's offsets' seconds)
  out.most = out.fixed + out.year_pieces * 17 + out.own_fractions * 10 + out.zone_names * max_zone_name + out.offset_seconds +
             (out.full_months + out.full_weekdays) * full_name_most;
  fix_layout(out);
}

bool drop_offsets(time_format& f) {
  const auto offsets = std::remove_if(f.pieces.begin(), f.pieces.end(),
                                      [](const piece& k) { return k.what == part::offset || k.what == part::zone_name; });
  if (offsets == f.pieces.end()) return false;
  f.pieces.erase(offsets, f.pieces.end());
  measure(f);
  return true;
}

void name_fixed_zone(time_format& f, std::int32_t offset, temporal_style style) {
  if (std::none_of(f.pieces.begin(), f.pieces.end(), [](const piece& k) { return k.what == part::zone_name; })) return;
  const std::int32_t magnitude = offset < 0 ? -offset : offset;
  std::string name;
  const auto two = [&](std::int32_t v) { name += char('0' + v / 10), name += char('0' + v % 10); };
  if (style == temporal_style::iso) {  // chrono's: "+01", "+0530"
    name += offset < 0 ? '-' : '+';
    two(magnitude / 3600);
    if (magnitude % 3600 != 0) two(magnitude / 60 % 60);
  } else {  // Python's name of a datetime.timezone: "UTC", "UTC+01:00", "UTC-03:30:15"
    name = "UTC";
    if (offset != 0) {
      name += offset < 0 ? '-' : '+';
      two(magnitude / 3600), name += ':', two(magnitude / 60 % 60);
      if (magnitude % 60 != 0) name += ':', two(magnitude % 60);
    }
  }
  std::vector<piece> pieces;
  for (const piece& k : f.pieces) {
    if (k.what != part::zone_name) {
      pieces.push_back(k);
      continue;
    }
    pieces.push_back({part::text, 0, false, std::uint32_t(f.texts.size()), std::uint32_t(name.size())});
    f.texts += name;
  }
  f.pieces = std::move(pieces);
  measure(f);
}

// The fixed layout of a format (time_format::layout), when it has one.
void fix_layout(time_format& f) {
  f.layout.clear(), f.slots.clear(), f.shaped = 0;
  if (f.per_value || f.fixed > layout_bytes) return;
  std::string layout;
  for (const piece& k : f.pieces) {
    if (k.what == part::text) {
      layout.append(f.texts, k.from, k.size);
      continue;
    }
    if (k.what == part::fraction && k.point) layout += '.';
    f.slots.push_back({k.what, k.digits, std::uint16_t(layout.size())});
    layout.append(width_of(k) - (k.what == part::fraction && k.point), '0');
  }
  layout.resize(layout_bytes, '\0');  // copied whole: the writes past a value's end are room (most)
  f.layout = std::move(layout);
  auto at = [&](std::size_t i, part what, std::uint16_t offset) {
    return i < f.slots.size() && f.slots[i].what == what && f.slots[i].offset == offset;
  };
  if (at(0, part::year, 0) && at(1, part::month, 5) && at(2, part::day, 8) && f.slots[2].digits == 0) {
    f.shaped = 3;
    if (at(3, part::hour, 11) && at(4, part::minute, 14) && at(5, part::second, 17)) f.shaped = 6;
    if (f.shaped == 6 && at(6, part::fraction, 20)) f.shaped = 7;
  }
  f.most = std::max(f.most, layout_bytes);
}

time_format default_time_format(temporal_kind kind, time_unit unit, temporal_style style, time_unit finest,
                                std::string_view zone, bool own_digits) {
  std::string format;
  const int digits = unit_digits(unit);
  const bool zoned = !zone.empty();
  if (zoned) finest = std::max(finest, time_unit::s);  // (pandas writes zoned midnights in full)
  if (style == temporal_style::iso) {
    if (kind == temporal_kind::date && unit == time_unit::day) format = "%Y-%m-%d";
    else if (kind == temporal_kind::time_of_day) format = "%H:%M:%S%.9f";
    else format = "%Y-%m-%dT%H:%M:%S%." + std::to_string(std::max(3, digits)) + "f";  // (Arrow's date64 too)
  } else if (style == temporal_style::arrow) {
    if (kind == temporal_kind::date) format = "%Y-%m-%d";
    else format = std::string(kind == temporal_kind::timestamp ? "%Y-%m-%d " : "") + "%H:%M:%S" +
                  (digits ? "%." + std::to_string(digits) + "f" : "");
  } else if (style == temporal_style::numpy) {
    if (kind == temporal_kind::date) format = "%Y-%m-%d";
    else format = std::string(kind == temporal_kind::timestamp ? "%Y-%m-%dT" : "") + "%H:%M:%S" +
                  (digits ? "%." + std::to_string(digits) + "f" : "");
  } else if (kind == temporal_kind::time_of_day) {
    format = "%H:%M:%S";
  } else if (kind == temporal_kind::date || finest == time_unit::day) {
    format = "%Y-%m-%d";
  } else {
    format = "%Y-%m-%d %H:%M:%S";
    if (finest > time_unit::s) format += "%." + std::to_string(unit_digits(finest)) + "f";
  }
  if (zoned) format += style == temporal_style::pandas ? "%:z" : style == temporal_style::arrow && zone == "UTC" ? "Z" : "%z";
  time_format f;
  std::string_view bad;
  compile_time_format(format, true, f, bad);
  if (style == temporal_style::pandas && kind == temporal_kind::time_of_day) {  // Python's str of a time
    f.pieces.push_back({part::python_fraction});
    measure(f);
  } else if (style == temporal_style::pandas && kind == temporal_kind::timestamp && own_digits) {
    // str of each pandas Timestamp: its own fraction after the seconds, before the offset
    f = time_format{};
    compile_time_format("%Y-%m-%d %H:%M:%S", true, f, bad);
    f.pieces.push_back({part::python_fraction, 9});
    if (zoned) f.pieces.push_back({part::offset, 1});  // (%:z)
    measure(f);
  }
  set_years(f, style);
  return f;
}

void set_years(time_format& f, temporal_style style) {
  f.years = year_style_of(style);
  if (f.years == year_style::arrow) f.most = std::max(f.most, out_of_range_most);
}

} // namespace detail

std::string_view unsupported_time_directive(std::string_view format, temporal_style style) {
  detail::time_format f;
  std::string_view bad;
  return detail::compile_time_format(format, style != temporal_style::pandas, f, bad) ? std::string_view() : bad;
}

std::string_view misplaced_time_directive(std::string_view format, temporal_kind kind) {
  for (std::size_t i = 0; i + 1 < format.size(); ++i) {
    if (format[i] != '%') continue;
    // the directive's letter after its flags: %:z, %.3f, %3f, %.f
    std::size_t end = i + 1;
    while (end + 1 < format.size() && (format[end] == ':' || format[end] == '.' || (format[end] >= '0' && format[end] <= '9')))
      ++end;
    const char c = format[end];
    const bool of_day = std::string_view("HMSTfIpR").find(c) != std::string_view::npos;
    const bool of_date = std::string_view("YmdejbaBAFyhD").find(c) != std::string_view::npos;
    if ((kind == temporal_kind::date && of_day) || (kind == temporal_kind::time_of_day && of_date))
      return format.substr(i, end + 1 - i);
    i = end;
  }
  return {};
}

} // namespace simdigits

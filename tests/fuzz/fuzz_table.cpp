// libFuzzer target: arbitrary bytes -> a format spec (Python's mini-language or printf), a table format
// and a table of integer, double (any bits, in std::to_chars' text), string, dictionary, decimal128 (or 256) and
// instant or duration (any bits, any format and zone: each field as the column alone writes it) columns
// with nulls.
// Specs (for integers, floats, printf): parsing never fails but by an error result, and a batch of
// int64 or double values (any bits) under a spec is the single values' text, or refused for floats
// under an integer type. Tables: table_length and write_table (memory by threads, pieces) against a reference writer,
// on every backend, with guard bytes.
#include <algorithm>
#include <bit>
#include <cmath>
#include <vector>

#include "fuzz_common.hpp"

namespace {

std::string text(fuzz::reader& in, std::size_t most) {
  std::string s(in.byte() % (most + 1), '\0');
  for (char& c : s) c = char(in.byte());
  return s;
}

void check_spec(fuzz::reader& in) {
  const std::string spec = text(in, 12);
  const std::uint8_t grammar = in.byte() % 3;
  const auto parsed = grammar == 0 ? simdigits::parse_format_spec(spec)
                      : grammar == 1 ? simdigits::parse_format_spec(spec, simdigits::spec_for::floats)
                                     : simdigits::parse_printf_spec(spec);
  if (!parsed) {
    if (parsed.code != simdigits::status::invalid_argument || parsed.message.empty() || parsed.position > spec.size())
      fuzz::fail("spec error result", "-");
    return;
  }
  if (parsed.spec.width > 300 || parsed.spec.precision > 300) return;  // long texts, no new paths
  const bool floats = in.byte() % 2;
  std::vector<std::int64_t> values;
  std::vector<double> doubles;
  while (in.size > 0 && values.size() + doubles.size() < 300) {
    if (floats) doubles.push_back(std::bit_cast<double>(in.value<std::uint64_t>()));
    else values.push_back(in.value<std::int64_t>());
  }
  const simdigits::numbers column = floats ? simdigits::numbers(simdigits::float_column::of(std::span<const double>(doubles)))
                                           : simdigits::numbers(simdigits::integer_column::of(std::span<const std::int64_t>(values)));
  std::string expected;
  bool refused = false;  // floats take the float types, and 'd' of finite values
  for (std::size_t i = 0; i < values.size(); ++i) expected += (i ? "," : "") + simdigits::format(values[i], parsed.spec);
  for (std::size_t i = 0; i < doubles.size(); ++i) {
    refused |= !parsed.spec.floating() && (parsed.spec.type != 'd' || !std::isfinite(doubles[i]));
    expected += (i ? "," : "") + simdigits::format(doubles[i], parsed.spec);
  }
  if (refused) {
    if (simdigits::join_plan(column, ",", parsed.spec).check() != simdigits::status::invalid_argument)
      fuzz::fail("floats under an integer type", "-");
    return;
  }
  fuzz::check_every_backend(expected, [&](char* out) -> char* {
    const simdigits::join_plan plan(column, ",", parsed.spec);
    if (plan.length() != expected.size()) fuzz::fail("length under a spec", simdigits::active_backend());
    return plan.write(std::span<char>(out, plan.length())) ? out + plan.length() : nullptr;
  });
}

__extension__ using i128 = __int128;
__extension__ using u128 = unsigned __int128;

void check_table(fuzz::reader& in) {
  simdigits::table_format format;
  const std::string delimiter = text(in, 2), terminator = text(in, 2), null_text = text(in, 2);
  format.delimiter = delimiter;  // empty too
  format.terminator = terminator;
  format.null_text = null_text;
  format.quote = char(in.byte() % 3 == 0 ? 0 : '"');
  format.header = in.byte() % 2;
  static constexpr std::string_view quote_chars[] = {"\r\n", "\n", "", "\t\r\n"};
  const std::uint8_t dialect = in.byte();
  format.quote_chars = quote_chars[dialect % 4];
  format.quote_empty = dialect & 4;
  format.quote_empty_row = dialect & 8;
  const std::size_t ncolumns = in.byte() % 5, rows = in.byte() % 40;
  const bool quote_empty = format.quote_empty || (format.quote_empty_row && ncolumns == 1);
  auto quoted = [&](std::string_view field) {
    return oracle::quoted(field, format.delimiter, format.quote, format.quote_chars, quote_empty);
  };
  const std::string null_field = null_text.empty() && format.quote && format.quote_empty_row && ncolumns == 1
                                     ? std::string(2, format.quote) : null_text;
  std::vector<std::vector<std::int32_t>> ints, offsets;
  std::vector<std::vector<double>> doubles;
  std::vector<std::vector<std::int64_t>> instants;
  std::vector<std::vector<std::int8_t>> codes;
  std::vector<std::vector<i128>> wide;
  std::vector<std::string> data, names, formats;
  std::vector<std::vector<std::uint8_t>> masks;
  std::vector<simdigits::table_column> columns;
  std::vector<std::vector<std::string>> fields;
  ints.reserve(ncolumns), doubles.reserve(ncolumns), offsets.reserve(ncolumns), data.reserve(ncolumns), names.reserve(ncolumns), masks.reserve(ncolumns);
  instants.reserve(ncolumns), formats.reserve(ncolumns), codes.reserve(ncolumns), wide.reserve(ncolumns);
  for (std::size_t c = 0; c < ncolumns; ++c) {
    names.push_back(text(in, 3));
    auto& mask = masks.emplace_back(rows);
    for (auto& m : mask) m = in.byte() % 4 == 0;
    auto& f = fields.emplace_back();
    const std::uint8_t kind = in.byte() % 6;
    if (kind == 3) {  // instants of any bits under a fuzzed format: each field as the column alone writes it
      auto& v = instants.emplace_back(rows);
      for (auto& x : v) x = in.value<std::int64_t>();
      simdigits::temporal_column t;
      t.data = v.data(), t.size = rows, t.unit = simdigits::time_unit(1 + in.byte() % 4);
      t.style = in.byte() % 2 ? simdigits::temporal_style::pandas : simdigits::temporal_style::iso;
      std::string& format = formats.emplace_back(in.byte() % 2 ? text(in, 6) : "");
      std::replace(format.begin(), format.end(), '\x01', '?');  // (the byte that ends each field below)
      t.format = format;
      if (!simdigits::unsupported_time_directive(t.format, t.style).empty()) t.format = {};
      static constexpr std::string_view zones[] = {"", "UTC", "Europe/Berlin", "Australia/Lord_Howe", "+05:45", "America/St_Johns"};
      const std::uint8_t extra = in.byte();
      if (extra % 7 == 6) {  // durations: no format, pandas' or NumPy's text
        t.kind = simdigits::temporal_kind::duration;
        t.style = extra & 8 ? simdigits::temporal_style::numpy : simdigits::temporal_style::pandas;
        t.format = {};
      } else if (simdigits::time_zone_known(zones[extra % 6])) {
        t.zone = zones[extra % 6];
      }
      simdigits::table_format lines;
      lines.terminator = "\x01";
      lines.quote = '\0';
      const simdigits::table_column probe{t};
      if (simdigits::table_length({&probe, 1}, lines) == simdigits::npos) t.format = {};  // (%z without a zone: chrono refuses it)
      const simdigits::table_column alone{t};
      std::string text_alone(simdigits::table_length({&alone, 1}, lines), '\0');
      if (simdigits::write_table({&alone, 1}, lines, text_alone.data()) != text_alone.data() + text_alone.size())
        fuzz::fail("a temporal column's length", "-");
      for (std::size_t at = 0, end; (end = text_alone.find('\x01', at)) != std::string::npos; at = end + 1)
        f.push_back(text_alone.substr(at, end - at));
      if (f.size() != rows) fuzz::fail("a temporal column's rows", "-");
      columns.push_back({t, names.back(), {nullptr, 0, mask.data()}});
    } else if (kind == 4) {  // a dictionary of up to 4 strings, int8 indices (negative: null)
      auto& o = offsets.emplace_back(1, 0);
      std::string& d = data.emplace_back();
      std::vector<std::string> entries(1 + in.byte() % 4);
      for (auto& e : entries) d += e = text(in, 4), o.push_back(std::int32_t(d.size()));
      auto& indices = codes.emplace_back(rows);
      for (std::size_t r = 0; r < rows; ++r) {
        const auto b = std::int8_t(in.byte());
        indices[r] = b < 0 ? std::int8_t(-1) : std::int8_t(b % std::int8_t(entries.size()));
        if (b < 0) mask[r] = 1;
        f.push_back(b < 0 ? std::string() : quoted(entries[std::size_t(indices[r])]));
      }
      columns.push_back({simdigits::dictionary_column{simdigits::integer_column::of(std::span<const std::int8_t>(indices)),
                                                      simdigits::string_column::of(std::span<const std::int32_t>(o), d.data())},
                         names.back(), {nullptr, 0, mask.data()}});
    } else if (kind == 5) {  // decimal128 of any bits at a scale of -40..40, as polars or Python writes it,
      const int scale = int(in.byte() % 81) - 40;  // or sign-extended to decimal256
      const int flags = in.byte();
      const bool python = flags & 1;
      const unsigned bits = flags & 2 ? 256 : 128;
      auto& v = wide.emplace_back(rows * bits / 128);
      for (std::size_t r = 0; r < rows; ++r) {
        const auto low = in.value<std::uint64_t>(), high = in.value<std::uint64_t>();
        const i128 x = static_cast<i128>(static_cast<u128>(high) << 64 | low);
        if (bits == 256) v[2 * r] = x, v[2 * r + 1] = x < 0 ? -1 : 0;
        else v[r] = x;
        f.push_back(oracle::scaled_decimal(x, scale, python));
      }
      columns.push_back({simdigits::decimal_column{v.data(), rows, scale, python, bits}, names.back(), {nullptr, 0, mask.data()}});
    } else if (kind == 0) {
      auto& v = ints.emplace_back(rows);
      for (auto& x : v) f.push_back(oracle::decimal(x = in.value<std::int32_t>()));
      columns.push_back({simdigits::integer_column::of(std::span<const std::int32_t>(v)), names.back(), {nullptr, 0, mask.data()}});
    } else if (kind == 1) {  // doubles of any bits, in std::to_chars' style
      auto& v = doubles.emplace_back(rows);
      for (auto& x : v) f.push_back(oracle::decimal(x = std::bit_cast<double>(in.value<std::uint64_t>())));
      columns.push_back({simdigits::float_column::of(std::span<const double>(v)), names.back(), {nullptr, 0, mask.data()}});
    } else {
      auto& o = offsets.emplace_back(1, 0);
      std::string& d = data.emplace_back();
      for (std::size_t r = 0; r < rows; ++r) {
        f.push_back(text(in, 4));
        d += f.back();
        o.push_back(std::int32_t(d.size()));
      }
      columns.push_back({simdigits::string_column::of(std::span<const std::int32_t>(o), d.data()), names.back(),
                         {nullptr, 0, mask.data()}});
      for (auto& field : f) field = quoted(field);
    }
  }
  std::string expected;
  if (ncolumns > 0) {
    if (format.header) {
      for (std::size_t c = 0; c < ncolumns; ++c)
        expected += (c ? std::string(format.delimiter) : "") + quoted(names[c]);
      expected += format.terminator;
    }
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < ncolumns; ++c)
        expected += (c ? std::string(format.delimiter) : "") + (masks[c][r] ? null_field : fields[c][r]);
      expected += format.terminator;
    }
  }
  if (simdigits::table_length(columns, format) != expected.size()) fuzz::fail("table_length", "-");
  const unsigned threads = 1 + in.byte() % 3;
  fuzz::check_every_backend(expected, [&](char* out) { return simdigits::write_table(columns, format, out, threads); });
  std::string pieces;
  simdigits::table_plan(columns, format, threads).write_pieces([&](std::string_view p) { return (pieces += p), true; }, 7);
  if (pieces != expected) fuzz::fail("table in pieces", "-");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::reader in{data, size};
  if (in.byte() % 2) check_spec(in);
  else check_table(in);
  return 0;
}

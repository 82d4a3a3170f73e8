// Arrow streams read as tables (arrow.hpp): a stream built here by hand, as the C data interface lays
// one out (offsets in batches and columns, nulls, the three string layouts), written as CSV and checked
// against the text built from the same values.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "simdigits/simdigits.hpp"

namespace {

using simdigits::status;

// One column's data in all three string layouts and as int16 values, with nulls; every buffer owned.
struct column_data {
  std::vector<std::optional<std::string>> strings;
  std::vector<std::int32_t> offsets{0};
  std::vector<std::int64_t> large_offsets{0};
  std::string chars, long_chars;
  std::vector<unsigned char> views;
  std::vector<std::int64_t> view_sizes;
  std::vector<std::uint8_t> validity;
  std::vector<std::int16_t> numbers;
  std::vector<std::int32_t> days;      // date32
  std::vector<std::int64_t> instants;  // timestamp[ms]
  std::vector<std::uint8_t> truths;    // bool, as bits
};

column_data make_column(std::size_t rows, std::uint32_t seed) {
  column_data d;
  d.validity.assign(rows / 8 + 1, 0);
  for (std::size_t i = 0; i < rows; ++i) {
    seed = seed * 1103515245u + 12345u;
    const bool null = (seed >> 20) % 5 == 0;
    std::string s = (seed >> 8) % 3 == 0 ? std::string("a long one, with a \"quote\" in it ") + std::to_string(i)
                                         : std::to_string(i * 7);
    d.numbers.push_back(std::int16_t(seed >> 12));
    d.days.push_back(std::int32_t(seed >> 8) - (1 << 23));
    d.instants.push_back((std::int64_t(seed) << 16) - (std::int64_t(1) << 47));
    if (i % 8 == 0) d.truths.push_back(0);
    d.truths.back() |= std::uint8_t(((seed >> 16) & 1) << (i % 8));
    if (null) d.strings.emplace_back();
    else d.strings.emplace_back(s), d.validity[i / 8] |= std::uint8_t(1u << (i % 8));
    const std::string stored = null ? "" : s;
    d.chars += stored;
    d.offsets.push_back(std::int32_t(d.chars.size()));
    d.large_offsets.push_back(std::int64_t(d.chars.size()));
    unsigned char view[16] = {};
    const std::int32_t length = std::int32_t(stored.size());
    std::memcpy(view, &length, 4);
    if (stored.size() <= 12) {
      std::memcpy(view + 4, stored.data(), stored.size());
    } else {
      const std::int32_t buffer = 0, offset = std::int32_t(d.long_chars.size());
      std::memcpy(view + 4, stored.data(), 4);
      std::memcpy(view + 8, &buffer, 4);
      std::memcpy(view + 12, &offset, 4);
      d.long_chars += stored;
    }
    d.views.insert(d.views.end(), view, view + 16);
  }
  d.view_sizes.push_back(std::int64_t(d.long_chars.size()));
  return d;
}

// A stream of one batch per `cuts` entry: rows [cuts[b], cuts[b + 1]) of the data, given as arrays that
// start at row 0 with the batch's offset (even batches) or at the child's offset (odd ones).
struct test_stream {
  std::vector<column_data>* data;
  std::vector<std::string> formats;  // per column
  std::vector<std::size_t> cuts;
  std::size_t next = 0;
  std::vector<std::string> metadata = {};  // per column, Arrow's encoding of its key-value pairs (or none)

  struct batch_storage {
    std::vector<ArrowArray> children;
    std::vector<ArrowArray*> child_pointers;
    std::vector<std::vector<const void*>> buffers;
    const void* no_buffers[1] = {nullptr};
  };
};

void release_batch(ArrowArray* a) {
  delete static_cast<test_stream::batch_storage*>(a->private_data);
  a->release = nullptr;
}
void release_schema(ArrowSchema* s) {
  for (std::int64_t i = 0; i < s->n_children; ++i) delete s->children[i];
  delete[] s->children;
  s->release = nullptr;
}

int get_schema(ArrowArrayStream* stream, ArrowSchema* out) {
  auto& t = *static_cast<test_stream*>(stream->private_data);
  *out = ArrowSchema{"+s", "", nullptr, 0, std::int64_t(t.formats.size()), new ArrowSchema*[t.formats.size()],
                     nullptr, release_schema, nullptr};
  static const char* names[] = {"plain", "needs \"quotes\", this", "third", "fourth"};
  for (std::size_t c = 0; c < t.formats.size(); ++c)
    out->children[c] = new ArrowSchema{t.formats[c].c_str(), names[c],
                                       c < t.metadata.size() && !t.metadata[c].empty() ? t.metadata[c].data() : nullptr,
                                       2, 0, nullptr, nullptr, nullptr, nullptr};
  return 0;
}

int get_next(ArrowArrayStream* stream, ArrowArray* out) {
  auto& t = *static_cast<test_stream*>(stream->private_data);
  if (t.next + 1 >= t.cuts.size()) {
    out->release = nullptr;
    return 0;
  }
  const std::size_t from = t.cuts[t.next], rows = t.cuts[t.next + 1] - from;
  const bool batch_offset = t.next % 2 == 0;
  ++t.next;
  auto* storage = new test_stream::batch_storage;
  storage->children.resize(t.formats.size());
  storage->buffers.resize(t.formats.size());
  for (std::size_t c = 0; c < t.formats.size(); ++c) {
    column_data& d = (*t.data)[c];
    const std::string& f = t.formats[c];
    auto& b = storage->buffers[c];
    b.push_back(d.validity.data());
    if (f == "s") b.push_back(d.numbers.data());
    else if (f == "tdD") b.push_back(d.days.data());
    else if (f == "tsm:") b.push_back(d.instants.data());
    else if (f == "b") b.push_back(d.truths.data());
    else if (f == "u") b.push_back(d.offsets.data()), b.push_back(d.chars.data());
    else if (f == "U") b.push_back(d.large_offsets.data()), b.push_back(d.chars.data());
    else if (f == "vu") b.push_back(d.views.data()), b.push_back(d.long_chars.data()), b.push_back(d.view_sizes.data());
    else b.clear();  // "n", the null type: no buffers at all
    const std::int64_t length = std::int64_t(batch_offset ? from + rows : rows);
    storage->children[c] = ArrowArray{length, f == "n" ? length : -1, std::int64_t(batch_offset ? 0 : from),
                                      std::int64_t(b.size()), 0, b.empty() ? nullptr : b.data(), nullptr, nullptr,
                                      nullptr, nullptr};
  }
  for (auto& child : storage->children) storage->child_pointers.push_back(&child);
  *out = ArrowArray{std::int64_t(rows), 0, std::int64_t(batch_offset ? from : 0), 1, std::int64_t(t.formats.size()),
                    storage->no_buffers, storage->child_pointers.data(), nullptr, release_batch, storage};
  return 0;
}

const char* no_error(ArrowArrayStream*) { return nullptr; }
void keep_stream(ArrowArrayStream*) {}  // the test's stream lives on its stack

TEST(Arrow, StreamsOfEveryStringLayoutWithNullsAndOffsets) {
  constexpr std::size_t rows = 1500;
  std::vector<column_data> data;
  for (std::uint32_t c = 0; c < 4; ++c) data.push_back(make_column(rows, c + 1));
  test_stream t{&data, {"s", "u", "U", "vu"}, {0, 1, 700, 700, 1499, rows}};
  ArrowArrayStream stream{get_schema, get_next, no_error, keep_stream, &t};
  const simdigits::arrow_batches batches(stream);
  ASSERT_EQ(batches.check(), status::ok) << batches.error();
  ASSERT_EQ(batches.batches().size(), 5u);
  const simdigits::table_format f{",", "\n", true, "NA"};
  std::string expected = "plain,\"needs \"\"quotes\"\", this\",third,fourth\n";
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < 4; ++c) {
      if (c) expected += ',';
      const auto& s = data[c].strings[r];
      if (!s) expected += "NA";
      else if (c == 0) expected += std::to_string(data[0].numbers[r]);
      else if (s->find_first_of("\",") != std::string::npos) {
        expected += '"';
        for (char ch : *s) expected.append(ch == '"' ? 2 : 1, ch);
        expected += '"';
      } else expected += *s;
    }
    expected += '\n';
  }
  const simdigits::table_plan plan(batches.batches(), f, 2);
  ASSERT_EQ(plan.check(), status::ok);
  std::string out(plan.length(), '#');
  ASSERT_EQ(plan.write(out).code, status::ok);
  EXPECT_EQ(out, expected);
}

TEST(Arrow, StreamsWithoutBatchesHaveTheirHeader) {
  std::vector<column_data> data{make_column(0, 1), make_column(0, 2)};
  test_stream t{&data, {"s", "vu"}, {0}};
  ArrowArrayStream stream{get_schema, get_next, no_error, keep_stream, &t};
  const simdigits::arrow_batches batches(stream);
  ASSERT_EQ(batches.check(), status::ok) << batches.error();
  const simdigits::table_plan plan(batches.batches(), simdigits::table_format{",", "\n", true});
  std::string out(plan.length(), '#');
  ASSERT_EQ(plan.write(out).code, status::ok);
  EXPECT_EQ(out, "plain,\"needs \"\"quotes\"\", this\"\n");
}

TEST(Arrow, NullTypeColumnsAreNulls) {
  std::vector<column_data> data{make_column(5, 1), make_column(5, 2)};
  test_stream t{&data, {"n", "s"}, {0, 2, 5}};
  ArrowArrayStream stream{get_schema, get_next, no_error, keep_stream, &t};
  const simdigits::arrow_batches batches(stream);
  ASSERT_EQ(batches.check(), status::ok) << batches.error();
  const simdigits::table_plan plan(batches.batches(), simdigits::table_format{",", "\n", false, "NA"});
  std::string out(plan.length(), '#'), expected;
  ASSERT_EQ(plan.write(out).code, status::ok);
  for (std::size_t r = 0; r < 5; ++r)
    expected += "NA," + (data[1].strings[r] ? std::to_string(data[1].numbers[r]) : std::string("NA")) + "\n";
  EXPECT_EQ(out, expected);
}

// Dates, instants and booleans, in batches at offsets, as polars writes them.
TEST(Arrow, DatesInstantsAndBooleans) {
  using namespace std::chrono;
  std::vector<column_data> data{make_column(300, 5), make_column(300, 6), make_column(300, 7)};
  test_stream t{&data, {"tdD", "tsm:", "b"}, {0, 100, 101, 300}};
  ArrowArrayStream stream{get_schema, get_next, no_error, keep_stream, &t};
  const simdigits::arrow_batches batches(stream);
  ASSERT_EQ(batches.check(), status::ok);
  simdigits::table_format format;
  format.null_text = "NA";
  const simdigits::table_plan plan(batches.batches(), format);
  std::string out(plan.length(), '\0');
  ASSERT_EQ(plan.write(out).code, status::ok);
  auto date = [](std::int64_t days_since) {  // polars' years: signed past 0..9999
    const year_month_day ymd{sys_days{days{days_since}}};
    const int y = int(ymd.year());
    char text[32];
    if (y >= 0 && y <= 9999) std::snprintf(text, sizeof text, "%04d-%02u-%02u", y, unsigned(ymd.month()), unsigned(ymd.day()));
    else std::snprintf(text, sizeof text, "%c%04d-%02u-%02u", y < 0 ? '-' : '+', y < 0 ? -y : y, unsigned(ymd.month()), unsigned(ymd.day()));
    return std::string(text);
  };
  std::string expected;
  for (std::size_t r = 0; r < 300; ++r) {
    const bool valid[3] = {bool(data[0].strings[r]), bool(data[1].strings[r]), bool(data[2].strings[r])};
    const std::int64_t ms = data[1].instants[r], day = ms / 86400000 - (ms % 86400000 < 0);
    const std::int64_t of_day = ms - day * 86400000;
    char time[32];
    std::snprintf(time, sizeof time, "T%02d:%02d:%02d.%03d", int(of_day / 3600000), int(of_day / 60000 % 60),
                  int(of_day / 1000 % 60), int(of_day % 1000));
    expected += (valid[0] ? date(data[0].days[r]) : "NA") + "," + (valid[1] ? date(day) + time : "NA") + "," +
                (valid[2] ? (data[2].truths[r / 8] >> (r % 8)) & 1 ? "true" : "false" : "NA") + "\n";
  }
  EXPECT_EQ(out, expected);
}

TEST(Arrow, UnsupportedColumnsAreNamed) {
  std::vector<column_data> data{make_column(4, 1), make_column(4, 2)};
  test_stream t{&data, {"s", "tsu:Mars/Olympus"}, {0, 4}};
  ArrowArrayStream stream{get_schema, get_next, no_error, keep_stream, &t};
  const simdigits::arrow_batches batches(stream);
  EXPECT_EQ(batches.check(), status::invalid_argument);
  EXPECT_EQ(batches.error(), "column 'needs \"quotes\", this' is of type timestamp[us, tz=Mars/Olympus]: time zone "
                             "'Mars/Olympus' is not in the tz database ($TZDIR, /usr/share/zoneinfo)");
  test_stream refusing{&data, {"s", "g"}, {0, 4}};  // floats refused: named as not supported
  ArrowArrayStream second{get_schema, get_next, no_error, keep_stream, &refusing};
  const simdigits::arrow_batches no_floats(second, std::nullopt);
  EXPECT_EQ(no_floats.check(), status::invalid_argument);
  EXPECT_EQ(no_floats.error(),
            "column 'needs \"quotes\", this' is of type float64, not integers, strings, dates, times or booleans");
  test_stream durations{&data, {"s", "tDs"}, {0, 4}};
  ArrowArrayStream third{get_schema, get_next, no_error, keep_stream, &durations};
  const simdigits::arrow_batches no_durations(third);
  EXPECT_EQ(no_durations.error(), "column 'needs \"quotes\", this' is of type duration[s]: polars' style has no text for "
                                 "durations (polars does not write them to CSV)");
  // An extension type: its storage is not its text (a pandas period's ordinal), so it is refused, as
  // pyarrow's and polars' writers refuse it; other metadata is not looked at.
  const auto metadata_of = [](std::vector<std::pair<std::string, std::string>> pairs) {
    std::string m;
    const auto put = [&](const std::string& text) {
      const std::int32_t size = std::int32_t(text.size());
      m.append(reinterpret_cast<const char*>(&size), sizeof size);
      m += text;
    };
    const std::int32_t count = std::int32_t(pairs.size());
    m.append(reinterpret_cast<const char*>(&count), sizeof count);
    for (const auto& [key, value] : pairs) put(key), put(value);
    return m;
  };
  test_stream periods{&data, {"s", "tsm:"}, {0, 4}, 0,
                      {metadata_of({{"a", "b"}}), metadata_of({{"PARQUET:field_id", "7"}, {"ARROW:extension:name", "pandas.period"},
                                                               {"ARROW:extension:metadata", "{}"}})}};
  ArrowArrayStream fourth{get_schema, get_next, no_error, keep_stream, &periods};
  const simdigits::arrow_batches no_periods(fourth);
  EXPECT_EQ(no_periods.check(), status::invalid_argument);
  EXPECT_EQ(no_periods.error(), "column 'needs \"quotes\", this' is of type extension<pandas.period> (storage timestamp[ms]): an "
                                "Arrow extension type is not written as text");
  test_stream described{&data, {"s", "tsm:"}, {0, 4}, 0, {metadata_of({{"a", "b"}}), metadata_of({})}};
  ArrowArrayStream fifth{get_schema, get_next, no_error, keep_stream, &described};
  EXPECT_EQ(simdigits::arrow_batches(fifth).check(), status::ok);
  EXPECT_EQ(simdigits::arrow_type_name("w:16"), "fixed_size_binary[16]");
  EXPECT_EQ(simdigits::arrow_type_name("g"), "float64");
  EXPECT_EQ(simdigits::arrow_type_name("d:10,2"), "decimal(10,2)");
}

} // namespace

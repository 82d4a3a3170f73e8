// libFuzzer target: arbitrary bytes -> (start, stop, step, separator); range_length and concat_range
// of every backend against a loop over the numbers formatted with std::to_chars, with guard bytes.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::reader in{data, size};
  const std::string sep = in.separator();
  // Starts near interesting places (powers of ten, their negatives, the int64 ends) as often as not.
  std::int64_t start = in.value<std::int64_t>();
  const std::uint8_t anchor = in.byte();
  if (anchor < 128) {
    std::int64_t p = 1;
    for (int k = anchor % 19; k > 0; --k) p *= 10;
    start = (anchor & 64 ? -p : p) + std::int64_t(std::int16_t(start));
  }
  std::int64_t step = in.value<std::int64_t>();
  if (in.byte() < 200) step = std::int64_t(std::int8_t(step));  // mostly small steps
  const auto span = std::int64_t(in.value<std::uint16_t>() % 20000);
  if (step == 0) {
    if (simdigits::range_length(start, start, 0, sep) != simdigits::npos) fuzz::fail("step 0", "-");
    return 0;
  }
  // stop: span steps away, clamped to int64.
  const __int128 wanted = __int128(start) + __int128(step) * span;
  const std::int64_t stop = wanted > INT64_MAX ? INT64_MAX : wanted < INT64_MIN ? INT64_MIN : std::int64_t(wanted);

  std::string expected;
  std::size_t count = 0;
  for (__int128 v = start; step > 0 ? v < stop : v > stop; v += step, ++count) {
    if (count) expected += sep;
    expected += oracle::decimal(std::int64_t(v));
  }
  if (simdigits::range_length(start, stop, step, sep) != expected.size()) fuzz::fail("range_length", "-");
  fuzz::check_every_backend(expected, [&](char* out) { return simdigits::concat_range(start, stop, step, sep, out); });
  return 0;
}

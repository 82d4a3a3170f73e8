// libFuzzer target: arbitrary bytes -> (type, separator, values); join, formatted_length and to_chars
// of every backend against text built with std::to_chars (the oracle), with guard bytes.
#include <vector>

#include "fuzz_common.hpp"

namespace {

template <class T> void check(fuzz::reader& in, const std::string& sep) {
  std::vector<T> values;
  while (in.size > 0 && values.size() < 4096) values.push_back(in.value<T>());
  const std::string expected = oracle::joined(values, sep);
  if (simdigits::formatted_length(values, sep) != expected.size()) fuzz::fail("formatted_length", "-");
  fuzz::check_every_backend(expected, [&](char* out) { return simdigits::join(values, sep, out); });
  for (const T v : values) {  // to_chars: exact room fits; one byte less fails and writes nothing
    const std::string one = oracle::decimal(v);
    char buffer[64];
    std::memset(buffer, '#', sizeof buffer);
    auto r = simdigits::to_chars(buffer, buffer + one.size(), v);
    if (r.ec != std::errc{} || std::string_view(buffer, one.size()) != one || buffer[one.size()] != '#')
      fuzz::fail("to_chars", "-");
    std::memset(buffer, '#', sizeof buffer);
    r = simdigits::to_chars(buffer, buffer + one.size() - 1, v);
    if (r.ec != std::errc::value_too_large || buffer[0] != '#') fuzz::fail("to_chars too small", "-");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::reader in{data, size};
  const unsigned type = in.byte() % 12;
  const std::string sep = in.separator();
  switch (type) {
  case 0: check<std::int8_t>(in, sep); break;
  case 1: check<std::uint8_t>(in, sep); break;
  case 2: check<std::int16_t>(in, sep); break;
  case 3: check<std::uint16_t>(in, sep); break;
  case 4: check<std::int32_t>(in, sep); break;
  case 5: check<std::uint32_t>(in, sep); break;
  case 6: check<std::int64_t>(in, sep); break;
  case 7: check<std::uint64_t>(in, sep); break;
  case 8: check<simdigits::detail::int128>(in, sep); break;
  case 9: check<simdigits::detail::uint128>(in, sep); break;
  case 10: check<char>(in, sep); break;
  default: check<long>(in, sep); break;
  }
  return 0;
}

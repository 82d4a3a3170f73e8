// Shared by the fuzz targets: reading the input, guarded output buffers, running every backend.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "../cpp/oracle.hpp"

namespace fuzz {

// Takes bytes off the front of the input; past its end, zeros.
struct reader {
  const std::uint8_t* data;
  std::size_t size;
  std::uint8_t byte() {
    if (size == 0) return 0;
    --size;
    return *data++;
  }
  template <class T> T value() {
    T v{};
    const std::size_t n = size < sizeof(T) ? size : sizeof(T);
    std::memcpy(&v, data, n);
    data += n;
    size -= n;
    return v;
  }
  std::string separator() {  // 0..3 bytes, any values
    std::string s(byte() % 4, '\0');
    for (char& c : s) c = char(byte());
    return s;
  }
};

[[noreturn]] inline void fail(const char* what, std::string_view backend) {
  std::fprintf(stderr, "fuzz: %s (backend %.*s)\n", what, int(backend.size()), backend.data());
  std::abort();
}

// Calls write(out) on every backend into a buffer guarded on both sides, and checks that it wrote
// exactly `expected`, returned its end and left the guards alone.
template <class Write> void check_every_backend(const std::string& expected, Write&& write) {
  constexpr std::size_t guard = 64;
  const std::string_view before = simdigits::active_backend();
  for (std::string_view name : simdigits::available_backends()) {
    simdigits::set_backend(name);
    std::string buffer(expected.size() + 2 * guard, '\xA5');
    char* out = buffer.data() + guard;
    char* end = write(out);
    if (end != out + expected.size()) fail("wrong end pointer", name);
    if (std::string_view(out, expected.size()) != expected) fail("wrong text", name);
    for (std::size_t i = 0; i < guard; ++i)
      if (buffer[i] != '\xA5' || buffer[guard + expected.size() + i] != '\xA5') fail("wrote outside its bytes", name);
  }
  simdigits::set_backend(before);
}

} // namespace fuzz

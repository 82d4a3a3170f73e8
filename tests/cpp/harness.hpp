// What the batch tests share: separators that probe the kernels, running on every backend, outputs with
// guard bytes.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "simdigits/simdigits.hpp"

// Up to 3 bytes, and either side of the 5 and 7 bytes the avx512vbmi2 kernels pack (values up to 32
// bits, 64-bit values), with the bytes that their masks look for ('0' and '-').
inline constexpr std::string_view separators[] = {"", ",", ", ", "<->", "0-0-0", "-0-0-0", "0-0-0-0", "-0-0-0-0"};

// Under an emulator (tools/test-aarch64.sh) or the sanitizers (tools/test-sanitizers.sh) every instruction
// costs several to tens of times more: there, and for the second build against a newer xsimd, CI sets
// SIMDIGITS_TEST_LIGHT and the longest tests check the same cases on fewer or smaller inputs. The native
// run checks everything.
inline bool light() {
  static const bool set = std::getenv("SIMDIGITS_TEST_LIGHT") != nullptr;
  return set;
}

// Runs f once per available backend, the backend active, and restores the one that was active.
template <class F> void for_each_backend(F&& f) {
  const std::string_view before = simdigits::active_backend();
  for (std::string_view name : simdigits::available_backends()) {
    ASSERT_TRUE(simdigits::set_backend(name));
    SCOPED_TRACE(::testing::Message() << "backend " << name);
    f();
  }
  simdigits::set_backend(before);
}

// An output buffer with guard bytes on both sides, at an offset that makes `out` unaligned.
struct guarded {
  static constexpr std::size_t guard = 64;
  std::string bytes;
  std::size_t offset;
  guarded(std::size_t length, std::size_t misalign) : bytes(2 * guard + misalign + length, '#'), offset(guard + misalign) {}
  char* out() { return bytes.data() + offset; }
  std::string_view text(std::size_t length) const { return std::string_view(bytes).substr(offset, length); }
  bool guards_intact(std::size_t length) const {
    return std::string_view(bytes).substr(0, offset).find_first_not_of('#') == std::string_view::npos &&
           std::string_view(bytes).substr(offset + length).find_first_not_of('#') == std::string_view::npos;
  }
};

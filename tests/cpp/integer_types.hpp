// The integer types every typed test runs through.
#pragma once

#include <gtest/gtest.h>

#include "simdigits/simdigits.hpp"

namespace oracle {

// Every type the tests run through (typed tests).
using IntegerTypes = ::testing::Types<char, signed char, unsigned char, short, unsigned short, int, unsigned, long,
                                      unsigned long, long long, unsigned long long
#if SIMDIGITS_HAS_INT128
                                      ,
                                      simdigits::detail::int128, simdigits::detail::uint128
#endif
                                      >;

} // namespace oracle

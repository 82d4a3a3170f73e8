// The independent oracle the tests compare against: std::to_chars, and for 128-bit types (which
// std::to_chars lacks under -std=c++20) the schoolbook digit loop.
#pragma once

#include <charconv>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "simdigits/simdigits.hpp"

namespace oracle {


template <class T> std::string decimal(T v) {
  if constexpr (sizeof(T) <= 8) {
    char buffer[32];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, r.ptr);
  } else {
    using U = simdigits::detail::unsigned_of<T>;
    const bool negative = v < 0;
    U m = negative ? U(0) - U(v) : U(v);
    std::string s;
    do {
      s.insert(s.begin(), char('0' + int(m % 10)));
      m /= 10;
    } while (m != 0);
    return negative ? "-" + s : s;
  }
}

// v * 10^-scale as polars writes a decimal (the scale's digits after the point; a negative scale's
// zeros after the integer) or as Python's str of a Decimal does (exponents where it writes them).
// (`digits`: the integer's decimal text.)
inline std::string scaled_decimal(std::string digits, int scale, bool python) {
  std::string sign;
  if (digits[0] == '-') sign = "-", digits.erase(0, 1);
  const long n = long(digits.size()), adjusted = n - 1 - scale;
  if (python && (scale < 0 || adjusted < -6)) {
    std::string text = sign + digits.substr(0, 1) + (n > 1 ? "." + digits.substr(1) : "") + "E";
    return text + (adjusted < 0 ? "-" : "+") + std::to_string(adjusted < 0 ? -adjusted : adjusted);
  }
  if (scale <= 0) return sign + digits + (digits == "0" ? "" : std::string(std::size_t(-scale), '0'));
  if (n > scale) return sign + digits.substr(0, std::size_t(n - scale)) + "." + digits.substr(std::size_t(n - scale));
  return sign + "0." + std::string(std::size_t(scale - n), '0') + digits;
}
template <class T> std::string scaled_decimal(T v, int scale, bool python) { return scaled_decimal(decimal(v), scale, python); }

// A CSV field under minimal quoting: quoted (its quotes doubled) when it holds the delimiter, the quote
// or one of quote_chars, or is empty and `empty` says so; never with quote '\0'.
inline std::string quoted(std::string_view field, std::string_view delimiter, char quote,
                          std::string_view quote_chars = "\r\n", bool empty = false) {
  const bool needs = quote != '\0' && ((field.empty() && empty) || field.find(quote) != std::string_view::npos ||
                                       field.find_first_of(quote_chars) != std::string_view::npos ||
                                       (!delimiter.empty() && field.find(delimiter) != std::string_view::npos));
  if (!needs) return std::string(field);
  std::string s(1, quote);
  for (char ch : field) s.append(ch == quote ? 2 : 1, ch);
  s.push_back(quote);
  return s;
}

template <class T> std::string joined(const std::vector<T>& values, std::string_view sep) {
  std::string s;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) s += sep;
    s += decimal(values[i]);
  }
  return s;
}

// Random values whose digit lengths are spread evenly: a random bit width, then random bits below it.
template <class T> T random_value(std::mt19937_64& rng) {
  using U = simdigits::detail::unsigned_of<T>;
  constexpr int width = 8 * sizeof(T);
  U bits = 0;
  for (int i = 0; i < width; i += 64) bits = U(bits << (i ? 64 : 0)) | U(rng());
  const int keep = int(rng() % width) + 1;
  if (keep < width) bits &= U((U(1) << keep) - 1);
  return T(bits);
}

// Every power-of-ten and power-of-two boundary of T (v-1, v, v+1 where they fit, and their negatives),
// its min and max, and the values around zero.
template <class T> std::vector<T> boundary_values() {
  using U = simdigits::detail::unsigned_of<T>;
  const U umax = U(~U(0));
  const U tmax = simdigits::detail::is_signed<T> ? U(umax >> 1) : umax;
  std::vector<U> magnitudes{0, 1, 2, tmax - 1, tmax};
  const auto around = [&](U p) {
    for (U m : {U(p - 1), p, U(p + 1)}) magnitudes.push_back(m);
  };
  for (U p = 10;; p *= 10) {
    around(p);
    if (p > tmax / 10) break;
  }
  for (int k = 1; k < 8 * int(sizeof(T)); ++k) around(U(U(1) << k));
  std::vector<T> values;
  for (U m : magnitudes) {
    if (m > tmax) continue;
    values.push_back(T(m));
    if (simdigits::detail::is_signed<T>) values.push_back(T(U(0) - m));
  }
  // min and max by hand: std::numeric_limits does not know __int128 under -std=c++20.
  const T min = simdigits::detail::is_signed<T> ? T(U(tmax + 1)) : T(0);
  for (T v : {min, T(min + 1), T(tmax)}) values.push_back(v);
  return values;
}

} // namespace oracle

// Built without the library: digit_count, write, to_chars and max_chars must need nothing but headers.
#include <cstdio>
#include <cstring>

#include "simdigits/simdigits.hpp"

int main() {
  char buffer[simdigits::max_chars<long long>];
  char* end = simdigits::write(buffer, -1234567890123LL);
  const auto r = simdigits::to_chars(buffer, end, 42u);
  const bool ok = std::string_view(buffer, std::size_t(r.ptr - buffer)) == "42" &&
                  simdigits::digit_count(-1234567890123LL) == 14;
  std::puts(ok ? "header-only: ok" : "header-only: FAILED");
  return ok ? 0 : 1;
}

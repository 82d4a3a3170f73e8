// The avx512vbmi2 kernels: each value gets a fixed slot (separator, sign, digits with leading zeros),
// and vpcompressb packs the bytes that belong to the text, one 64-byte store for eight 8-byte slots
// (values in [-9999, 9999], separators up to 3 bytes), four 16-byte slots (values that fit 32 bits,
// separators up to 5 bytes) or two 32-byte slots (64-bit values, separators up to 7 bytes), instead of
// a store per value; each run of values takes the narrowest that holds it (compress_groups). Streamed
// ranges assemble whole output lines in registers (vpermb, VBMI). Digits come from IFMA's 52-bit
// multiply-adds, which every VBMI2 CPU has: all of a value up to 32 bits, and a 64-bit value's parts
// after its split at 10^8. The rest is avx512's table, 64-bit values with longer separators and ranges'
// per-value kernel included (avx512 splits 64-bit values in vectors, where avx2 splits them with scalar
// multiplies).
//
// Compiled with exactly avx512.cpp's flags, so that the templates both files instantiate (ascii8, the
// avx512 table) are the same code whichever copy the linker keeps; only the functions below that need
// VBMI2, VL, VBMI or IFMA carry them, as a target attribute.
#include <algorithm>
#include <limits>
#include <tuple>

#include "generic.hpp"

namespace simdigits::detail::simd {

namespace {

using arch = xsimd::avx512bw;

#define SIMDIGITS_VBMI2 [[gnu::target("avx512vl,avx512vbmi,avx512vbmi2,avx512ifma")]]

// A slot of Bytes bytes: the separator right-aligned before the sign byte (both '0' where unused), then
// the digits with leading '0's to the end. A unit is the bytes of the separator, the sign when it is
// '-', and the digits from the first significant one.
template <std::size_t Bytes> struct slot {
  static_assert(Bytes == 8 || Bytes == 16 || Bytes == 32);
  static constexpr std::size_t sign = Bytes == 8 ? 3 : Bytes == 16 ? 5 : 7;  // the separator holds up to `sign` bytes
  // Masks of 64 bytes: `one` has the first bit of each slot, `signs` each slot's sign byte.
  static constexpr std::uint64_t one = Bytes == 8    ? 0x0101010101010101ULL
                                       : Bytes == 16 ? 0x0001000100010001ULL
                                                     : 0x0000000100000001ULL;
  static constexpr std::uint64_t signs = (std::uint64_t(1) << sign) * one;
  // XORed into the word that holds the sign byte: '0' becomes '-'.
  static constexpr std::uint64_t minus = std::uint64_t('0' ^ '-') << (8 * sign);

  // Room a group of `units` needs: a slot each at most, and the 64 bytes of the last store.
  static constexpr std::size_t group_room(std::size_t units) noexcept { return units * Bytes + 64; }

  // What put subtracts from: one - 1 (the +1 of -d in each slot), plus the bytes of a separator of
  // `size` bytes (size <= sign), which lie below every digit, where -d has no bit to carry into.
  static std::uint64_t minuend(std::size_t size) noexcept {
    return one - 1 + (((std::uint64_t(1) << size) - 1) << (sign - size)) * one;
  }
  // What put compares slots with, a register of slots: the separator's bytes where a slot has them
  // (separator_word, as in the slot's first word), '0' elsewhere, but at the last digit a byte no
  // digit equals. The bytes that differ are then a '-', the significant digits and the last one.
  static __m512i reference(std::uint64_t separator_word) noexcept {
    alignas(32) std::uint64_t words[4] = {separator_word, 0x3030303030303030ULL, 0x3030303030303030ULL,
                                          0x3030303030303030ULL};
    words[Bytes / 8 - 1] |= 0xff00000000000000ULL;
    if constexpr (Bytes == 8) return _mm512_set1_epi64(std::int64_t(words[0]));
    return Bytes == 16 ? _mm512_broadcast_i32x4(_mm_load_si128(reinterpret_cast<const __m128i*>(words)))
                       : _mm512_broadcast_i64x4(_mm256_load_si256(reinterpret_cast<const __m256i*>(words)));
  }
  // The units of the slots in x, packed and stored at p; returns their end. Stores 64 bytes.
  template <bool Signed>
  SIMDIGITS_VBMI2 static char* put(char* p, __m512i x, __m512i reference, std::uint64_t minuend) noexcept {
    const std::uint64_t differs = _mm512_cmpneq_epi8_mask(x, reference);
    // Digits from the first significant one: d | -d in each slot, where d has each slot's last digit,
    // so the borrows never cross into the next slot; below d's lowest bit, the separator of minuend and
    // the '-' of `differs`.
    const std::uint64_t d = Signed ? differs & ~signs : differs;
    const std::uint64_t kept = (minuend - d) | differs;
    _mm512_storeu_si512(p, _mm512_maskz_compress_epi8(kept, x));
    return p + __builtin_popcountll(kept);
  }
};

// The separator right-aligned in `size` bytes ('0' before it), as a little-endian word.
template <class Sep> std::uint64_t separator_word(Sep sep, std::size_t size) noexcept {
  char bytes[8] = {'0', '0', '0', '0', '0', '0', '0', '0'};
  sep.put(bytes + size - sep.size());
  std::uint64_t word;
  std::memcpy(&word, bytes, 8);
  return word;
}

// The slots of one group of 16 values, in 64-byte registers.
template <std::size_t Registers> struct group_slots {
  __m512i x[Registers];
};

// Both kernels convert two registers of values at a time, each step for both before the next: a
// register's conversion is one long chain of dependent multiplies and shuffles, and two chains side by
// side keep the ports busy where one leaves them waiting (three or four chains measured slower than
// two: their registers spill).
constexpr int chains = 2;

// The group loop of both kernels, software-pipelined: the next group's slots are computed before this
// group's stores, so that the two long dependency chains overlap, where one after the other they fill
// the scheduler. slots_of(values) converts the group at values.
template <std::size_t Group, std::size_t Bytes, class E, class SlotsOf>
SIMDIGITS_VBMI2 std::size_t put_pipelined(array_source<E>& src, std::size_t count, char*& p_ref, char* end,
                                          line_sink* sink, std::uint64_t separator_word, std::size_t separator_size,
                                          SlotsOf slots_of) noexcept {
  constexpr std::size_t room = slot<Bytes>::group_room(Group);
  const __m512i reference = slot<Bytes>::reference(separator_word);
  const std::uint64_t minuend = slot<Bytes>::minuend(separator_size);
  char* p = p_ref;
  if (count < Group || std::size_t(end - p) < room) return 0;
  using slots = decltype(slots_of(src.p));
  slots ready = slots_of(src.p);
  src.p += Group;
  std::size_t done = 0;
  for (;;) {
    const bool more = count - done >= 2 * Group;
    slots next;
    if (more) {
      src.prefetch();
      next = slots_of(src.p);
    }
    if (sink == nullptr) prefetch_ahead<1>(p, Group * Bytes);
    for (const __m512i& x : ready.x) p = slot<Bytes>::template put<std::is_signed_v<E>>(p, x, reference, minuend);
    done += Group;
    // Lines leave every fourth group: the send loop's exit is mispredicted about once a call, since its
    // trip count varies; four groups' lines (1-2 KB) in a burst do not yet stall the formatting, where
    // eight groups' did (the generic kernels, whose 64-bit groups are larger, send each group).
    if (done % (4 * Group) == 0) send_lines<arch>(sink, p);
    if (!more || std::size_t(end - p) < room) break;
    src.p += Group;
    ready = next;
  }
  p_ref = p;
  return done;
}

// The digits of values up to 32 bits by 52-bit multiply-adds (IFMA), whose throughput here is an
// add's, where ascii8's (kernel.hpp) 32-bit multiplies and shifts cost more, and its pairing shuffles
// take the port that vpcompressb and the permutes need. A quotient is a multiply-high; a remainder, and
// the pairing of two parts, a multiply-add: only the low 52 bits of a product count, so a remainder
// x + q * (2^52 - d) is exact in its low 52 bits (a multiplicand reads only those), and m + r * 2^32
// puts r above m. Digit pairs below 100 are split the other way round, ones low (see two_digits): the
// byte permute that builds the slots (vpermt2b, where vpermt2q interleaved whole words) puts them in
// order, digit i of a lane of digits8 being its byte i ^ 1.

// x / d in each lane, for x < 2^52 / d (x * ceil(2^52 / d) >> 52, with an error below 1/d).
SIMDIGITS_VBMI2 inline __m512i quotient(__m512i x, std::uint64_t d) noexcept {
  return _mm512_madd52hi_epu64(_mm512_setzero_si512(), x, _mm512_set1_epi64(std::int64_t((1ULL << 52) / d + 1)));
}

// x - q * d in each lane's low 52 bits (above them anything), for q = x / d.
SIMDIGITS_VBMI2 inline __m512i remainder(__m512i x, __m512i q, std::uint64_t d) noexcept {
  return _mm512_madd52lo_epu64(x, q, _mm512_set1_epi64(std::int64_t((1ULL << 52) - d)));
}

// low + high * 2^32 in each lane, for high below 2^20 in its low 52 bits (low's bits above 51 stay).
SIMDIGITS_VBMI2 inline __m512i pair_halves(__m512i low, __m512i high) noexcept {
  return _mm512_madd52lo_epu64(low, high, _mm512_set1_epi64(1LL << 32));
}

// Each 16-bit lane holds w < 100: its digits, ones in the low byte and tens in the high one, as numbers
// (w + (w / 10) * (256 - 10); w / 10 = mulhi(w, 6554)).
SIMDIGITS_VBMI2 inline u16s<arch> two_digits(u16s<arch> w) noexcept {
  const u16s<arch> tens = u16s<arch>(_mm512_mulhi_epu16(w, u16s<arch>(6554)));
  return w + tens * u16s<arch>(opaque(__m512i(u16s<arch>(246))));
}

// Each 64-bit lane holds m + r * 2^32 (m, r < 10^4; above bit 47 anything): its 8 digits as ASCII, the
// pairs of each half split as quarters_of_halves does (kernel.hpp), then as two_digits.
SIMDIGITS_VBMI2 inline u64s<arch> digits8(u64s<arch> halves) noexcept {
  return reinterpret<u64s<arch>>(two_digits(quarters_of_halves<arch>(halves))) + u64s<arch>(0x3030303030303030ULL);
}

// The 16 values at `values` in 32-bit lanes: narrower ones widened with their sign, 64-bit ones (which
// fit 32 bits: kind_of_run) truncated.
template <class E> SIMDIGITS_VBMI2 __m512i widened16(const E* values) noexcept {
  if constexpr (sizeof(E) == 8) {
    const __m256i low = _mm512_cvtepi64_epi32(_mm512_loadu_si512(values));
    return _mm512_inserti64x4(_mm512_castsi256_si512(low), _mm512_cvtepi64_epi32(_mm512_loadu_si512(values + 8)), 1);
  }
  if constexpr (sizeof(E) == 4) return _mm512_loadu_si512(values);
  if constexpr (sizeof(E) == 2) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(values));
    return std::is_signed_v<E> ? _mm512_cvtepi16_epi32(x) : _mm512_cvtepu16_epi32(x);
  }
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(values));
  return std::is_signed_v<E> ? _mm512_cvtepi8_epi32(x) : _mm512_cvtepu8_epi32(x);
}

// Replaces each 32-bit lane of v by its magnitude; returns the lanes that were negative.
template <class E> SIMDIGITS_VBMI2 __mmask16 to_magnitudes(__m512i& v) noexcept {
  if constexpr (!std::is_signed_v<E>) return 0;
  const __mmask16 negative = _mm512_movepi32_mask(v);
  v = _mm512_abs_epi32(v);  // INT32_MIN stays 0x80000000: its magnitude, unsigned
  return negative;
}

// Converts 16 values that fit 32 bits (of any type: widened16) into 16-byte slots (slot<16>): two
// chains of eight values in 64-bit lanes, each split 2+8 digits; the top two digits go, with the separator and the sign, into a
// word per value (its head), and one byte permute per four slots takes each slot's bytes from its head
// and its digits8 lane.
template <class E> struct slots32 {
  __m512i separator;  // the word of a head but its two digits: the separator, '0's, the sign byte
  __m512i minus;      // XORed into a head: its sign byte, '0', becomes '-'
  __m512i first_eight, last_eight, slot_bytes[2];

  explicit slots32(std::uint64_t separator_word)
      : separator(_mm512_set1_epi64(std::int64_t(separator_word << 16 | 0x3030))),
        minus(_mm512_set1_epi64(std::int64_t(std::uint64_t('0' ^ '-') << 56))),
        first_eight(_mm512_set_epi32(0, 7, 0, 6, 0, 5, 0, 4, 0, 3, 0, 2, 0, 1, 0, 0)),
        last_eight(_mm512_set_epi32(0, 15, 0, 14, 0, 13, 0, 12, 0, 11, 0, 10, 0, 9, 0, 8)) {
    // Slot j of register r is lane m = 4r + j: the head's bytes 2-7 (separator and sign), its tens and
    // ones, then the digits (from the second source, at 64).
    static constexpr auto index = [] {
      struct alignas(64) bytes { std::uint8_t at[2][64]; } t{};
      for (int r = 0; r < 2; ++r)
        for (int j = 0; j < 4; ++j)
          for (int b = 0, m = 4 * r + j; b < 16; ++b)
            t.at[r][16 * j + b] = std::uint8_t(b < 6 ? 8 * m + 2 + b : b < 8 ? 8 * m + 7 - b : 64 + 8 * m + ((b - 8) ^ 1));
      return t;
    }();
    slot_bytes[0] = _mm512_load_si512(index.at[0]);
    slot_bytes[1] = _mm512_load_si512(index.at[1]);
  }

  SIMDIGITS_VBMI2 group_slots<4> operator()(const E* values) const noexcept {
    __m512i v = widened16(values);
    const __mmask16 negative = to_magnitudes<E>(v);
    // Values 0-7, then 8-15, in 64-bit lanes (0 above).
    const u64s<arch> half[chains] = {_mm512_maskz_permutexvar_epi32(0x5555, first_eight, v),
                                     _mm512_maskz_permutexvar_epi32(0x5555, last_eight, v)};
    // Each value x as h | m | r, 2 + 4 + 4 digits: q = x / 10^4, h = q / 10^4, r = x - q * 10^4,
    // m = q - h * 10^4; the lane m + r * 2^32 gives digits8, and h (below 43) the head's digits.
    __m512i head[chains], low[chains];
    for (int k = 0; k < chains; ++k) {
      const __m512i q = quotient(half[k], 10000), h = quotient(q, 10000);
      low[k] = digits8(pair_halves(remainder(q, h, 10000), remainder(half[k], q, 10000)));
      // The head: h + (h / 10) * (256 - 10) is its ones and tens, above the separator's word.
      head[k] = _mm512_madd52lo_epu64(_mm512_add_epi64(h, separator), quotient(h, 10), _mm512_set1_epi64(246));
      if constexpr (std::is_signed_v<E>)
        head[k] = _mm512_mask_xor_epi64(head[k], __mmask8(negative >> (8 * k)), head[k], minus);
    }
    group_slots<4> slots;
    for (int k = 0; k < chains; ++k)
      for (int r = 0; r < 2; ++r) slots.x[2 * k + r] = _mm512_permutex2var_epi8(head[k], slot_bytes[r], low[k]);
    return slots;
  }
};

// Values in [-9999, 9999] (the short values of counts, codes, years, cents: kind_of_run) into 8-byte
// slots (slot<8>), half the bytes of slots32's, so half its compresses and stores. The four digits of
// each value need no division past 10^4 (ascii8_of_halves in its 32-bit lane); one dword permute per
// eight slots puts each beside the separator word.
template <class E> struct slots_short {
  __m512i separator;  // a slot's low word: the separator right-aligned before the sign byte '0'
  __m512i minus;      // XORed into a slot: its sign byte, '0', becomes '-'
  __m512i first_eight, last_eight;

  explicit slots_short(std::uint64_t separator_word)
      : separator(_mm512_set1_epi32(int(std::uint32_t(separator_word)))),
        minus(_mm512_set1_epi64(std::int64_t(slot<8>::minus))),
        first_eight(_mm512_set_epi32(23, 0, 22, 0, 21, 0, 20, 0, 19, 0, 18, 0, 17, 0, 16, 0)),
        last_eight(_mm512_set_epi32(31, 0, 30, 0, 29, 0, 28, 0, 27, 0, 26, 0, 25, 0, 24, 0)) {}

  SIMDIGITS_VBMI2 group_slots<2> operator()(const E* values) const noexcept {
    __m512i v = widened16(values);
    const __mmask16 negative = to_magnitudes<E>(v);
    const __m512i digits = ascii8_of_halves<arch>(u64s<arch>(v));  // each 32-bit lane's four digits
    group_slots<2> slots{{_mm512_permutex2var_epi32(separator, first_eight, digits),
                          _mm512_permutex2var_epi32(separator, last_eight, digits)}};
    if constexpr (std::is_signed_v<E>)
      for (int r = 0; r < 2; ++r)
        slots.x[r] = _mm512_mask_xor_epi64(slots.x[r], __mmask8(negative >> (8 * r)), slots.x[r], minus);
    return slots;
  }
};

// What the values of a run need: short_values (all in [-9999, 9999]), narrow (all fit 32 bits: E's
// own type or, for 64-bit E, its 32-bit counterpart) or wide; by a min and a max reduction, no branch a
// value.
enum class run_kind { short_values, narrow, wide };

template <class E> SIMDIGITS_VBMI2 run_kind kind_of_run(const E* values, std::size_t n) noexcept {
  if constexpr (sizeof(E) == 1) return run_kind::short_values;
  using L = std::conditional_t<sizeof(E) == 1, std::int32_t, E>;  // (8-bit values left above)
  using N = std::conditional_t<std::is_signed_v<E>, std::int32_t, std::uint32_t>;
  constexpr bool is_signed = std::is_signed_v<E>;
  constexpr std::size_t lanes = 64 / sizeof(L);
  auto least = [](__m512i a, __m512i b) {
    if constexpr (sizeof(L) == 8) return is_signed ? _mm512_min_epi64(a, b) : _mm512_min_epu64(a, b);
    else if constexpr (sizeof(L) == 4) return is_signed ? _mm512_min_epi32(a, b) : _mm512_min_epu32(a, b);
    else return is_signed ? _mm512_min_epi16(a, b) : _mm512_min_epu16(a, b);
  };
  auto most = [](__m512i a, __m512i b) {
    if constexpr (sizeof(L) == 8) return is_signed ? _mm512_max_epi64(a, b) : _mm512_max_epu64(a, b);
    else if constexpr (sizeof(L) == 4) return is_signed ? _mm512_max_epi32(a, b) : _mm512_max_epu32(a, b);
    else return is_signed ? _mm512_max_epi16(a, b) : _mm512_max_epu16(a, b);
  };
  // Four chains of each: one would wait on the latency of every min and max.
  L low = std::numeric_limits<L>::max(), high = std::numeric_limits<L>::min();
  std::size_t i = 0;
  if (n >= 4 * lanes) {
    __m512i lows[4], highs[4];
    for (int c = 0; c < 4; ++c) lows[c] = highs[c] = _mm512_loadu_si512(values + c * lanes);
    for (i = 4 * lanes; i + 4 * lanes <= n; i += 4 * lanes)
      for (int c = 0; c < 4; ++c) {
        // The run after this one, ahead of its look (values streaming from memory, as in large joins).
        _mm_prefetch(reinterpret_cast<const char*>(values + n + i + c * lanes), _MM_HINT_T0);
        const __m512i v = _mm512_loadu_si512(values + i + c * lanes);
        lows[c] = least(lows[c], v), highs[c] = most(highs[c], v);
      }
    alignas(64) L l[lanes], h[lanes];
    _mm512_store_si512(l, least(least(lows[0], lows[1]), least(lows[2], lows[3])));
    _mm512_store_si512(h, most(most(highs[0], highs[1]), most(highs[2], highs[3])));
    for (std::size_t j = 0; j < lanes; ++j) low = std::min(low, l[j]), high = std::max(high, h[j]);
  }
  for (; i < n; ++i) low = std::min(low, L(values[i])), high = std::max(high, L(values[i]));
  if constexpr (is_signed) {
    if (low >= -short_max && high <= short_max) return run_kind::short_values;
    return std::int64_t(low) >= std::numeric_limits<N>::min() && std::int64_t(high) <= std::numeric_limits<N>::max()
               ? run_kind::narrow
               : run_kind::wide;
  } else {
    if (high <= L(short_max)) return run_kind::short_values;
    return std::uint64_t(high) <= std::numeric_limits<N>::max() ? run_kind::narrow : run_kind::wide;
  }
}

// Each 64-bit lane holds x < 10^8 in its low 52 bits: q + r * 2^32, its halves for ascii8_of_halves
// (q = x / 10^4, r = x - q * 10^4, as in slots32).
SIMDIGITS_VBMI2 inline u64s<arch> halves_of(__m512i x) noexcept {
  const __m512i q = quotient(x, 10000);
  return pair_halves(q, remainder(x, q, 10000));
}

// Converts 16 64-bit values into 32-byte slots (slot<32>) of four words: separator and sign, the top 4
// of 20 digits (as "0000dddd"), the next 8, the last 8. Two chains of eight values.
template <class E> struct slots64 {
  __m512i separator, minus;
  // From heads (first word and top digits of four values, as pairs of words) and tails (their other
  // 16 digits, as pairs): the whole slots of the first two values, and of the last two.
  __m512i slots01 = _mm512_set_epi64(11, 10, 3, 2, 9, 8, 1, 0);
  __m512i slots23 = _mm512_set_epi64(15, 14, 7, 6, 13, 12, 5, 4);

  explicit slots64(std::uint64_t separator_word)
      : separator(_mm512_set1_epi64(std::int64_t(separator_word))),
        minus(_mm512_set1_epi64(std::int64_t(slot<32>::minus))) {}

  SIMDIGITS_VBMI2 group_slots<4 * chains> operator()(const E* values) const noexcept {
    __m512i v[chains], first[chains], q[chains], top[chains], high[chains], low[chains];
    interleaved512 heads[chains], tails[chains];
    for (int k = 0; k < chains; ++k) {
      v[k] = _mm512_loadu_si512(values + 8 * k);
      first[k] = separator;
      if constexpr (std::is_signed_v<E>) {
        first[k] = _mm512_mask_xor_epi64(first[k], _mm512_movepi64_mask(v[k]), first[k], minus);
        v[k] = _mm512_abs_epi64(v[k]);  // INT64_MIN stays 2^63: its magnitude, unsigned
      }
    }
    for (int k = 0; k < chains; ++k) {
      const auto [quotient, remainder] = divmod_1e8<arch>(u64s<arch>(v[k]));
      q[k] = quotient, low[k] = remainder;
    }
    // q below 1.85e11: its top digits q / 10^8 = (q >> 8) / 390625, and the middle 8 (exact in their
    // low 52 bits).
    for (int k = 0; k < chains; ++k) {
      top[k] = quotient(_mm512_srli_epi64(q[k], 8), 390625);
      high[k] = remainder(q[k], top[k], 100000000);
    }
    // The top parts' 4 digits, both chains' in one 4+4 conversion (each is the half of a split
    // already), then each as "0000dddd" in its own lanes: the first chain's paired up above "0000",
    // the second's kept where they are, below it.
    static_assert(chains == 2);
    const u64s<arch> tops = ascii8_of_halves<arch>(pair_up(u64s<arch>(top[0]), u64s<arch>(top[1])));
    const u64s<arch> zeros(0x30303030);
    heads[0] = interleave(first[0], pair_up(zeros, tops));
    heads[1] = interleave(first[1], _mm512_mask_mov_epi32(tops, __mmask16(0x5555), zeros));
    for (int k = 0; k < chains; ++k)
      tails[k] = interleave(ascii8_of_halves<arch>(halves_of(high[k])), ascii8_of_halves<arch>(halves_of(low[k])));
    group_slots<4 * chains> slots;
    for (int k = 0; k < chains; ++k) {
      slots.x[4 * k] = _mm512_permutex2var_epi64(heads[k].first, slots01, tails[k].first);
      slots.x[4 * k + 1] = _mm512_permutex2var_epi64(heads[k].first, slots23, tails[k].first);
      slots.x[4 * k + 2] = _mm512_permutex2var_epi64(heads[k].second, slots01, tails[k].second);
      slots.x[4 * k + 3] = _mm512_permutex2var_epi64(heads[k].second, slots23, tails[k].second);
    }
    return slots;
  }
};

// Values a run at a time, each run in the narrowest slots that hold all of its values (kind_of_run)
// and its separator: short ones in slots_short, others up to 32 bits in slots32, 64-bit ones in slots64.
// One reduction a run decides, so mixed data stays branch-free, and one long value sends few short ones
// the long way. A run of the widest kind takes the next skipped_runs with it, unlooked at: columns of
// wide values pay for one look in skipped_runs + 1 (kernels and counts). 64-bit values that fit 32
// bits are read in place (widened16), not copied narrower first; the look brings a run into L1 just
// before the kernel reads it, and prefetches the next.
inline constexpr std::size_t run_length = 256;
inline constexpr std::size_t skipped_runs = 7;

template <class E, class Sep>
SIMDIGITS_VBMI2 std::size_t compress_groups(array_source<E>& src, std::size_t count, Sep sep, char*& p, char* end,
                                            line_sink* sink) noexcept {
  constexpr run_kind widest = sizeof(E) == 8 ? run_kind::wide : run_kind::narrow;
  // The narrowest kind whose slot holds the separator.
  const run_kind least = sep.size() <= slot<8>::sign    ? run_kind::short_values
                         : sep.size() <= slot<16>::sign ? run_kind::narrow
                         : sep.size() <= slot<32>::sign ? run_kind::wide
                                                        : run_kind(int(widest) + 1);
  if (least > widest) return groups<array_source<E>, Sep>(table_of<isa::avx512>())(src, count, sep, p, end, sink);
  // The separator word of each slot size that holds the separator (others are never used).
  auto word_for = [&](std::size_t sign) { return sep.size() <= sign ? separator_word(sep, sign) : 0; };
  const std::uint64_t separators[3] = {word_for(slot<8>::sign), word_for(slot<16>::sign), word_for(slot<32>::sign)};
  const slots_short<E> short_slots(separators[0]);
  const slots32<E> narrow_slots(separators[1]);
  const slots64<E> wide_slots(separators[2]);
  std::size_t done = 0;
  while (count - done >= 16) {
    std::size_t k = std::min(run_length, count - done);
    const run_kind kind = std::max(least, kind_of_run(src.p, k));
    if (kind == widest) k = std::min((skipped_runs + 1) * run_length, count - done);
    std::size_t written;
    if (kind == run_kind::short_values)
      written = put_pipelined<16, 8>(src, k, p, end, sink, separators[0], sep.size(), short_slots);
    else if (sizeof(E) < 8 || kind == run_kind::narrow)
      written = put_pipelined<16, 16>(src, k, p, end, sink, separators[1], sep.size(), narrow_slots);
    else
      written = put_pipelined<16, 32>(src, k, p, end, sink, separators[2], sep.size(), wide_slots);
    done += written;
    if (written < k) break;  // the room ran out, or the tail is shorter than a group
  }
  return done;
}

// The digits (signs included) of n short values at `values` (n a multiple of 16): 1, and 1 more at each
// of 10, 100, 1000 and for a '-'; three comparisons a value, where a count of any 32- or 64-bit value
// takes more.
template <class E> SIMDIGITS_VBMI2 std::size_t count_short(const E* values, std::size_t n) noexcept {
  const __m512i one = _mm512_set1_epi32(1);
  __m512i total = _mm512_setzero_si512();  // at most 4 a lane a round: runs are far too short to overflow
  for (std::size_t i = 0; i < n; i += 16) {
    __m512i v = widened16(values + i);
    total = _mm512_mask_add_epi32(total, to_magnitudes<E>(v), total, one);
    for (int power : {10, 100, 1000})
      total = _mm512_mask_add_epi32(total, _mm512_cmpge_epi32_mask(v, _mm512_set1_epi32(power)), total, one);
  }
  return n + std::size_t(_mm512_reduce_add_epi32(total));
}

// The digits of values[0, n) a run at a time (the table's count_fn): short runs by count_short, others,
// and the skipped_runs after them, by the avx512 table's count. Sets `done` to the values counted, a
// multiple of 16.
template <class E> SIMDIGITS_VBMI2 std::size_t count_by_runs(const E* values, std::size_t n, std::size_t& done) noexcept {
  const count_fn<E> any = std::get<count_fn<E>>(table_of<isa::avx512>().counts);
  std::size_t digits = 0, i = 0;
  for (std::size_t k; (k = std::min(run_length, n - i) / 16 * 16) != 0; i += k) {
    if (kind_of_run(values + i, k) == run_kind::short_values) {
      digits += count_short(values + i, k);
    } else {  // this run and the next skipped_runs (all k: a multiple of every lane count)
      k = std::min((skipped_runs + 1) * run_length, n - i) / 16 * 16;
      std::size_t counted = 0;
      digits += any(values + i, k, counted);
    }
  }
  done = i;
  return digits;
}

// Streamed ranges: blocks go to whole output lines straight from the block, not through the stage. The
// line being assembled is kept in a register; each 64 bytes of block text are rotated into place by one
// byte permute (VBMI) and a blend, so a line costs one non-temporal store and no copy. Falls back to
// the stage-writing kernel without a sink, or before the stage's first (partial) line is out.
[[gnu::target("avx512vbmi")]] char* emit_blocks_to_lines(char* out, std::uint8_t* block, std::size_t length,
                                                         std::size_t padded, const std::uint8_t* masks,
                                                         std::uint64_t prefix, std::size_t count,
                                                         line_sink* sink) noexcept {
  if (sink == nullptr || out < sink->from)
    return table_of<isa::avx512>().emit_blocks(out, block, length, padded, masks, prefix, count, sink);
  send_lines<arch>(sink, out);
  auto fill = std::size_t(out - sink->from);  // the bytes of the line being assembled, below 64
  __m512i line = _mm512_load_si512(sink->from);
  char* to = sink->to;
  const __m512i iota = _mm512_set_epi8(63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44,
                                       43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24,
                                       23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2,
                                       1, 0);
  for (std::size_t b = 0; b < count; ++b, ++prefix) {
    unsigned level = 0;
    for (std::uint64_t q = prefix; q % 10 == 9; q /= 10) ++level;
    const std::uint8_t* mask = masks + level * padded;
    // rotated[j] = text[(j - fill) % 64]: bytes from `fill` on continue the line, the others start the next.
    const __m512i rotation =
        _mm512_and_si512(_mm512_sub_epi8(iota, _mm512_set1_epi8(char(fill))), _mm512_set1_epi8(63));
    const __mmask64 continued = ~std::uint64_t(0) << fill;
    for (std::size_t i = 0; i < padded; i += 64) {
      const __m512i text = _mm512_load_si512(block + i);
      _mm512_store_si512(block + i, _mm512_add_epi8(text, _mm512_load_si512(mask + i)));
      const __m512i rotated = _mm512_permutexvar_epi8(rotation, text);
      const __m512i joined = _mm512_mask_blend_epi8(continued, line, rotated);
      const std::size_t bytes = std::min<std::size_t>(64, length - i);
      if (fill + bytes >= 64) {
        _mm512_stream_si512(reinterpret_cast<__m512i*>(to), joined);
        to += 64;
        line = rotated;
        fill = fill + bytes - 64;
      } else {
        line = joined;
        fill += bytes;
      }
    }
  }
  // The partial line goes back to the stage, where the next writer continues it.
  _mm512_store_si512(sink->from, line);
  sink->to = to;
  return sink->from + fill;
}

template <class E> constexpr groups_by_sep<array_source<E>> compress_for() noexcept {
  return {&compress_groups<E, no_separator>, &compress_groups<E, byte_separator>,
          &compress_groups<E, bytes_separator>};
}

template <class... E> void use_compress(table& t, type_list<E...>) noexcept {
  ((std::get<groups_by_sep<array_source<E>>>(t.groups) = compress_for<E>()), ...);
}

// Counts by runs for the types whose count of any value costs more than three comparisons a value.
template <class... E> void count_runs(table& t, type_list<E...>) noexcept {
  ((sizeof(E) >= 4 ? void(std::get<count_fn<E>>(t.counts) = &count_by_runs<E>) : void()), ...);
}

const table& vbmi2_table() noexcept {
  static const table t = [] {
    table u = table_of<isa::avx512>();
    use_compress(u, integer_types{});
    count_runs(u, integer_types{});
    u.emit_blocks = &emit_blocks_to_lines;
    return u;
  }();
  return t;
}

} // namespace

template <> const table& table_of<isa::avx512vbmi2>() noexcept { return vbmi2_table(); }

} // namespace simdigits::detail::simd

// simdigits — the one list of the integer types in memory that the batch functions take. Kept apart
// (it includes nothing of the formatting code) so that the kernel tables can derive from it too.
#pragma once

#include <cstdint>
#include <tuple>

namespace simdigits {

template <class... T> struct type_list {};

/// The element types of integers in memory, in the order of integer_type: the one list every kernel
/// table and every dispatch derives from.
using integer_types = type_list<std::int8_t, std::uint8_t, std::int16_t, std::uint16_t, std::int32_t,
                                std::uint32_t, std::int64_t, std::uint64_t>;

/// An element type of integer_types, named by sign and width.
enum class integer_type : std::uint8_t { i8, u8, i16, u16, i32, u32, i64, u64 };

namespace detail {
// std::tuple<F<T>...> for the types T of a type_list.
template <template <class> class F, class List> struct tuple_over;
template <template <class> class F, class... T> struct tuple_over<F, type_list<T...>> {
  using type = std::tuple<F<T>...>;
};
template <template <class> class F, class List = integer_types>
using tuple_over_t = typename tuple_over<F, List>::type;
} // namespace detail

} // namespace simdigits

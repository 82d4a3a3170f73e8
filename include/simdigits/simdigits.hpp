// simdigits — integers and floats to decimal text, fast. The one header to include.
//
// format.hpp    single values, header-only: digit_count, write, to_chars, max_chars
// floating.hpp  single floats, header-only: shortest digits in the styles of C++, Python, JSON
// sources.hpp   what batches read: integers in memory of any type and layout, ranges, lists of any size,
//               floats in memory
// batch.hpp     batches: join / formatted_length, concat_range / range_length, join_plan (memory, files at
//               offsets, pieces), Arrow string arrays, backends
// spec.hpp      format specs: Python's mini-language and printf conversions, parsed once
// table.hpp     tables as delimited text (CSV): integer, float and string columns, nulls, headers, quoting
// temporal.hpp  date, time and boolean columns of tables, in each peer's text or a strftime-style format
// arrow.hpp     Arrow's C stream interface read as table columns
#pragma once

#include "simdigits/arrow.hpp"
#include "simdigits/batch.hpp"
#include "simdigits/floating.hpp"
#include "simdigits/format.hpp"
#include "simdigits/sources.hpp"
#include "simdigits/spec.hpp"
#include "simdigits/table.hpp"
#include "simdigits/temporal.hpp"
#include "simdigits/version.hpp"

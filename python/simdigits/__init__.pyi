import os
from contextlib import AbstractContextManager
from typing import IO, Any, Callable, Iterable, Literal, Mapping, Sequence, SupportsIndex, overload

from typing_extensions import Buffer

__version__: str

_Values = Buffer | Iterable[SupportsIndex | float]

@overload
def concat_range(
    stop: SupportsIndex, /, *, sep: str = "", as_bytes: Literal[False] = False, threads: int | None = None, fmt: str | None = None
) -> str: ...
@overload
def concat_range(
    start: SupportsIndex, stop: SupportsIndex, step: SupportsIndex = 1, /, *, sep: str = "",
    as_bytes: Literal[False] = False, threads: int | None = None, fmt: str | None = None,
) -> str: ...
@overload
def concat_range(
    stop: SupportsIndex, /, *, sep: str | bytes = "", as_bytes: Literal[True], threads: int | None = None, fmt: str | None = None
) -> bytes: ...
@overload
def concat_range(
    start: SupportsIndex, stop: SupportsIndex, step: SupportsIndex = 1, /, *, sep: str | bytes = "",
    as_bytes: Literal[True], threads: int | None = None, fmt: str | None = None,
) -> bytes: ...
@overload
def range_length(stop: SupportsIndex, /, *, sep: str = "", fmt: str | None = None) -> int: ...
@overload
def range_length(
    start: SupportsIndex, stop: SupportsIndex, step: SupportsIndex = 1, /, *, sep: str = "", fmt: str | None = None
) -> int: ...
@overload
def join(
    values: _Values, sep: str = ",", *, as_bytes: Literal[False] = False, threads: int | None = None, fmt: str | None = None
) -> str: ...
@overload
def join(
    values: _Values, sep: str | bytes = ",", *, as_bytes: Literal[True], threads: int | None = None, fmt: str | None = None
) -> bytes: ...
def formatted_length(values: _Values, sep: str = ",", *, fmt: str | None = None) -> int: ...
def savetxt(
    fname: str | os.PathLike[str] | IO[str] | IO[bytes], X: Any, fmt: str | Sequence[str] = "%d", delimiter: str = " ",
    newline: str = "\n", header: str = "", footer: str = "", comments: str = "# ", encoding: str | None = None,
) -> None: ...
@overload
def to_csv(
    data: Any, path_or_buf: None = None, *, sep: str = ",", na_rep: str = "", header: bool | Sequence[str] = True,
    lineterminator: str = "\n", quotechar: str = '"', columns: Sequence[str] | None = None,
    fmt: str | Mapping[Any, str] | None = None, float_format: str | Callable[[float], str] | None = None,
    date_format: str | None = None, datetime_format: str | None = None, time_format: str | None = None,
    threads: int | None = None, progress: bool = False,
) -> str: ...
@overload
def to_csv(
    data: Any, path_or_buf: str | os.PathLike[str] | IO[str] | IO[bytes], *, sep: str = ",", na_rep: str = "",
    header: bool | Sequence[str] = True, lineterminator: str = "\n", quotechar: str = '"',
    columns: Sequence[str] | None = None, fmt: str | Mapping[Any, str] | None = None,
    float_format: str | Callable[[float], str] | None = None, date_format: str | None = None,
    datetime_format: str | None = None, time_format: str | None = None, threads: int | None = None,
    progress: bool = False,
) -> int: ...
def dumps_json(obj: Any) -> bytes: ...
def to_strings(values: _Values, fmt: str | None = None) -> list[str]: ...
def to_numpy_strings(values: _Values, dtype: str | Any = "U", fmt: str | None = None) -> Any: ...
def to_arrow(values: _Values | Any, fmt: str | None = None, large: bool | None = None) -> Any: ...
def backends() -> list[str]: ...
def get_backend() -> str: ...
def set_backend(name: str) -> None: ...
def use_backend(name: str) -> AbstractContextManager[str]: ...

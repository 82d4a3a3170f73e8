from contextlib import AbstractContextManager
from typing import Iterable, Literal, SupportsIndex, overload

from typing_extensions import Buffer

__version__: str

_Values = Buffer | Iterable[SupportsIndex]

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
def backends() -> list[str]: ...
def get_backend() -> str: ...
def set_backend(name: str) -> None: ...
def use_backend(name: str) -> AbstractContextManager[str]: ...

"""A snapshot's timeline columns of integers, stored as one array of 4-byte integers and read as they are.

Decoding 10,000 effective dates and the index's version numbers from JSON took ~2.5 ms on every load;
as arrays they load in one copy each. The recording times (``INSTANTS``) and effective dates (``DAYS``)
are read by index as the ISO strings a timeline compares, each built when read.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from base64 import b64decode, b64encode
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple, overload

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_INT32 = (-(2**31), 2**31 - 1)


class Codec(NamedTuple):
    """How a column's strings are held as integers: ``decode(encode(s)) == s`` for the strings it holds."""

    decode: Callable[[int], str]
    encode: Callable[[str], int]


class Encoded:
    """Strings by index held as integers (built by ``codec.decode`` when read); strings added after loading
    are kept as they are. Answers what a timeline asks of its columns of strings."""

    def __init__(self, numbers: array[int], codec: Codec, tail: list[str] | None = None) -> None:
        self._numbers, self._codec, self._tail = numbers, codec, tail or []

    def __len__(self) -> int:
        return len(self._numbers) + len(self._tail)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if index >= len(self._numbers):
            return self._tail[index - len(self._numbers)]
        if index < 0:
            raise IndexError(index)
        return self._codec.decode(self._numbers[index])

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))

    def append(self, value: str) -> None:
        self._tail.append(value)

    def pop(self) -> str:
        if self._tail:
            return self._tail.pop()
        return self._codec.decode(self._numbers.pop())

    def copy(self) -> Encoded:
        return Encoded(array(self._numbers.typecode, self._numbers), self._codec, list(self._tail))

    def numbers(self) -> list[int] | None:
        tail = encoded(self._tail, self._codec)
        return None if tail is None else [*self._numbers, *tail]


def encoded(values: Sequence[str], codec: Codec) -> list[int] | None:
    """``values`` as integers; None unless each comes back as the same string."""
    if isinstance(values, Encoded):
        return values.numbers()
    try:
        numbers = [codec.encode(v) for v in values]
    except ValueError:
        return None
    return numbers if all(codec.decode(n) == v for n, v in zip(numbers, values, strict=True)) else None


def _iso(micros: int) -> str:
    return (_EPOCH + _MICROSECOND * micros).isoformat()


def _micros(at: str) -> int:
    if not at.endswith("+00:00"):  # only UTC times come back as the same string
        raise ValueError(at)
    return (datetime.fromisoformat(at) - _EPOCH) // _MICROSECOND


INSTANTS = Codec(_iso, _micros)  # recording times as microseconds since the epoch (8-byte integers)
DAYS = Codec(lambda ordinal: date.fromordinal(ordinal).isoformat(), lambda day: date.fromisoformat(day).toordinal())


def packed(numbers: list[int], typecode: str = "q") -> str:
    values = array(typecode, numbers)
    if sys.byteorder == "big":  # stored little-endian
        values.byteswap()
    return b64encode(zlib.compress(values.tobytes(), 9)).decode("ascii")


def unpacked(stored: str, typecode: str = "q") -> array[int]:
    values = array(typecode)
    values.frombytes(zlib.decompress(b64decode(stored)))
    if sys.byteorder == "big":
        values.byteswap()
    return values


def fits(columns: Iterable[Sequence[int]]) -> bool:
    """Whether every number fits a 4-byte array."""
    return all(not column or (_INT32[0] <= min(column) and max(column) <= _INT32[1]) for column in columns)


def joined(columns: list[Sequence[int]]) -> tuple[str, list[int]]:
    """The columns as one packed array of 4-byte integers, and their lengths: a column of one repeated
    value (most flags and orders, often actors and decisions) is stored once, its length negated."""
    kept = [column[:1] if len(column) > 1 and min(column) == max(column) else column for column in columns]
    lengths = [-len(c) if len(k) < len(c) else len(c) for k, c in zip(kept, columns, strict=True)]
    return packed([n for column in kept for n in column], "i"), lengths


def split(stored: str, lengths: list[int]) -> Iterator[array[int]]:
    """The columns ``joined`` packed, each its own array."""
    whole, start = unpacked(stored, "i"), 0
    for length in lengths:
        if length < 0:
            yield whole[start : start + 1] * -length
            start += 1
        else:
            yield whole[start : start + length]
            start += length

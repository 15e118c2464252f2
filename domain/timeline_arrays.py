"""A snapshot's timeline columns of integers, stored as one array of 4-byte integers and read as they are.

Decoding 10,000 effective dates and the index's version numbers from JSON took ~2.5 ms on every load;
as arrays they load in one copy each. The recording times (``Instants``) and effective dates (``Days``)
are read by index as the ISO strings a timeline compares, each built when read.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from base64 import b64decode, b64encode
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, overload

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_INT32 = (-(2**31), 2**31 - 1)


class Encoded:
    """Strings by index held as integers (``_decode`` builds each when read); strings added after loading
    are kept as they are. Answers what a timeline asks of its columns of strings."""

    @staticmethod
    def _decode(number: int) -> str:
        raise NotImplementedError

    @staticmethod
    def _encode(value: str) -> int:
        raise NotImplementedError

    def __init__(self, numbers: array[int], tail: list[str] | None = None) -> None:
        self._numbers, self._tail = numbers, tail or []

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
        return type(self)._decode(self._numbers[index])

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))

    def append(self, value: str) -> None:
        self._tail.append(value)

    def pop(self) -> str:
        if self._tail:
            return self._tail.pop()
        return type(self)._decode(self._numbers.pop())

    def copy(self) -> Any:
        return type(self)(array(self._numbers.typecode, self._numbers), list(self._tail))

    def numbers(self) -> list[int] | None:
        tail = self.encoded(self._tail)
        return None if tail is None else [*self._numbers, *tail]

    @classmethod
    def encoded(cls, values: Sequence[str]) -> list[int] | None:
        """``values`` as integers; None unless each comes back as the same string."""
        if isinstance(values, Encoded):
            return values.numbers()
        try:
            numbers = [cls._encode(v) for v in values]
        except ValueError:
            return None
        return numbers if all(cls._decode(n) == v for n, v in zip(numbers, values, strict=True)) else None


def _iso(micros: int) -> str:
    return (_EPOCH + _MICROSECOND * micros).isoformat()


def _micros(at: str) -> int:
    if not at.endswith("+00:00"):  # only UTC times come back as the same string
        raise ValueError(at)
    return (datetime.fromisoformat(at) - _EPOCH) // _MICROSECOND


class Instants(Encoded):
    """Recording times as microseconds since the epoch (8-byte integers)."""

    @staticmethod
    def _decode(number: int) -> str:
        return _iso(number)

    @staticmethod
    def _encode(value: str) -> int:
        return _micros(value)


def _day(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


def _ordinal(day: str) -> int:
    return date.fromisoformat(day).toordinal()


class Days(Encoded):
    """Effective dates as their proleptic ordinals."""

    @staticmethod
    def _decode(number: int) -> str:
        return _day(number)

    @staticmethod
    def _encode(value: str) -> int:
        return _ordinal(value)


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

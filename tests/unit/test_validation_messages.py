"""Request validation errors are told in Danish, one sentence per pydantic error type, with a plain fallback."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from api.http.validation import FALLBACK, danish_message, field_errors


class Cadence(Enum):
    NETWORK = "netvaerksmoede"
    THEME = "temamoede"


class Period(BaseModel):
    start: dt.date


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=2, max_length=5)
    count: int = Field(default=1, gt=0, le=10)
    share: float = Field(default=0.5, ge=0, lt=1)
    cadence: Cadence = Cadence.NETWORK
    role: Literal["koordinator", "revisor"] = "revisor"
    period: Period | None = None


def errors_of(data: Any) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as caught:
        Body.model_validate(data)
    return [dict(e) for e in caught.value.errors()]


def message_for(data: Any, field: str) -> str:
    found = {".".join(str(p) for p in e["loc"]): danish_message(e) for e in errors_of(data)}
    return found[field]


def test_a_missing_field_is_named_as_one_to_fill_in() -> None:
    assert message_for({}, "title") == "Feltet skal udfyldes."


def test_text_length_limits_are_told_with_the_limit() -> None:
    assert message_for({"title": "a"}, "title") == "Teksten skal være mindst 2 tegn."
    assert message_for({"title": "abcdefg"}, "title") == "Teksten må højst være 5 tegn."


def test_numbers_that_do_not_parse_or_break_a_bound_are_told_in_danish() -> None:
    assert message_for({"title": "ab", "count": "tre"}, "count") == "Værdien skal være et heltal."
    assert message_for({"title": "ab", "share": "halv"}, "share") == "Værdien skal være et tal."
    assert message_for({"title": "ab", "count": 0}, "count") == "Værdien skal være større end 0."
    assert message_for({"title": "ab", "count": 11}, "count") == "Værdien må højst være 10."
    assert message_for({"title": "ab", "share": -1}, "share") == "Værdien skal være mindst 0."
    assert message_for({"title": "ab", "share": 1}, "share") == "Værdien skal være mindre end 1."


def test_a_decimal_bound_is_written_with_a_danish_comma() -> None:
    error = {"type": "less_than_equal", "loc": ("query", "share"), "ctx": {"le": 2.5}}
    assert danish_message(error) == "Værdien må højst være 2,5."


def test_a_bad_date_asks_for_the_danish_iso_form() -> None:
    message = message_for({"title": "ab", "period": {"start": "ikke-dato"}}, "period.start")
    assert message == "Værdien er ikke en gyldig dato; brug ÅÅÅÅ-MM-DD."


def test_enum_and_literal_values_list_what_is_allowed_with_eller() -> None:
    cadence = message_for({"title": "ab", "cadence": "fest"}, "cadence")
    role = message_for({"title": "ab", "role": "chef"}, "role")
    assert cadence == "Værdien skal være en af: 'netvaerksmoede' eller 'temamoede'."
    assert role == "Værdien skal være en af: 'koordinator' eller 'revisor'."


def test_an_unknown_field_is_refused_in_danish() -> None:
    assert message_for({"title": "ab", "farve": "blå"}, "farve") == "Feltet kendes ikke og må ikke sendes med."


def test_broken_json_is_told_as_such() -> None:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(Body).validate_json('{"title": ')
    (error,) = caught.value.errors()
    assert danish_message(error).startswith("Brødteksten er ikke gyldig JSON (")


def test_an_error_type_without_a_translation_gets_the_danish_fallback() -> None:
    assert danish_message({"type": "some_future_type", "loc": ("body", "x"), "msg": "English"}) == FALLBACK
    assert FALLBACK == "Værdien er ugyldig."


def test_a_sentence_whose_context_is_missing_falls_back_rather_than_fail() -> None:
    assert danish_message({"type": "string_too_long", "loc": ("query", "q")}) == FALLBACK


def test_field_errors_name_location_and_field_path_apart() -> None:
    query = {"type": "date_parsing", "loc": ("query", "as_of"), "msg": "Input should be a valid date"}
    body = errors_of({"title": "ab", "period": {"start": "x"}})[0] | {"loc": ("body", "period", "start")}
    found = field_errors([query, body])
    assert [(e["location"], e["field"], e["type"]) for e in found] == [
        ("query", "as_of", "date_parsing"),
        ("body", "period.start", "date_from_datetime_parsing"),
    ]
    assert all("Input should" not in e["message"] for e in found)

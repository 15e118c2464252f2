"""Danish words for pydantic's validation errors: one message per error type, a plain fallback for the rest.

A 422 names each bad field with where it was (body, query, path, header, cookie), the field's path inside that
place, and a Danish sentence a person can act on. pydantic's own English ``msg`` is not passed on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

_LOCATIONS = ("body", "query", "path", "header", "cookie")

# {name} in a message is filled from pydantic's ctx for that error (min_length, gt, expected, ...).
_MESSAGES: dict[str, str] = {
    "missing": "Feltet skal udfyldes.",
    "missing_argument": "Feltet skal udfyldes.",
    "extra_forbidden": "Feltet kendes ikke og må ikke sendes med.",
    "json_invalid": "Brødteksten er ikke gyldig JSON ({error}).",
    "json_type": "Værdien skal være JSON.",
    "string_type": "Værdien skal være en tekst.",
    "string_too_short": "Teksten skal være mindst {min_length} tegn.",
    "string_too_long": "Teksten må højst være {max_length} tegn.",
    "string_pattern_mismatch": "Teksten har ikke den tilladte form ({pattern}).",
    "int_type": "Værdien skal være et heltal.",
    "int_parsing": "Værdien skal være et heltal.",
    "int_from_float": "Værdien skal være et heltal uden decimaler.",
    "float_type": "Værdien skal være et tal.",
    "float_parsing": "Værdien skal være et tal.",
    "decimal_type": "Værdien skal være et tal.",
    "decimal_parsing": "Værdien skal være et tal.",
    "bool_type": "Værdien skal være sand eller falsk.",
    "bool_parsing": "Værdien skal være sand eller falsk (true/false).",
    "greater_than": "Værdien skal være større end {gt}.",
    "greater_than_equal": "Værdien skal være mindst {ge}.",
    "less_than": "Værdien skal være mindre end {lt}.",
    "less_than_equal": "Værdien må højst være {le}.",
    "multiple_of": "Værdien skal gå op i {multiple_of}.",
    "finite_number": "Værdien skal være et endeligt tal.",
    "date_type": "Værdien skal være en dato (ÅÅÅÅ-MM-DD).",
    "date_parsing": "Værdien er ikke en gyldig dato; brug ÅÅÅÅ-MM-DD.",
    "date_from_datetime_parsing": "Værdien er ikke en gyldig dato; brug ÅÅÅÅ-MM-DD.",
    "date_from_datetime_inexact": "Datoen må ikke have et klokkeslæt; brug ÅÅÅÅ-MM-DD.",
    "datetime_type": "Værdien skal være et tidspunkt (ÅÅÅÅ-MM-DDTTT:MM:SS).",
    "datetime_parsing": "Værdien er ikke et gyldigt tidspunkt; brug ÅÅÅÅ-MM-DDTTT:MM:SS.",
    "datetime_from_date_parsing": "Værdien er ikke et gyldigt tidspunkt; brug ÅÅÅÅ-MM-DDTTT:MM:SS.",
    "timezone_aware": "Tidspunktet skal have en tidszone (fx +01:00).",
    "time_parsing": "Værdien er ikke et gyldigt klokkeslæt; brug TT:MM.",
    "enum": "Værdien skal være en af: {expected}.",
    "literal_error": "Værdien skal være en af: {expected}.",
    "list_type": "Værdien skal være en liste.",
    "tuple_type": "Værdien skal være en liste.",
    "set_type": "Værdien skal være en liste uden gentagelser.",
    "dict_type": "Værdien skal være et objekt.",
    "model_type": "Værdien skal være et objekt.",
    "model_attributes_type": "Værdien skal være et objekt.",
    "too_short": "Der skal være mindst {min_length} element(er).",
    "too_long": "Der må højst være {max_length} element(er).",
    "uuid_type": "Værdien skal være et UUID.",
    "uuid_parsing": "Værdien er ikke et gyldigt UUID.",
    "url_parsing": "Værdien er ikke en gyldig adresse (URL).",
    "value_error": "Værdien er ugyldig: {error}",
    "assertion_error": "Værdien er ugyldig: {error}",
}
FALLBACK = "Værdien er ugyldig."


def danish_message(error: Mapping[str, Any]) -> str:
    """The Danish sentence for one pydantic error (a ``RequestValidationError.errors()`` item)."""
    template = _MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return FALLBACK
    context = {key: _shown(value) for key, value in (error.get("ctx") or {}).items()}
    try:
        return template.format(**context)
    except (KeyError, IndexError, ValueError):  # the ctx lacks a value the sentence needs
        return FALLBACK


def _shown(value: Any) -> str:
    """A ctx value as a person reads it: Danish decimal comma; pydantic's 'or' in enum/literal lists is 'eller'."""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value).replace(" or ", " eller ")


def field_errors(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Each error as location, field (dotted path inside that location), Danish message and pydantic's type."""
    found = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        location = loc[0] if loc and loc[0] in _LOCATIONS else ""
        path = loc[1:] if location else loc
        field = ".".join(path)
        found.append(
            {
                "location": location or "body",
                "field": field,
                "message": danish_message(error),
                "type": str(error.get("type", "")),
            }
        )
    return found

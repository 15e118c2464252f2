"""Landsbyggefonden's funding programmes and the focus areas each allows (``contracts/catalogue/programmes.yaml``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field

from domain.terms.values import Items, Key, Period, Term, Text
from domain.terms.yaml_reader import parse_yaml, read_source

CATALOGUE = Path(__file__).resolve().parents[1] / "contracts" / "catalogue" / "programmes.yaml"


class Programme(Term):
    key: Key
    name: Text
    period: Period
    focus_areas: Items[Text] = Field(default_factory=list)


class Programmes(Term):
    programmes: Items[Programme]


@cache
def programmes(path: Path = CATALOGUE) -> dict[str, Programme]:
    """The programmes by key, as the catalogue file lists them."""
    document = parse_yaml(read_source(path))
    return {p.key: p for p in Programmes.model_validate(document).programmes}

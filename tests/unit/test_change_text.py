"""The forum's words for every kind of change of the terms: one Danish line per meaningful change."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from domain.change_text import ChangeLine, describe_changes
from domain.terms import ContractTerms
from domain.versions import flatten
from tests.conftest import AMAGER, contract_file

Edit = Callable[[dict[str, Any]], None]
RAW_PATH = re.compile(r"\b[a-z_]+\.[a-z0-9-]+\.[a-z_]+")  # plans.urbanplanen.budget_frame ...
ORE = re.compile(r"\b\d{5,}\b")  # an amount in øre: 50000000


def changed(edit: Edit) -> list[ChangeLine]:
    """Given the Amager terms, when ``edit`` changes them, then these lines describe the change."""
    before = contract_file(AMAGER).terms()
    data = before.model_dump(mode="json")
    edit(data)
    return describe_changes(flatten(before), flatten(ContractTerms.model_validate(data)))


def activity(data: dict[str, Any], key: str) -> dict[str, Any]:
    return next(a for a in data["activities"] if a["key"] == key)


def cadence(data: dict[str, Any], key: str) -> dict[str, Any]:
    return next(c for a in data["activities"] for c in a["cadences"] if c["key"] == key)


def plan(data: dict[str, Any], key: str) -> dict[str, Any]:
    return next(p for p in data["plans"] if p["key"] == key)


def texts(lines: list[ChangeLine]) -> list[str]:
    return [line.text for line in lines]


def test_a_changed_number_of_meetings_a_year_is_one_line_with_both_rules() -> None:
    def four_a_year(data: dict[str, Any]) -> None:
        cadence(data, "netvaerksmoede")["frequency"]["times"] = 4

    assert texts(changed(four_a_year)) == ["Netværksmøde i det lokale praksisnetværk: 3 → 4 gange årligt"]


def test_a_changed_kind_of_schedule_names_both_rules_in_danish() -> None:
    def as_needed(data: dict[str, Any]) -> None:
        cadence(data, "netvaerksmoede")["frequency"] = {"kind": "every", "interval": 2, "unit": "months"}

    [line] = changed(as_needed)
    assert line.text == "Netværksmøde i det lokale praksisnetværk: 3 gange årligt → hver 2. måned"
    assert line.kind == "changed" and len(line.paths) == 4  # kind changed, interval and unit set, times removed


def test_an_allocation_added_is_one_line_in_danish_kroner() -> None:
    def allocate(data: dict[str, Any]) -> None:
        plan(data, "urbanplanen")["budget_frame"]["allocations"] = [
            {"activity": "praksisnetvaerk", "amount": 50_000_000}
        ]

    [line] = changed(allocate)
    assert line.kind == "added"
    assert line.text == (
        "Fordeling, Den boligsociale helhedsplan Urbanplanen, "
        "Professionelt praksisnetværk og temamøder omkring udsatte borgere: 500.000,00 kr. tilføjet"
    )


def test_a_changed_budget_frame_reads_as_kroner_before_and_after() -> None:
    def raise_frame(data: dict[str, Any]) -> None:
        plan(data, "urbanplanen")["budget_frame"]["total"] = 310_000_050

    assert texts(changed(raise_frame)) == [
        "Den boligsociale helhedsplan Urbanplanen, budgetramme: 3.038.447,00 kr. → 3.100.000,50 kr."
    ]


def test_removing_an_activity_is_one_line_not_one_per_field() -> None:
    def remove(data: dict[str, Any]) -> None:
        data["activities"] = [a for a in data["activities"] if a["key"] != "kontaktpersonsordning"]
        for p in data["plans"]:  # nothing may refer to it any more
            allocations = p["budget_frame"]["allocations"]
            p["budget_frame"]["allocations"] = [x for x in allocations if x["activity"] != "kontaktpersonsordning"]
        data["goals"] = [g for g in data["goals"] if g.get("activity") != "kontaktpersonsordning"]

    lines = [line for line in changed(remove) if line.subject == "Styrket kontaktpersonsordning"]
    assert [(line.kind, line.text) for line in lines] == [
        ("removed", "Aktivitet «Styrket kontaktpersonsordning»: fjernet")
    ]
    assert len(lines[0].paths) > 10  # every field of it, in one line


def test_an_added_cadence_names_its_rule() -> None:
    def add(data: dict[str, Any]) -> None:
        activity(data, "praksisnetvaerk")["cadences"].append(
            {
                "key": "kvartalsmoede",
                "name": "Kvartalsmøde",
                "frequency": {"kind": "per_year", "times": 4},
                "conveners": ["sof"],
            }
        )

    assert texts(changed(add)) == ["Mødekadence «Kvartalsmøde»: (4 gange årligt) tilføjet"]


def test_parties_in_a_list_are_named_and_only_the_difference_is_told() -> None:
    def add_convener(data: dict[str, Any]) -> None:
        cadence(data, "netvaerksmoede")["conveners"].append("3b")

    assert texts(changed(add_convener)) == ["Netværksmøde i det lokale praksisnetværk, indkaldere: 3B tilføjet"]


def test_a_funder_share_and_a_period_end_read_as_percent_and_danish_dates() -> None:
    def shares(data: dict[str, Any]) -> None:
        frame = plan(data, "urbanplanen")["budget_frame"]
        frame["funders"] = [
            {"funder": "lbf", "percent": "70"},
            {"funder": "municipality", "percent": "17.5"},
            {"funder": "housing_organisations", "percent": "12.5"},
        ]
        data["period"]["end"] = "2018-06-30"

    result = texts(changed(shares))
    assert "Periodens slut: 31.12.2017 → 30.06.2018" in result
    assert "Finansiering, Den boligsociale helhedsplan Urbanplanen, Landsbyggefonden: 75 % → 70 %" in result
    assert "Finansiering, Den boligsociale helhedsplan Urbanplanen, Kommunen: 12,5 % → 17,5 %" in result


def test_a_long_text_changed_is_told_by_its_new_wording() -> None:
    def reword(data: dict[str, Any]) -> None:
        activity(data, "praksisnetvaerk")["purpose"] = "Et nyt formål " * 10

    [line] = changed(reword)
    assert line.text.startswith(
        "Professionelt praksisnetværk og temamøder omkring udsatte borgere, formål: ændret til «Et nyt formål"
    )


def test_a_duty_whose_schedule_changes_is_named_by_its_party_and_description() -> None:
    def schedule(data: dict[str, Any]) -> None:
        duty = activity(data, "praksisnetvaerk")["responsibilities"][0]
        duty["schedule"] = {"kind": "once", "by": "2015-06-30"}

    [line] = changed(schedule)
    assert line.subject.startswith("Ansvar, 3B, ")
    assert line.text.endswith(": løbende → én gang, senest 30.06.2015")


def test_an_indicator_target_set_is_one_line_naming_the_indicator() -> None:
    def target(data: dict[str, Any]) -> None:
        data["goals"][0]["indicators"][0]["target"] = "30"

    assert texts(changed(target)) == [
        "Antal udsættelser i de almene boligafdelinger på Amager, målsætning: 30 tilføjet"
    ]


def test_a_changed_title_names_the_field() -> None:
    def retitle(data: dict[str, Any]) -> None:
        data["title"] = "Ny titel"

    [line] = changed(retitle)
    assert line.text.startswith("Titel: Kontrakt") and line.text.endswith("→ Ny titel")


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: cadence(d, "netvaerksmoede")["frequency"].update(times=4),
        lambda d: plan(d, "urbanplanen")["budget_frame"].update(total=1_234_567_89),
        lambda d: plan(d, "urbanplanen")["budget_frame"].update(allocations=[]),
        lambda d: d.update(activities=d["activities"][:1], goals=[]),
    ],
    ids=["cadence", "frame", "allocations-removed", "activities-removed"],
)
def test_no_line_shows_a_raw_path_or_an_amount_in_ore(edit: Edit) -> None:
    for line in changed(edit):
        assert not RAW_PATH.search(line.text), line.text
        assert not ORE.search(line.text), line.text


def test_unchanged_terms_have_no_lines() -> None:
    assert changed(lambda data: None) == []

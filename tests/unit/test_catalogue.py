"""Activity types and target groups come from the catalogue files; a contract naming others is refused by line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from domain.catalogue import CATALOGUE_DIR, AgeBand, catalogue, load_catalogue
from domain.terms import load_contract_file
from domain.terms.files import ContractFileError
from tests.conftest import AMAGER, EXAMPLE
from tests.integration.test_contract_file_errors import edited_copy, line_of, problems_of

BRANDKADET = "    type: praksisnetvaerk  # interpretation 15\n"


def test_the_shipped_catalogue_holds_the_seeds_activity_types_and_age_bands() -> None:
    shipped = catalogue()

    expected = {"lektiecafe", "social-vicevaert", "brandkadet", "bydelsmoedre", "familieguide",
                "uddannelses-og-beskaeftigelsescoach", "beboerambassadoerer"}  # fmt: skip
    assert expected <= set(shipped.types)
    assert shipped.types["brandkadet"].target_groups == ["unge-13-17"]
    ages = shipped.groups["unge-13-17"].ages
    assert ages is not None and ages.text() == "13–17 år"
    assert shipped.group_name("unge-18-25") == "Unge 18–25 år"


def test_the_amager_activities_are_recorded_with_their_types_and_target_groups() -> None:
    activities = load_contract_file(AMAGER).activities

    assert [(a.type, a.target_groups) for a in activities] == [
        ("praksisnetvaerk", ["fagpersoner", "udsatte-beboere"]),
        ("kontaktpersonsordning", ["udsatte-beboere"]),
        ("brobygning-socialpsykiatri", ["psykisk-saarbare"]),
    ]
    assert {a.type for a in load_contract_file(EXAMPLE).activities} == {"social-vicevaert"}


def test_an_unknown_type_or_target_group_is_named_by_file_line_and_field(tmp_path: Path) -> None:
    wrong = "    type: lektiecafee\n    target_groups: [unge-13-18]\n"
    path, text = edited_copy(tmp_path, BRANDKADET + "    target_groups: [fagpersoner, udsatte-beboere]\n", wrong)

    problems = problems_of(path)

    line = line_of(text, "    type: lektiecafee")
    assert [(p.line, p.field) for p in problems] == [
        (line, "activities[0].type"),
        (line + 1, "activities[0].target_groups[0]"),
    ]
    assert "ukendt aktivitetstype 'lektiecafee'" in problems[0].message
    assert "ukendt målgruppe 'unge-13-18'" in problems[1].message


def test_a_type_added_to_the_catalogue_file_is_known_and_a_broken_one_is_refused_by_line(tmp_path: Path) -> None:
    shutil.copytree(CATALOGUE_DIR, tmp_path, dirs_exist_ok=True)
    types = tmp_path / "activity_types.yaml"
    types.write_text(
        types.read_text(encoding="utf-8") + "  - key: rapskole\n    name: Rapskole\n    target_groups: [unge-13-17]\n",
        encoding="utf-8",
    )
    extended = load_catalogue(tmp_path)
    types.write_text(types.read_text(encoding="utf-8").replace("[unge-13-17]\n", "[unge-99]\n"), encoding="utf-8")

    with pytest.raises(ContractFileError) as raised:
        load_catalogue(tmp_path)

    assert extended.type_name("rapskole") == "Rapskole"
    problem = raised.value.problems[-1]
    assert str(types) in str(raised.value) and problem.field.endswith(".target_groups[0]")
    assert problem.line == len(types.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(
    ("band", "text"), [({"min": 13, "max": 17}, "13–17 år"), ({"min": 65}, "over 65 år"), ({}, "alle aldre")]
)
def test_an_age_band_reads_as_a_danish_range(band: dict[str, int], text: str) -> None:
    assert AgeBand.model_validate(band).text() == text


def test_an_age_band_whose_upper_end_lies_below_its_lower_is_refused() -> None:
    with pytest.raises(ValueError, match="øvre grænse"):
        AgeBand.model_validate({"min": 18, "max": 13})

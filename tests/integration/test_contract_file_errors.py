"""A bad contract file is reported by file, line and field, and `forum import` then writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from api.cli.main import app
from domain.terms import ContractFile
from domain.terms.files import ContractFileError, FileProblem, load_contract_file
from domain.tracker import Tracker
from tests.conftest import AMAGER, EXAMPLE, TODAY

# --- editing a copy of a real contract file ------------------------------------------


def edited_copy(
    folder: Path, old: str, new: str, name: str = "kontrakt.yaml", source: Path = AMAGER
) -> tuple[Path, str]:
    """A copy of ``source`` in ``folder`` with the one occurrence of ``old`` replaced by ``new``."""
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur exactly once in {source.name}"
    edited = text.replace(old, new)
    path = folder / name
    path.write_text(edited, encoding="utf-8")
    return path, edited


def line_of(text: str, fragment: str) -> int:
    """The 1-based line on which ``fragment`` (occurring once) starts."""
    assert text.count(fragment) == 1, f"{fragment!r} must occur exactly once"
    return text[: text.index(fragment)].count("\n") + 1


def problems_of(path: Path) -> list[FileProblem]:
    with pytest.raises(ContractFileError) as raised:
        load_contract_file(path)
    return raised.value.problems


@pytest.fixture(scope="module")
def amager() -> ContractFile:
    """The unedited Amager contract, used to find an entry's index by its key."""
    return load_contract_file(AMAGER)


def activity_index(contract: ContractFile, key: str) -> int:
    return [a.key for a in contract.activities].index(key)


def responsibility_index(contract: ContractFile, activity: str, key: str) -> int:
    return [r.key for r in contract.activities[activity_index(contract, activity)].responsibilities].index(key)


# --- the loader: every problem names its line and field ------------------------------


def test_a_badly_indented_line_is_reported_as_a_yaml_error_on_that_line(tmp_path: Path) -> None:
    # Given the contract's end date indented one space too far under `period`
    bad = '   end: 2017-12-31  # "gennemføres i perioden 2014-17"'
    path, text = edited_copy(tmp_path, '  end: 2017-12-31  # "gennemføres i perioden 2014-17"', bad)

    # When the file is loaded
    problems = problems_of(path)

    # Then the one problem is a YAML syntax error on the mis-indented line
    assert [(p.line, p.field) for p in problems] == [(line_of(text, bad), "(YAML)")]
    assert "syntaksfejl" in problems[0].message


def test_an_unclosed_quote_is_reported_as_a_yaml_error_on_the_line_where_the_quote_opens(
    tmp_path: Path,
) -> None:
    # Given the last goal's text opened with a double quote that is never closed
    old = "    text: Forbedre beboernes muligheder for at bo 'hensigtsmæssigt'."
    bad = "    text: \"Forbedre beboernes muligheder for at bo 'hensigtsmæssigt'."
    path, text = edited_copy(tmp_path, old, bad)

    # When the file is loaded
    problems = problems_of(path)

    # Then the YAML error points at the line with the opening quote, a line that exists in the file
    assert [(p.line, p.field) for p in problems] == [(line_of(text, bad), "(YAML)")]
    assert problems[0].line <= len(text.splitlines())


@pytest.mark.parametrize("negative", ['"-5 kr."', "-5"], ids=["danish-text", "number"])
def test_a_negative_budget_total_is_reported_on_its_total_line(
    tmp_path: Path, amager: ContractFile, negative: str
) -> None:
    # Given the Urbanplanen plan's budget frame with a negative total
    bad = f"      total: {negative}\n"
    path, text = edited_copy(tmp_path, '      total: "3.038.447,- kr."\n', bad)
    i = [p.key for p in amager.plans].index("urbanplanen")

    # When the file is loaded
    problems = problems_of(path)

    # Then the plan's budget total is named, on its line, as negative
    assert [(p.line, p.field) for p in problems] == [(line_of(text, bad), f"plans[{i}].budget_frame.total")]
    assert "negativ" in problems[0].message


def test_an_unknown_cadence_kind_is_reported_on_the_frequency_line(tmp_path: Path, amager: ContractFile) -> None:
    # Given the network meeting's frequency written with a kind that does not exist
    bad = "frequency: {kind: per_month, times: 3}"
    path, text = edited_copy(tmp_path, "frequency: {kind: per_year, times: 3}", bad)
    i = activity_index(amager, "praksisnetvaerk")
    j = [c.key for c in amager.activities[i].cadences].index("netvaerksmoede")

    # When the file is loaded
    problems = problems_of(path)

    # Then the cadence's frequency field is named, on its line, with the unknown kind
    assert [(p.line, p.field) for p in problems] == [(line_of(text, bad), f"activities[{i}].cadences[{j}].frequency")]
    assert "ukendt type 'per_month'" in problems[0].message


@pytest.mark.parametrize(
    ("good", "bad", "lines_below", "field", "message"),
    [
        # SOF's duty to call the network meetings assigned to a party 'sofx' that is not in the contract:
        # the responsibility's party field is named, on the line that says 'sofx'
        pytest.param(
            "- key: sof-indkalde-netvaerksmoede\n        party: sof\n",
            "- key: sof-indkalde-netvaerksmoede\n        party: sofx\n",
            1,
            "party",
            "ukendt part 'sofx'",
            id="a responsibility of an unknown party is reported on its party line",
        ),
        # SOF's convene duty pointing at a meeting cadence key that no activity defines: the schedule's
        # cadence field is named, on its line, as an unknown meeting cadence
        pytest.param(
            "schedule: {kind: convene, cadence: netvaerksmoede}",
            "schedule: {kind: convene, cadence: moede-der-ikke-findes}",
            0,
            "schedule.cadence",
            "ukendt mødekadence 'moede-der-ikke-findes'",
            id="a duty to convene a cadence that does not exist is reported on its cadence line",
        ),
    ],
)
def test_a_wrong_field_of_sofs_duty_to_call_the_network_meetings_is_reported_on_its_line(
    tmp_path: Path, amager: ContractFile, good: str, bad: str, lines_below: int, field: str, message: str
) -> None:
    # Given SOF's duty to call the network meetings with one field edited
    path, text = edited_copy(tmp_path, good, bad)
    i = activity_index(amager, "praksisnetvaerk")
    j = responsibility_index(amager, "praksisnetvaerk", "sof-indkalde-netvaerksmoede")

    # When the file is loaded
    problems = problems_of(path)

    # Then the field is named, on the bad line, with what is wrong
    assert [(p.line, p.field) for p in problems] == [
        (line_of(text, bad) + lines_below, f"activities[{i}].responsibilities[{j}].{field}")
    ]
    assert message in problems[0].message


def test_a_missing_title_is_reported_at_the_start_of_the_contract(tmp_path: Path) -> None:
    # Given the contract with its title line deleted
    title = 'title: "Kontrakt – Samarbejde om koordineret boligsocial indsats, Amager, Udsatte grupper"\n'
    path, text = edited_copy(tmp_path, title, "")

    # When the file is loaded
    problems = problems_of(path)

    # Then the title is reported missing, on the line where the contract's fields begin
    assert [(p.line, p.field, p.message) for p in problems] == [
        (line_of(text, "\nkey: amager-udsatte-grupper-2013\n") + 1, "title", "feltet mangler")
    ]


def test_an_unknown_field_is_reported_on_its_own_line(tmp_path: Path, amager: ContractFile) -> None:
    # Given Socialforvaltningen's party entry with a field the format does not know
    bad = "    forkortelse: SOF\n"
    path, text = edited_copy(tmp_path, "    name: Socialforvaltningen\n", "    name: Socialforvaltningen\n" + bad)
    i = [p.key for p in amager.parties].index("sof")

    # When the file is loaded
    problems = problems_of(path)

    # Then the extra field is named, on its line, as unknown
    assert [(p.line, p.field, p.message) for p in problems] == [
        (line_of(text, bad), f"parties[{i}].forkortelse", "ukendt felt")
    ]


def test_the_error_text_begins_with_the_file_path_and_line(tmp_path: Path) -> None:
    # Given a contract file with a negative budget total
    bad = '      total: "-5 kr."\n'
    path, text = edited_copy(tmp_path, '      total: "3.038.447,- kr."\n', bad)

    # When the file is loaded
    with pytest.raises(ContractFileError) as raised:
        load_contract_file(path)

    # Then the message reads "file:line: field: message", as editors and CI logs expect
    message = str(raised.value)
    assert message.startswith(f"{path}:")
    assert f"{path}:{line_of(text, bad)}: " in message


# --- `forum import`: nothing is written unless every file is sound --------------------


@pytest.fixture
def forum(cli_env: None) -> CliRunner:
    """The `forum` command line, configured through the environment to use the test's store."""
    return CliRunner()


def stderr_of(result: Result) -> str:
    try:
        return result.stderr
    except ValueError:  # older Click mixes stderr into output
        return result.output


def position(store: dict[str, str]) -> tuple[int, list[str]]:
    """The store's last notification id (0 when empty) and its contract keys."""
    tracker = Tracker(store, clock=lambda: TODAY)
    try:
        return tracker.recorder.max_notification_id() or 0, tracker.contract_keys()
    finally:
        tracker.close()


def test_import_of_a_folder_with_one_bad_file_writes_nothing_and_names_the_bad_line(
    forum: CliRunner, store: dict[str, str], tmp_path: Path
) -> None:
    # Given a folder whose first file (by name) is the sound Amager contract
    # and whose second is the example contract with a negative budget total
    folder = tmp_path / "kontrakter"
    folder.mkdir()
    (folder / "a-amager.yaml").write_text(AMAGER.read_text(encoding="utf-8"), encoding="utf-8")
    bad = '      total: "-5 kr."  # example amount\n'
    bad_path, text = edited_copy(
        folder, '      total: "2.400.000,- kr."  # example amount\n', bad, "b-eksempel.yaml", source=EXAMPLE
    )

    i = [p.budget_frame.total for p in load_contract_file(EXAMPLE).plans].index(2_400_000_00)

    # When the folder is imported
    result = forum.invoke(app, ["import", str(folder)])

    # Then the command fails, names the bad file's line and field, and the store is still empty
    assert result.exit_code != 0
    stderr = stderr_of(result)
    assert f"{bad_path}:{line_of(text, bad)}: plans[{i}].budget_frame.total: " in stderr
    assert "negativ" in stderr
    assert "a-amager.yaml:" not in stderr
    assert position(store) == (0, [])


def test_a_bad_revision_of_an_imported_contract_writes_nothing(
    forum: CliRunner, store: dict[str, str], tmp_path: Path
) -> None:
    # Given the Amager contract imported through the command line
    first = forum.invoke(app, ["import", str(AMAGER)])
    assert first.exit_code == 0, stderr_of(first)
    before = position(store)
    assert before[0] > 0 and before[1] == ["amager-udsatte-grupper-2013"]

    # When a copy with the same key, a new title and an unknown party is imported
    path, text = edited_copy(
        tmp_path,
        "- key: sof-indkalde-netvaerksmoede\n        party: sof\n",
        "- key: sof-indkalde-netvaerksmoede\n        party: sofx\n",
    )
    text = text.replace("Kontrakt – Samarbejde", "Revideret kontrakt – Samarbejde", 1)
    path.write_text(text, encoding="utf-8")
    result = forum.invoke(app, ["import", str(path)])

    # Then the command fails on the party line and the store holds exactly what it held before
    assert result.exit_code != 0
    assert f"{path}:{line_of(text, 'party: sofx')}: " in stderr_of(result)
    assert "ukendt part 'sofx'" in stderr_of(result)
    assert position(store) == before

"""`forum import a.yaml b.yaml` is all or nothing: b breaking a rule of the domain keeps a's contract out too."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app
from domain.contract import EndBeforeSigningError
from domain.errors import ContractFileRepeatedError, ContractImportRefusedError
from domain.terms import load_contract_file
from domain.tracker import Tracker
from tests.conftest import AMAGER, EXAMPLE, contract_file
from tests.integration.test_contract_file_errors import edited_copy, position, stderr_of

KEY = "amager-udsatte-grupper-2013"


def ended_before_signed(folder: Path) -> Path:
    """The example contract, sound as a file, but ended before it was signed (a rule of the contract)."""
    signed = "signed_on: 2017-12-15"
    text = EXAMPLE.read_text(encoding="utf-8").replace(signed, f"{signed}\nended_on: 2016-01-01", 1)
    path = folder / "b-eksempel.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_breaking_a_contract_rule_keeps_every_other_file_of_the_import_out(
    tracker: Tracker, tmp_path: Path
) -> None:
    # Given the Amager file, sound, and the example file, ended before it was signed
    a, b = contract_file(AMAGER), load_contract_file(ended_before_signed(tmp_path))

    # When both are imported together
    with pytest.raises(ContractImportRefusedError) as refused:
        tracker.import_contracts([(a, "a-amager.yaml"), (b, "b-eksempel.yaml")], "koordinator")

    # Then the refusal names b and its rule, and nothing at all is written
    assert refused.value.source == "b-eksempel.yaml"
    assert EndBeforeSigningError().args[0].rstrip(".") in str(refused.value)
    assert tracker.recorder.max_notification_id() in (None, 0)
    assert tracker.contract_keys() == []


def test_an_import_of_sound_files_writes_them_all_in_one_transaction(tracker: Tracker) -> None:
    # Given two sound files
    files = [(contract_file(AMAGER), "a.yaml"), (contract_file(EXAMPLE), "b.yaml")]

    # When they are imported together
    outcomes = tracker.import_contracts(files, "koordinator")

    # Then both are created at one position, and the log of contracts lists them in file order
    assert [o.action for o in outcomes] == ["created", "created"]
    assert outcomes[0].outcome.position == outcomes[1].outcome.position == tracker.recorder.max_notification_id()
    assert tracker.contract_keys() == [KEY, "eksempel-social-vicevaert"]

    # And importing them again changes nothing
    again = tracker.import_contracts(files, "koordinator")
    assert [o.action for o in again] == ["unchanged", "unchanged"]


def test_a_revision_refused_in_one_file_keeps_a_new_contract_of_another_out(tracker: Tracker) -> None:
    # Given the example contract imported and signed on 15.12.2017
    example = contract_file(EXAMPLE)
    tracker.import_contract(example, "koordinator", "b.yaml")
    before = (tracker.recorder.max_notification_id(), tracker.contract_keys())

    # When Amager (new) is imported with a copy of the example that says it was signed on another day
    resigned = example.model_copy(update={"signed_on": example.signed_on.replace(day=1)})  # type: ignore[union-attr]
    with pytest.raises(ContractImportRefusedError):
        tracker.import_contracts([(contract_file(AMAGER), "a.yaml"), (resigned, "b.yaml")], "koordinator")

    # Then Amager is not written either
    assert (tracker.recorder.max_notification_id(), tracker.contract_keys()) == before


def test_two_files_of_one_contract_in_one_import_are_refused(tracker: Tracker) -> None:
    with pytest.raises(ContractFileRepeatedError):
        tracker.import_contracts([(contract_file(AMAGER), "a.yaml"), (contract_file(AMAGER), "b.yaml")], "k")

    assert tracker.contract_keys() == []


def test_forum_import_writes_nothing_when_the_second_file_breaks_a_contract_rule(
    cli_env: None, store: dict[str, str], tmp_path: Path
) -> None:
    # Given a folder with the sound Amager file first and the example, ended before it was signed, second
    folder = tmp_path / "kontrakter"
    folder.mkdir()
    edited_copy(folder, "signed_on: 2013-12-12", "signed_on: 2013-12-12", "a-amager.yaml")
    ended_before_signed(folder)

    # When the folder is imported
    result = CliRunner().invoke(app, ["import", str(folder)])

    # Then it fails naming b, and the store is still empty
    assert result.exit_code == 1
    assert "b-eksempel.yaml" in stderr_of(result)
    assert position(store) == (0, [])

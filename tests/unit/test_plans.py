"""A plan's status moves one step at a time; its co-financing ledger balances per funder; the regulation account is
used only once the municipality and Landsbyggefonden both approved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.cofinancing import Cofinancing
from domain.cofinancing_errors import (
    ApprovalDecisionRequiredError,
    RegulationAlreadyApprovedError,
    RegulationApprovalsMissingError,
    RegulationFundsShortError,
    UnspentAlreadyTransferredError,
    UseBeforeApprovalError,
)
from domain.plan import ComprehensivePlan, PlanStatusBeforePreviousError, PlanStatusTransitionError
from domain.plan_terms import PlanFile, PlanTerms, load_plan_file, plan_problems
from domain.terms.files import ContractFileError
from domain.terms.values import Period
from domain.versions import Decision
from projections import plan_cofinancing
from projections.plan_record import fold
from tests.conftest import CONTRACTS
from tests.unit.scenario import expect, given, history

ACTOR = "karen"
TERMS = PlanTerms(name="Urbanplanen", period=Period(start=date(2014, 1, 1), end=date(2017, 12, 31)))
FORUM = Decision("Boligsocialt Forum Amager", date(2018, 2, 20), "Referat, punkt 5")


def registered() -> ComprehensivePlan:
    return ComprehensivePlan.register("urbanplanen", TERMS, "urbanplanen.yaml", ACTOR)


def test_a_plan_moves_from_prequalification_to_closed_one_step_at_a_time_each_with_who_and_when() -> None:
    steps = [("prequalified", date(2013, 5, 1)), ("approved", date(2013, 10, 1)), ("active", date(2014, 1, 1))]
    past = history(registered, *(lambda p, s=s, d=d: p.change_status(s, d, "", ACTOR) for s, d in steps))

    given(*past).when(lambda p: p.change_status("closed", date(2017, 12, 31), "Slutrapport", ACTOR)).then(
        expect(ComprehensivePlan.StatusChanged, status="closed", on=date(2017, 12, 31), actor=ACTOR)
    )


@pytest.mark.parametrize(
    ("reached", "wanted"),
    [((), "approved"), (("prequalified",), "active"), (("prequalified", "approved"), "prequalified")],
    ids=["a new plan cannot skip prequalification", "approval cannot be skipped", "a status never goes back"],
)
def test_a_status_change_that_skips_or_goes_back_is_refused(reached: tuple[str, ...], wanted: str) -> None:
    past = history(registered, *(lambda p, s=s: p.change_status(s, date(2013, 5, 1), "", ACTOR) for s in reached))

    given(*past).when(lambda p: p.change_status(wanted, date(2014, 1, 1), "", ACTOR)).refused(PlanStatusTransitionError)


def test_a_status_dated_before_the_previous_one_is_refused() -> None:
    past = history(registered, lambda p: p.change_status("prequalified", date(2013, 5, 1), "", ACTOR))

    given(*past).when(lambda p: p.change_status("approved", date(2013, 4, 1), "", ACTOR)).refused(
        PlanStatusBeforePreviousError
    )


def ledger(*more: Callable[[Cofinancing], object]) -> list[Any]:
    """LBF paid 75.000 kr., 50.000 kr. went to the regulation account, 40.000 kr. of it asked for; then ``more``."""
    return history(
        lambda: Cofinancing.open("urbanplanen", ACTOR),
        lambda c: c.receive("lbf", "Landsbyggefonden", date(2014, 2, 1), 75_000_00, "LBF-1", ACTOR),
        lambda c: c.transfer_unspent(date(2018, 1, 31), {"lbf": 50_000_00}, ACTOR),
        lambda c: c.request_use(40_000_00, "Lektiecafé 2018", date(2018, 2, 15), ACTOR),
        *more,
    )


def approve(by: Any) -> Callable[[Cofinancing], object]:
    return lambda c: c.approve_use(1, by, by.upper(), date(2018, 3, 1), f"J.nr. {by}", FORUM, ACTOR)


BOTH = (approve("municipality"), approve("lbf"))


def test_the_regulation_account_is_not_used_with_only_the_municipalitys_approval() -> None:
    error = (
        given(*ledger(approve("municipality")))
        .when(lambda c: c.use_funds(1, date(2018, 3, 15), ACTOR))
        .refused(RegulationApprovalsMissingError)
    )
    assert error.missing == ["Landsbyggefonden"]


def test_the_regulation_account_is_used_once_both_approvals_are_recorded() -> None:
    given(*ledger(*BOTH)).when(lambda c: c.use_funds(1, date(2018, 3, 15), ACTOR)).then(
        expect(Cofinancing.RegulationFundsUsed, use=1, used_on=date(2018, 3, 15))
    )


@pytest.mark.parametrize(
    ("command", "error"),
    [
        (lambda c: c.use_funds(1, date(2018, 2, 28), ACTOR), UseBeforeApprovalError),
        (approve("lbf"), RegulationAlreadyApprovedError),
    ],
    ids=["funds are not used before the last approval", "an approver approves a use once"],
)
def test_rules_of_approvals(command: Callable[[Cofinancing], object], error: type[Exception]) -> None:
    given(*ledger(*BOTH)).when(command).refused(error)


def test_an_approval_without_the_forums_decision_is_refused() -> None:
    no_reference = Decision("Boligsocialt Forum Amager", date(2018, 2, 20), None)

    given(*ledger()).when(
        lambda c: c.approve_use(1, "lbf", "LBF", date(2018, 3, 1), "J.nr.", no_reference, ACTOR)
    ).refused(ApprovalDecisionRequiredError, "reference")


def test_unspent_funds_move_to_the_regulation_account_once_and_uses_stay_within_it() -> None:
    given(*ledger()).when(lambda c: c.transfer_unspent(date(2018, 2, 1), {"lbf": 1}, ACTOR)).refused(
        UnspentAlreadyTransferredError
    )
    given(*ledger()).when(lambda c: c.request_use(10_000_01, "Mere", date(2018, 3, 1), ACTOR)).refused(
        RegulationFundsShortError, "10.000,00 kr."
    )


def test_balances_per_funder_are_paid_in_less_moved_to_the_regulation_account_as_of_any_date() -> None:
    record = fold("urbanplanen", [*history(registered), *ledger(*BOTH)])

    before = plan_cofinancing.cofinancing(record, [], date(2018, 1, 30))
    after = plan_cofinancing.cofinancing(record, [], date(2018, 3, 2))

    assert before["funders"] == [
        {"funder": "lbf", "paid": 75_000_00, "spent": 0, "transferred": 0, "balance": 75_000_00}
    ]
    assert after["funders"][0]["balance"] == 25_000_00
    assert after["regulation_account"]["balance"] == 50_000_00
    assert [u["approved"] for u in after["regulation_account"]["uses"]] == [True]
    assert [u["approved"] for u in before["regulation_account"]["uses"]] == []


def test_approvals_are_found_by_the_forum_decision_they_reference() -> None:
    record = fold("urbanplanen", [*history(registered), *ledger(*BOTH)])

    rows = plan_cofinancing.approvals_referencing(FORUM, [record])
    other = plan_cofinancing.approvals_referencing(Decision(FORUM.decided_by, FORUM.decided_on, "punkt 6"), [record])

    assert [(r["plan"], r["use"], r["approver"]) for r in rows] == [
        ("urbanplanen", 1, "municipality"),
        ("urbanplanen", 1, "lbf"),
    ]
    assert other == []


def test_the_shipped_plan_files_load_and_the_example_is_marked() -> None:
    plans = {p.stem: load_plan_file(p) for p in sorted((CONTRACTS / "plans").glob("*.yaml"))}

    assert set(plans) >= {"urbanplanen", "sundholm-holmbladsgade", "eksempel-helhedsplan-2017-2021"}
    example = plans["eksempel-helhedsplan-2017-2021"]
    assert example.example and not plans["urbanplanen"].example
    assert [a.name for a in example.focus_areas] == [
        "Tryghed og trivsel", "Kriminalpræventiv indsats", "Uddannelse og beskæftigelse",
        "Forebyggelse og forældreansvar",
    ]  # fmt: skip
    assert "familieguide" in {x.key for a in example.focus_areas for x in a.activities}


def test_a_focus_area_the_programme_does_not_allow_is_refused_with_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "plans" / "x.yaml"
    path.parent.mkdir()
    path.write_text(
        "key: x\nname: X\nperiod: {start: 2015-01-01}\nprogramme: lbf-2015-2018\n"
        "focus_areas:\n  - name: Udsatte grupper\n",
        encoding="utf-8",
    )

    with pytest.raises(ContractFileError) as refused:
        load_plan_file(path)

    assert f"{path}:6: focus_areas[0].name: 'Udsatte grupper' er ikke et indsatsområde" in str(refused.value)


def test_statuses_in_a_plan_file_must_come_in_order() -> None:
    plan = PlanFile.model_validate(
        {"key": "x", "name": "X", "period": {"start": "2015-01-01"},
         "status": [{"status": "approved", "on": "2015-01-01"}]}
    )  # fmt: skip

    assert plan_problems(plan) == [(("status", 0, "status"), "status nr. 1 skal være 'prequalified'")]


def test_a_target_group_the_catalogue_does_not_know_is_refused() -> None:
    plan = PlanFile.model_validate(
        {"key": "x", "name": "X", "period": {"start": "2015-01-01"},
         "focus_areas": [{"name": "Sundhed", "target_groups": ["familier", "marsboere"]}]}
    )  # fmt: skip

    [(loc, message)] = plan_problems(plan)

    assert loc == ("focus_areas", 0, "target_groups", 1) and message.startswith("ukendt målgruppe 'marsboere'")

"""Plans on a real SQLite file and a real PostgreSQL: plan files imported with the contracts, a contract stored before
plans existed gets its plans without a rewrite, the budget across a plan's contracts, rebuild equals incremental."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from api.cli.plans import load_plans
from api.reports.forum_facts import approval_facts
from api.reports.plan_views import plan_record, plan_records
from domain.contract import Contract
from domain.tracker import Tracker
from domain.versions import Decision
from projections import budget_use, plan_cofinancing, plan_overview
from projections.forum_decisions import decision_answer
from projections.runner import Projector
from projections.shell import load_records
from tests.conftest import AMAGER, CONTRACTS, EXAMPLE, contract_file, projecting
from tests.forum_history import AMAGER_FORUM, import_fora

KEY = "amager-udsatte-grupper-2013"
ACTOR = "koordinator"
FORUM = Decision("Boligsocialt Forum Amager", date(2018, 2, 20), "Referat, punkt 5")


def plan_files() -> list[Any]:
    plans, errors, _ = load_plans([CONTRACTS])
    assert errors == []
    return plans


def import_all(tracker: Tracker) -> None:
    files = [(contract_file(AMAGER), AMAGER.name), (contract_file(EXAMPLE), EXAMPLE.name)]
    tracker.import_contracts(files, ACTOR, plan_files())


def views(projector: Projector) -> list[Any]:
    projector.catch_up()
    return load_records(projector.db)


@pytest.fixture
def projector(store: dict[str, str], tracker: Tracker) -> Iterator[Projector]:
    yield from projecting(tracker, store, page_size=3)


def test_plan_files_import_with_the_contracts_and_an_inline_plan_without_a_file_becomes_a_plan(
    tracker: Tracker,
) -> None:
    import_all(tracker)

    keys = tracker.plan_keys()
    assert keys[:4] == ["amagerplanen", "eksempel-helhedsplan-2017-2021", "sundholm-holmbladsgade", "urbanplanen"]
    assert keys[4:] == ["eksempel-helhedsplan"]  # the social caretaker example's own plan, from its contract
    assert tracker.get_plan("urbanplanen").origin == "urbanplanen.yaml"
    assert tracker.get_plan("eksempel-helhedsplan").origin == "kontrakt eksempel-social-vicevaert"

    # And importing again records nothing
    position = tracker.recorder.max_notification_id()
    import_all(tracker)
    assert tracker.recorder.max_notification_id() == position


def test_a_contract_stored_before_plans_existed_gets_its_plans_on_import_and_keeps_history_and_budget(
    tracker: Tracker, projector: Projector
) -> None:
    # Given the Amager contract as stored before plans were aggregates (its inline plans only) and an expense
    file = contract_file(AMAGER)
    contract = Contract.draft(KEY, file.terms(), ACTOR)
    tracker._save(contract, tracker.contract_log.trigger_event(key=KEY, contract_id=contract.id), subject=contract)
    tracker.sign_contract(KEY, file.signed_on, ACTOR)
    tracker.book_expense(KEY, "urbanplanen", date(2015, 5, 1), 10_000_050, "Temadag", ACTOR)
    before = budget_use.budget_use(views(projector)[0], date(2016, 1, 1))
    version = tracker.get_contract(KEY).version
    assert tracker.plan_keys() == []

    # When the contract file is imported with the plan files
    [outcome] = tracker.import_contracts([(file, AMAGER.name)], ACTOR, plan_files())

    # Then the contract's stored history is untouched and references the plans by key, and its budget is the same
    assert outcome.action != "revised" and tracker.get_contract(KEY).version == version  # (its contact persons
    # were not recorded by the raw save above: the import records them, as it would for any old store)
    records = views(projector)
    assert budget_use.budget_use(records[0], date(2016, 1, 1)) == before
    urban = plan_overview.plan_overview(plan_record(tracker, "urbanplanen"), records, plan_records(tracker),
                                        date(2016, 1, 1))  # fmt: skip
    assert [c["key"] for c in urban["contracts"]] == [KEY]
    assert urban["budget"] | {"percent_used": None} == {
        "plan_frame": 303_844_700, "frame_given": False, "contract_frames": 303_844_700, "allocated": 0,
        "spent": 10_000_050, "remaining": 303_844_700 - 10_000_050, "percent_used": None,
    }  # fmt: skip


def test_co_financing_spends_the_contracts_expenses_by_the_frames_shares_and_uses_the_account_after_two_approvals(
    tracker: Tracker, projector: Projector
) -> None:
    import_all(tracker)
    tracker.book_expense(KEY, "urbanplanen", date(2015, 5, 1), 10_000_050, "Temadag", ACTOR)  # no funder: by shares
    tracker.record_payment("urbanplanen", "lbf", "Landsbyggefonden", date(2014, 2, 1), 20_000_000, "LBF-1", ACTOR)
    tracker.record_payment(
        "urbanplanen", "municipality", "Københavns Kommune", date(2014, 3, 1), 5_000_000, "KK", ACTOR
    )
    approved_twice(tracker, projector, 10_000_000)
    tracker.use_regulation_funds("urbanplanen", 1, date(2018, 3, 15), ACTOR)

    view = plan_cofinancing.cofinancing(plan_record(tracker, "urbanplanen"), views(projector), date(2018, 4, 1))

    lbf, municipality = view["funders"][0], view["funders"][1]
    assert (lbf["paid"], lbf["spent"], lbf["transferred"], lbf["balance"]) == (20_000_000, 7_500_038, 12_499_962, 0)
    assert municipality["spent"] == 1_250_006 and municipality["transferred"] == 5_000_000 - 1_250_006
    assert view["regulation_account"]["balance"] == 12_499_962 + 3_749_994 - 10_000_000
    assert [len(u["approvals"]) for u in view["regulation_account"]["uses"]] == [2]
    assert [r["approver"] for r in plan_cofinancing.approvals_referencing(FORUM, plan_records(tracker))] == [
        "municipality",
        "lbf",
    ]


def approved_twice(tracker: Tracker, projector: Projector, amount: int) -> None:
    """Urbanplanen's unspent funds moved at the period's end, and use 1 of them approved by both on FORUM."""
    end = date(2018, 1, 31)
    unspent = plan_cofinancing.unspent_on(plan_record(tracker, "urbanplanen"), views(projector), end)
    tracker.transfer_unspent("urbanplanen", end, unspent, ACTOR)
    tracker.request_regulation_use("urbanplanen", amount, "Lektiecafé 2018", date(2018, 2, 15), ACTOR)
    for approver in ("municipality", "lbf"):
        tracker.approve_regulation_use("urbanplanen", 1, approver, approver, date(2018, 3, 1), "J.nr.", FORUM, ACTOR)  # type: ignore[arg-type]


def test_the_forums_decision_page_lists_the_two_approvals_resting_on_it(tracker: Tracker, projector: Projector) -> None:
    import_all(tracker)
    import_fora(tracker, AMAGER_FORUM)
    assert FORUM.decided_on and FORUM.reference
    number, _ = tracker.record_forum_decision(FORUM.decided_by, FORUM.decided_on, FORUM.reference, "Brug", ACTOR)
    tracker.record_payment("urbanplanen", "lbf", "Landsbyggefonden", date(2014, 2, 1), 20_000_000, "LBF-1", ACTOR)
    approved_twice(tracker, projector, 1_000_000)
    other = Decision(FORUM.decided_by, FORUM.decided_on, "Referat, punkt 6")
    tracker.request_regulation_use("urbanplanen", 1_000, "Andet", date(2018, 2, 16), ACTOR)
    tracker.approve_regulation_use("urbanplanen", 2, "lbf", "lbf", date(2018, 3, 2), "J.nr. 2", other, ACTOR)  # type: ignore[arg-type]

    forum = tracker.get_forum(FORUM.decided_by)
    page = decision_answer(forum, forum.decision(number), [], [], approval_facts(tracker))

    assert [(a["use"], a["approver"], a["plan"]) for a in page["approvals"]] == [
        (1, "municipality", "urbanplanen"),
        (1, "lbf", "urbanplanen"),
    ]


def test_the_plan_answers_are_the_same_after_a_rebuild_of_the_views(
    store: dict[str, str], tracker: Tracker, projector: Projector
) -> None:
    incremental = Projector(tracker, store, page_size=1)
    import_all(tracker)
    incremental.catch_up()
    tracker.change_plan_status("urbanplanen", "prequalified", date(2013, 5, 1), "", ACTOR)
    tracker.book_expense(KEY, "sundholm-holmbladsgade", date(2015, 6, 1), 1_000_000, "Kaffe", ACTOR, funder="lbf")
    incremental.catch_up()
    answers = [
        plan_overview.plan_overview(p, load_records(incremental.db), plan_records(tracker), date(2016, 1, 1))
        for p in plan_records(tracker)
    ]
    incremental.close()

    projector.rebuild()

    rebuilt = [
        plan_overview.plan_overview(p, load_records(projector.db), plan_records(tracker), date(2016, 1, 1))
        for p in plan_records(tracker)
    ]
    assert rebuilt == answers
    assert answers[2]["budget"]["spent"] == 1_000_000 and answers[3]["status"]["name"] == "prækvalifikation"

"""Contract aggregate: given past events, when a command, then new events or an error."""

from __future__ import annotations

from datetime import date

import pytest

from domain.contract import Contract
from domain.errors import RuleError, TermsError
from domain.terms import ContractTerms
from domain.versions import Decision
from tests.conftest import AMAGER, contract_file

FORUM = Decision("Boligsocialt Forum Amager", date(2015, 3, 1), "punkt 4")


@pytest.fixture(scope="module")
def terms() -> ContractTerms:
    return contract_file(AMAGER).terms()


def drafted(terms: ContractTerms) -> Contract:
    contract = Contract.draft("amager", terms, actor="ann")
    contract.collect_events()
    return contract


def test_drafting_records_the_terms_and_who_drafted_them(terms: ContractTerms) -> None:
    contract = Contract.draft("amager", terms, actor="ann")

    [event] = contract.collect_events()
    assert isinstance(event, Contract.Drafted)
    assert event.actor == "ann"
    assert contract.terms() == terms
    assert contract.status() == "drafted"


def test_a_draft_with_a_responsibility_of_an_unknown_party_is_refused(terms: ContractTerms) -> None:
    activity = terms.activities[0]
    bad_duty = activity.responsibilities[0].model_copy(update={"party": "ukendt"})
    bad = terms.model_copy(
        update={
            "activities": [
                activity.model_copy(update={"responsibilities": [bad_duty]}),
                *terms.activities[1:],
            ]
        }
    )

    with pytest.raises(TermsError, match="ukendt part 'ukendt'"):
        Contract.draft("amager", bad, actor="ann")


def test_signing_twice_is_refused(terms: ContractTerms) -> None:
    contract = drafted(terms)
    contract.sign(date(2013, 12, 12), actor="ann")

    with pytest.raises(RuleError, match="allerede underskrevet"):
        contract.sign(date(2013, 12, 13), actor="ann")


def test_a_revision_records_only_the_changed_fields_with_its_decision(terms: ContractTerms) -> None:
    contract = drafted(terms)
    revised = terms.model_copy(update={"title": "Ny titel"})

    changes = contract.revise(revised, date(2015, 3, 1), FORUM, actor="bob")

    [event] = contract.collect_events()
    assert isinstance(event, Contract.Revised)
    assert event.changes == {"title": "Ny titel"}
    assert event.removed == []
    assert event.decision == FORUM
    assert [c.path for c in changes] == ["title"]


def test_a_revision_without_differences_records_nothing(terms: ContractTerms) -> None:
    contract = drafted(terms)

    assert contract.revise(terms, date(2015, 3, 1), FORUM, actor="bob") == []
    assert contract.collect_events() == []


def test_a_revision_takes_effect_only_from_its_effective_date(terms: ContractTerms) -> None:
    contract = drafted(terms)
    contract.revise(terms.model_copy(update={"title": "Ny titel"}), date(2015, 3, 1), FORUM, actor="bob")

    assert contract.terms(date(2015, 2, 28)).title == terms.title
    assert contract.terms(date(2015, 3, 1)).title == "Ny titel"


def test_removing_an_activity_is_recorded_as_removed_paths(terms: ContractTerms) -> None:
    contract = drafted(terms)
    fewer = terms.model_copy(update={"activities": terms.activities[:2], "goals": []})

    contract.revise(fewer, date(2016, 1, 1), FORUM, actor="bob")

    [event] = contract.collect_events()
    assert all(path.startswith(("activities.psykisk-saarbare.", "goals.")) for path in event.removed)
    assert [a.key for a in contract.terms(date(2016, 1, 1)).activities] == [
        "praksisnetvaerk",
        "kontaktpersonsordning",
    ]
    assert len(contract.terms(date(2015, 12, 31)).activities) == 3


def test_a_revision_needs_the_forum_that_decided_it(terms: ContractTerms) -> None:
    contract = drafted(terms)

    with pytest.raises(RuleError, match="hvilket forum"):
        contract.revise(terms.model_copy(update={"title": "x"}), date(2015, 1, 1), Decision(" "), actor="bob")


def test_an_ended_contract_cannot_be_revised(terms: ContractTerms) -> None:
    contract = drafted(terms)
    contract.end(date(2017, 12, 31), "Udløbet", actor="ann")

    with pytest.raises(RuleError, match="afsluttet"):
        contract.revise(terms.model_copy(update={"title": "x"}), date(2018, 1, 1), FORUM, actor="bob")


def test_a_contract_cannot_end_before_it_was_signed(terms: ContractTerms) -> None:
    contract = drafted(terms)
    contract.sign(date(2013, 12, 12), actor="ann")

    with pytest.raises(RuleError, match="før den blev underskrevet"):
        contract.end(date(2013, 1, 1), "Fejl", actor="ann")


def test_status_follows_the_business_dates(terms: ContractTerms) -> None:
    contract = drafted(terms)
    contract.sign(date(2013, 12, 12), actor="ann")
    contract.end(date(2017, 12, 31), "Udløbet", actor="ann")

    assert contract.status(date(2013, 12, 1)) == "drafted"
    assert contract.status(date(2015, 1, 1)) == "signed"
    assert contract.status(date(2018, 1, 1)) == "ended"


def small_terms(parties: list[str], duties: dict[str, str]) -> ContractTerms:
    return ContractTerms.model_validate(
        {
            "title": "Lille kontrakt",
            "urban_area": "By",
            "focus_area": "Udsatte grupper",
            "period": {"start": "2014-01-01", "end": "2017-12-31"},
            "coordinating_forum": "Forum",
            "revising_forum": "Forum",
            "parties": [{"key": p, "name": p.upper(), "kind": "other"} for p in parties],
            "activities": [
                {
                    "key": "netvaerk",
                    "name": "Netværk",
                    "purpose": "Formål",
                    "responsibilities": [
                        {"key": k, "party": p, "description": "Pligt", "schedule": {"kind": "ongoing"}}
                        for k, p in duties.items()
                    ],
                }
            ],
        }
    )


def test_an_early_revision_that_breaks_a_later_one_is_refused() -> None:
    contract = Contract.draft("lille", small_terms(["a", "b"], {"d1": "a"}), actor="ann")
    # From 2016 party b takes on a duty.
    contract.revise(small_terms(["a", "b"], {"d1": "a", "d2": "b"}), date(2016, 1, 1), FORUM, actor="bob")
    without_b = small_terms(["a"], {"d1": "a"})

    # Recorded afterwards but effective from 2015: party b leaves. Valid in 2015,
    # but in 2016 the earlier-recorded duty of b would point at nobody.
    with pytest.raises(TermsError, match="ukendt part 'b'"):
        contract.revise(without_b, date(2015, 1, 1), FORUM, actor="bob")


def test_an_early_revision_that_fits_later_ones_is_recorded() -> None:
    contract = Contract.draft("lille", small_terms(["a", "b"], {"d1": "a"}), actor="ann")
    contract.revise(small_terms(["a", "b"], {"d1": "a", "d2": "b"}), date(2016, 1, 1), FORUM, actor="bob")

    contract.revise(small_terms(["a", "b", "c"], {"d1": "a"}), date(2015, 1, 1), FORUM, actor="bob")

    assert [p.key for p in contract.terms(date(2015, 6, 1)).parties] == ["a", "b", "c"]
    assert [r.key for r in contract.terms(date(2016, 6, 1)).activities[0].responsibilities] == ["d1", "d2"]


def test_terms_read_before_a_revision_are_not_served_after_it() -> None:
    contract = Contract.draft("lille", small_terms(["a"], {"d1": "a"}), actor="ann")
    before = contract.terms(date(2016, 6, 1))
    other = Contract.draft("lille", small_terms(["a", "z"], {"d1": "a"}), actor="ann")  # same key, other terms

    contract.revise(small_terms(["a", "b"], {"d1": "a"}), date(2016, 1, 1), FORUM, actor="bob")

    assert [p.key for p in before.parties] == ["a"]
    assert [p.key for p in contract.terms(date(2016, 6, 1)).parties] == ["a", "b"]
    assert [p.key for p in contract.terms(date(2015, 6, 1)).parties] == ["a"]
    assert [p.key for p in other.terms(date(2016, 6, 1)).parties] == ["a", "z"]

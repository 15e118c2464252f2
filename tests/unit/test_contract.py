"""Contract aggregate: given past events, when a command, then new events or an error."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.contract import (
    Contract,
    ContractAlreadySignedError,
    DecidingForumRequiredError,
    EndBeforeSigningError,
    RevisedAfterEndError,
)
from domain.errors import TermsError
from domain.terms import ContractTerms
from domain.versions import Decision
from tests.unit.scenario import expect, given, history, when_created

FORUM = Decision("Boligsocialt Forum Amager", date(2015, 3, 1), "punkt 4")
SIGNED = date(2013, 12, 12)


def drafted(terms: ContractTerms, *commands: Any) -> list[Any]:
    """The events of the Amager contract drafted by ann, then ``commands``."""
    return history(lambda: Contract.draft("amager", terms, actor="ann"), *commands)


def signed(on: date = SIGNED) -> Any:
    return lambda contract: contract.sign(on, actor="ann")


def revised(terms: ContractTerms, effective: date) -> Any:
    return lambda contract: contract.revise(terms, effective, FORUM, actor="bob")


def ended(on: date = date(2017, 12, 31), reason: str = "Udløbet") -> Any:
    return lambda contract: contract.end(on, reason, actor="ann")


def test_drafting_records_the_terms_and_who_drafted_them(amager_terms: ContractTerms) -> None:
    outcome = when_created(lambda: Contract.draft("amager", amager_terms, actor="ann"))

    outcome.then(expect(Contract.Drafted, key="amager", actor="ann"))
    assert outcome.aggregate.terms() == amager_terms.roles_only()  # who holds a role is not a term
    assert outcome.aggregate.status() == "drafted"


def test_a_draft_with_a_responsibility_of_an_unknown_party_is_refused(amager_terms: ContractTerms) -> None:
    activity = amager_terms.activities[0]
    bad_duty = activity.responsibilities[0].model_copy(update={"party": "ukendt"})
    bad = amager_terms.model_copy(
        update={
            "activities": [
                activity.model_copy(update={"responsibilities": [bad_duty]}),
                *amager_terms.activities[1:],
            ]
        }
    )

    refused = when_created(lambda: Contract.draft("amager", bad, actor="ann")).refused(TermsError)
    assert [field for field, _ in refused.problems] == ["activities[0].responsibilities[0].party"]


def test_signing_records_the_date_and_who_signed(amager_terms: ContractTerms) -> None:
    given(*drafted(amager_terms)).when(signed()).then(expect(Contract.Signed, signed_on=SIGNED, actor="ann"))


def test_signing_twice_is_refused(amager_terms: ContractTerms) -> None:
    given(*drafted(amager_terms, signed())).when(signed(date(2013, 12, 13))).refused(ContractAlreadySignedError)


def test_a_revision_records_only_the_changed_fields_with_its_decision(amager_terms: ContractTerms) -> None:
    revision = revised(amager_terms.model_copy(update={"title": "Ny titel"}), date(2015, 3, 1))

    outcome = given(*drafted(amager_terms)).when(revision)

    outcome.then(expect(Contract.Revised, changes={"title": "Ny titel"}, removed=[], decision=FORUM, actor="bob"))
    assert [c.path for c in outcome.result] == ["title"]


def test_a_revision_without_differences_records_nothing(amager_terms: ContractTerms) -> None:
    outcome = given(*drafted(amager_terms)).when(revised(amager_terms, date(2015, 3, 1)))

    outcome.then_nothing()
    assert outcome.result == []


def test_a_revision_takes_effect_only_from_its_effective_date(amager_terms: ContractTerms) -> None:
    retitled = revised(amager_terms.model_copy(update={"title": "Ny titel"}), date(2015, 3, 1))

    contract = given(*drafted(amager_terms, retitled)).aggregate

    assert contract.terms(date(2015, 2, 28)).title == amager_terms.title
    assert contract.terms(date(2015, 3, 1)).title == "Ny titel"


def test_removing_an_activity_is_recorded_as_removed_paths(amager_terms: ContractTerms) -> None:
    fewer = amager_terms.model_copy(update={"activities": amager_terms.activities[:2], "goals": []})

    outcome = given(*drafted(amager_terms)).when(revised(fewer, date(2016, 1, 1)))

    [event] = outcome.then(expect(Contract.Revised, effective_from=date(2016, 1, 1)))
    assert event.removed
    assert all(path.startswith(("activities.psykisk-saarbare.", "goals.")) for path in event.removed)
    contract = outcome.aggregate
    assert [a.key for a in contract.terms(date(2016, 1, 1)).activities] == ["praksisnetvaerk", "kontaktpersonsordning"]
    assert len(contract.terms(date(2015, 12, 31)).activities) == 3


def test_a_revision_needs_the_forum_that_decided_it(amager_terms: ContractTerms) -> None:
    nobody = Decision(" ")
    retitled = amager_terms.model_copy(update={"title": "x"})

    given(*drafted(amager_terms)).when(lambda c: c.revise(retitled, date(2015, 1, 1), nobody, actor="bob")).refused(
        DecidingForumRequiredError
    )


def test_an_ended_contract_cannot_be_revised(amager_terms: ContractTerms) -> None:
    retitled = revised(amager_terms.model_copy(update={"title": "x"}), date(2018, 1, 1))

    given(*drafted(amager_terms, ended())).when(retitled).refused(RevisedAfterEndError)


def test_ending_records_the_date_and_the_reason(amager_terms: ContractTerms) -> None:
    given(*drafted(amager_terms, signed())).when(ended(date(2017, 12, 31), "Udløbet")).then(
        expect(Contract.Ended, ended_on=date(2017, 12, 31), reason="Udløbet", actor="ann")
    )


def test_a_contract_cannot_end_before_it_was_signed(amager_terms: ContractTerms) -> None:
    given(*drafted(amager_terms, signed())).when(ended(date(2013, 1, 1), "Fejl")).refused(EndBeforeSigningError)


def test_status_follows_the_business_dates(amager_terms: ContractTerms) -> None:
    contract = given(*drafted(amager_terms, signed(), ended())).aggregate

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


def lille(parties: list[str], duties: dict[str, str], *commands: Any) -> list[Any]:
    """The events of a small contract drafted with ``parties`` and ``duties`` (key: party), then ``commands``."""
    return history(lambda: Contract.draft("lille", small_terms(parties, duties), actor="ann"), *commands)


def test_an_early_revision_that_breaks_a_later_one_is_refused() -> None:
    b_takes_a_duty_from_2016 = revised(small_terms(["a", "b"], {"d1": "a", "d2": "b"}), date(2016, 1, 1))
    b_leaves_from_2015 = revised(small_terms(["a"], {"d1": "a"}), date(2015, 1, 1))

    # Valid in 2015, but in 2016 the earlier-recorded duty of b would point at nobody.
    refused = (
        given(*lille(["a", "b"], {"d1": "a"}, b_takes_a_duty_from_2016)).when(b_leaves_from_2015).refused(TermsError)
    )
    assert [field for field, _ in refused.problems] == ["activities[0].responsibilities[1].party"]


def test_an_early_revision_that_fits_later_ones_is_recorded() -> None:
    b_takes_a_duty_from_2016 = revised(small_terms(["a", "b"], {"d1": "a", "d2": "b"}), date(2016, 1, 1))

    outcome = given(*lille(["a", "b"], {"d1": "a"}, b_takes_a_duty_from_2016)).when(
        revised(small_terms(["a", "b", "c"], {"d1": "a"}), date(2015, 1, 1))
    )

    [event] = outcome.then(expect(Contract.Revised, effective_from=date(2015, 1, 1), removed=[]))
    assert {path.split(".")[:2] == ["parties", "c"] for path in event.changes} == {True}
    contract = outcome.aggregate
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

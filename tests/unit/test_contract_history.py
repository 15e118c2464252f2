"""A contract's history: terms on any date as known at any time, retroactive revisions, snapshots."""

from __future__ import annotations

import copy
import json
import random
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

import pytest
from eventsourcing.domain import Snapshot
from eventsourcing.utils import get_topic

from domain.contract import Contract
from domain.errors import NotFoundError, TermsError
from domain.terms import ContractTerms, reference_problems
from domain.versions import Version, differences, flatten, fold, unflatten
from tests.unit.scenario import expect, given
from tests.unit.test_contract import FORUM, lille, revised, small_terms

PARTIES = ["a", "b", "c", "d"]


def random_terms(rng: random.Random) -> ContractTerms:
    parties = sorted(rng.sample(PARTIES, rng.randint(1, 4)), key=lambda _: rng.random())
    duties = {f"d{i}": rng.choice(parties) for i in rng.sample(range(5), rng.randint(0, 3))}
    terms = small_terms(parties, duties)
    return terms.model_copy(update={"title": rng.choice(["Én", "To", "Tre"])})


def refused_by_the_plain_rule(contract: Contract, terms: ContractTerms, effective: date) -> bool:
    """The rule as a plain fold of every later date: would the revision break any of them?"""
    before = fold(contract.versions, effective, None)
    assert before is not None
    changes = differences(before, flatten(terms))
    last = contract.versions[-1]
    candidate = Version(
        last.number + 1,
        last.recorded_at,
        effective,
        "x",
        {c.path: c.after for c in changes if c.after is not None},
        tuple(c.path for c in changes if c.after is None),
    )
    versions = [*contract.versions, candidate]
    for day in sorted({v.effective_from for v in contract.versions if v.effective_from > effective}):
        flat = fold(versions, day, None)
        assert flat is not None
        try:
            if reference_problems(unflatten(flat)):
                return True
        except ValueError:
            return True
    return False


def revised_at_random(seed: int, revisions: int) -> Contract:
    rng = random.Random(seed)
    contract = Contract.draft("lille", small_terms(["a", "b"], {"d1": "a"}), actor="ann")
    for _ in range(revisions):
        terms, effective = random_terms(rng), date(2014, 1, 1) + timedelta(days=rng.randrange(0, 60, 3))
        refused = refused_by_the_plain_rule(contract, terms, effective)
        try:
            contract.revise(terms, effective, FORUM, actor="bob")
        except TermsError:
            assert refused, "refused though no later version breaks"
        else:
            assert not refused, "recorded though a later version breaks"
    return contract


@pytest.mark.parametrize("seed", range(12))
def test_retroactive_revisions_are_refused_exactly_when_a_later_version_would_break(seed: int) -> None:
    revised_at_random(seed, 25)


@pytest.mark.parametrize("seed", range(6))
def test_terms_on_any_date_as_known_at_any_time_are_the_plain_fold(seed: int) -> None:
    contract = revised_at_random(seed, 20)
    times = [v.recorded_at for v in contract.versions]
    times += [a + (b - a) / 2 for a, b in pairwise(times)]
    days = [None, date(2013, 6, 1), date(2020, 1, 1), *(v.effective_from for v in contract.versions)]

    for known_at in times:
        for effective in days:
            flat = fold(contract.versions, effective, known_at)
            assert flat is not None
            assert contract.terms(effective, known_at) == unflatten(flat)

    with pytest.raises(NotFoundError):
        contract.terms(None, times[0] - timedelta(seconds=1))


def test_a_revision_overridden_on_every_later_date_checks_none_of_them() -> None:
    b_from_2016 = revised(small_terms(["a", "b"], {"d1": "b"}), date(2016, 1, 1))
    a_again_from_2017 = revised(small_terms(["a", "b"], {"d1": "a"}), date(2017, 1, 1))

    outcome = given(*lille(["a", "b"], {"d1": "a"}, b_from_2016, a_again_from_2017)).when(
        revised(small_terms(["a", "b"], {"d1": "b"}), date(2015, 1, 1))
    )

    outcome.then(expect(Contract.Revised, effective_from=date(2015, 1, 1)))
    contract = outcome.aggregate
    assert contract.terms(date(2015, 6, 1)).activities[0].responsibilities[0].party == "b"
    assert contract.terms(date(2017, 6, 1)).activities[0].responsibilities[0].party == "a"


def test_a_snapshot_holds_the_timeline_as_plain_json_and_restores_it() -> None:
    contract = revised_at_random(3, 15)

    snapshot = Contract.Snapshot.take(contract)
    stored = json.loads(json.dumps(snapshot.state["timeline"]))  # plain values only: no transcoding needed
    restored = replace(snapshot, state=snapshot.state | {"timeline": stored}).mutate(None)

    assert restored.versions == contract.versions
    for day in (date(2013, 1, 1), date(2014, 2, 1), date(2016, 1, 1)):
        assert restored.terms(day) == contract.terms(day)
        assert restored.terms(day, contract.versions[7].recorded_at) == contract.terms(
            day, contract.versions[7].recorded_at
        )


def test_a_snapshot_taken_when_versions_were_a_list_still_loads() -> None:
    contract = revised_at_random(4, 10)
    state = {k: v for k, v in vars(contract).items() if k not in ("_id", "_version", "_pending_events", "timeline")}
    old = Snapshot(  # type: ignore[call-arg]
        originator_id=contract.id,
        originator_version=contract.version,
        timestamp=contract.modified_on,
        topic=get_topic(Contract),
        state=state | {"versions": list(contract.versions)},
    )

    restored = old.mutate(None)

    assert isinstance(restored, Contract)
    assert restored.versions == contract.versions
    assert restored.timeline.flat(date(2014, 2, 1), None) == fold(contract.versions, date(2014, 2, 1), None)


def test_items_added_by_one_version_show_beside_another_versions_empty_collection() -> None:
    no_duties_from_2016 = revised(small_terms(["a", "b"], {}), date(2016, 1, 1))

    outcome = given(*lille(["a", "b"], {"d1": "a"}, no_duties_from_2016)).when(
        revised(small_terms(["a", "b"], {"d1": "a", "d3": "b"}), date(2015, 1, 1))
    )

    outcome.then(expect(Contract.Revised, effective_from=date(2015, 1, 1)))
    contract = outcome.aggregate
    assert [r.key for r in contract.terms(date(2015, 6, 1)).activities[0].responsibilities] == ["d1", "d3"]
    assert [r.key for r in contract.terms(date(2016, 6, 1)).activities[0].responsibilities] == ["d3"]


def test_a_version_is_found_by_its_number_with_the_time_it_was_recorded() -> None:
    contract = revised_at_random(5, 6)

    assert [contract.recorded_at(v.number) for v in contract.versions] == [v.recorded_at for v in contract.versions]
    assert contract.recorded_at(0) is None
    assert contract.recorded_at(len(contract.versions) + 1) is None


def test_terms_of_a_revision_never_saved_are_not_served_for_another_with_the_same_number() -> None:
    contract = Contract.draft("lille", small_terms(["a"], {"d1": "a"}), actor="ann")
    contract.collect_events()
    other_writer = copy.deepcopy(contract)
    refused_later = small_terms(["a"], {"d1": "a"}).model_copy(update={"title": "Aldrig gemt"})
    contract.revise(refused_later, date(2015, 1, 1), FORUM, actor="bob")
    assert contract.terms().title == "Aldrig gemt"

    other_writer.revise(
        small_terms(["a"], {"d1": "a"}).model_copy(update={"title": "Gemt"}), date(2015, 1, 1), FORUM, "eve"
    )

    assert other_writer.terms().title == "Gemt"

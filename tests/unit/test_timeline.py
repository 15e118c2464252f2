"""The version index answers exactly what the plain fold answers, over random bitemporal histories."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from domain.timeline import Timeline
from domain.versions import Version, fold

T0 = datetime(2015, 1, 1, 9, tzinfo=UTC)
D0 = date(2014, 1, 1)
BEGINNING = date(1, 1, 1)
PATHS = [f"p{i}" for i in range(8)]


def history(rng: random.Random, revisions: int) -> list[Version]:
    """A draft and revisions: retroactive ones, same-day ones, same-time ones, removed and re-added paths."""
    draft = {p: f"draft-{p}" for p in PATHS[:5]}
    versions = [Version(1, T0, BEGINNING, "a", draft)]
    at = T0
    for number in range(2, revisions + 2):
        at += timedelta(hours=rng.choice([0, 1, 24]))
        touched = rng.sample(PATHS, rng.randint(1, 4))
        removed = tuple(p for p in touched if rng.random() < 0.3)
        changes = {p: f"v{number}-{p}" for p in touched if p not in removed or rng.random() < 0.2}
        rng.shuffle(touched)
        effective = D0 + timedelta(days=rng.randrange(0, 40, rng.choice([1, 5, 10])))
        versions.append(Version(number, at, effective, "a", changes, removed))
    return versions


def questions(rng: random.Random, versions: list[Version]) -> list[tuple[date | None, datetime | None]]:
    """Dates before the first version and after the last, known-at times before, on and between recordings."""
    times = [None, T0 - timedelta(seconds=1), *(v.recorded_at for v in versions)]
    times += [v.recorded_at + timedelta(minutes=30) for v in versions]
    days = [None, date(2013, 1, 1), D0 + timedelta(days=60), *(v.effective_from for v in versions)]
    days += [D0 + timedelta(days=rng.randrange(45)) for _ in range(20)]
    return [(rng.choice(days), rng.choice(times)) for _ in range(300)]


@pytest.mark.parametrize("seed", range(40))
def test_the_index_folds_exactly_like_the_plain_fold_in_values_and_order(seed: int) -> None:
    rng = random.Random(seed)
    versions = history(rng, rng.randint(0, 30))
    timeline = Timeline(versions)

    for effective, known_at in questions(rng, versions):
        expected = fold(versions, effective, known_at)
        found = timeline.flat(effective, known_at)
        assert (found is None) == (expected is None), (effective, known_at)
        if expected is not None and found is not None:
            assert list(found.items()) == list(expected.items()), (effective, known_at)


@pytest.mark.parametrize("seed", range(20))
def test_equal_identities_mean_equal_terms(seed: int) -> None:
    rng = random.Random(seed)
    versions = history(rng, 25)
    timeline = Timeline(versions)
    seen: dict[tuple[object, ...], list[tuple[str, object]]] = {}

    for effective, known_at in questions(rng, versions):
        flat = fold(versions, effective, known_at)
        if flat is None:
            continue
        identity = timeline.identity(effective, known_at)
        assert seen.setdefault(identity, list(flat.items())) == list(flat.items())


def one_more(rng: random.Random, versions: list[Version], recorded_at: datetime) -> Version:
    """A random version numbered after ``versions``, recorded at ``recorded_at``."""
    drawn = history(rng, 1)[1]
    return Version(len(versions) + 1, recorded_at, drawn.effective_from, "a", drawn.changes, drawn.removed)


@pytest.mark.parametrize("seed", range(20))
def test_a_candidate_changes_no_later_day_but_the_ones_it_reaches(seed: int) -> None:
    rng = random.Random(seed)
    versions = history(rng, 25)
    timeline = Timeline(versions)
    candidate = one_more(rng, versions, datetime.max.replace(tzinfo=UTC))

    reached = set(timeline.later_days(candidate))
    later = sorted({v.effective_from for v in versions[1:] if v.effective_from > candidate.effective_from})
    for day in later:
        if day not in reached:
            assert fold([*versions, candidate], day, None) == fold(versions, day, None)
    assert reached <= set(later)


@pytest.mark.parametrize("seed", range(10))
def test_a_tried_version_taken_back_leaves_the_index_as_it_was(seed: int) -> None:
    rng = random.Random(seed)
    versions = history(rng, 20)
    timeline = Timeline(versions)
    timeline.add(one_more(rng, versions, versions[-1].recorded_at))

    timeline.take_back()

    for effective, known_at in questions(rng, versions):
        assert timeline.flat(effective, known_at) == fold(versions, effective, known_at)


def test_recording_times_out_of_order_are_answered_by_the_plain_fold() -> None:
    rng = random.Random(3)
    versions = history(rng, 10)
    late = versions[4]
    versions[4] = Version(late.number, T0 - timedelta(days=1), late.effective_from, "a", late.changes, late.removed)
    timeline = Timeline(versions)

    for effective, known_at in questions(rng, versions):
        assert timeline.flat(effective, known_at) == fold(versions, effective, known_at)

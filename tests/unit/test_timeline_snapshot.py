"""A timeline packed for a snapshot answers exactly as the timeline it was taken from, over random histories."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import timedelta, timezone
from typing import Any

import pytest

from domain import revision_texts, timeline_snapshot
from domain.timeline import Timeline
from domain.versions import fold
from tests.unit.test_timeline import history, one_more, questions


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 4 versions: a short history spans many, with a partial one at the end."""
    monkeypatch.setattr(revision_texts, "CHUNK", 4)


def stored_and_loaded(timeline: Timeline) -> Timeline:
    """Packed, through JSON as a snapshot's state is stored, and unpacked."""
    return timeline_snapshot.unpacked(json.loads(json.dumps(timeline_snapshot.packed(timeline))))


@pytest.mark.parametrize("seed", range(30))
def test_a_packed_timeline_answers_every_question_like_the_plain_fold(seed: int) -> None:
    rng = random.Random(seed)
    versions = history(rng, rng.randint(0, 40))
    loaded = stored_and_loaded(Timeline(versions))

    for effective, known_at in questions(rng, versions):
        expected = fold(versions, effective, known_at)
        found = loaded.flat(effective, known_at)
        assert (found is None) == (expected is None)
        if expected is not None and found is not None:
            assert list(found.items()) == list(expected.items()), (effective, known_at)
    assert loaded.versions == versions


@pytest.mark.parametrize("seed", range(20))
def test_a_packed_timeline_has_the_identities_of_the_one_it_was_taken_from(seed: int) -> None:
    rng = random.Random(seed)
    versions = history(rng, 25)
    timeline = Timeline(versions)
    loaded = stored_and_loaded(timeline)

    for effective, known_at in questions(rng, versions):
        assert loaded.identity(effective, known_at) == timeline.identity(effective, known_at)


@pytest.mark.parametrize("seed", range(20))
def test_versions_added_and_taken_back_after_loading_pack_as_a_timeline_built_whole(seed: int) -> None:
    rng = random.Random(seed)
    versions = history(rng, rng.randint(0, 21))
    loaded, before = stored_and_loaded(Timeline(versions)), len(versions)
    tried = one_more(rng, versions, versions[-1].recorded_at)
    copy = loaded.__deepcopy__({})
    loaded.add(tried)
    loaded.take_back()
    for _ in range(rng.randint(1, 6)):
        versions.append(one_more(rng, versions, versions[-1].recorded_at))
        loaded.add(versions[-1])

    assert timeline_snapshot.packed(loaded) == timeline_snapshot.packed(Timeline(versions))
    assert stored_and_loaded(loaded).columns() == Timeline(versions).columns()
    assert copy.versions == versions[:before]  # a copy taken before keeps its own versions


def test_a_question_decodes_only_the_chunks_of_the_versions_it_needs() -> None:
    rng = random.Random(5)
    versions = history(rng, 40)
    loaded = stored_and_loaded(Timeline(versions))
    texts = loaded.changes

    loaded.flat(None, None)

    assert isinstance(texts, revision_texts.Texts)
    assert len(texts._decoded) < len(texts._chunks)


def columns_as_stored_before(timeline: Timeline) -> dict[str, Any]:
    """The timeline's columns as snapshots stored them before they were packed: touches as [effective, number]."""
    columns = timeline.columns()
    at = columns["effective"]
    columns["index"] = {
        path: [[[at[n - 1], n] for n in keys], flags, orders, [[at[n - 1], n] for n in gone]]
        for path, (keys, flags, orders, gone) in columns["index"].items()
    }
    return columns


def test_a_snapshot_taken_before_the_index_held_numbers_still_loads() -> None:
    rng = random.Random(8)
    versions = history(rng, 30)
    loaded = Timeline.from_columns(json.loads(json.dumps(columns_as_stored_before(Timeline(versions)))))

    for effective, known_at in questions(rng, versions):
        assert loaded.flat(effective, known_at) == fold(versions, effective, known_at)


def test_recording_times_not_in_utc_are_stored_as_the_strings_they_are() -> None:
    rng = random.Random(4)
    versions = [replace(v, recorded_at=v.recorded_at.astimezone(timezone(timedelta(hours=1)))) for v in history(rng, 9)]
    timeline = Timeline(versions)

    stored = timeline_snapshot.packed(timeline)
    loaded = stored_and_loaded(timeline)

    assert "instants" not in stored and "instants" in timeline_snapshot.packed(Timeline(history(rng, 9)))
    assert list(loaded.recorded) == list(timeline.recorded)
    for effective, known_at in questions(rng, versions):
        assert loaded.identity(effective, known_at) == timeline.identity(effective, known_at)


def packed_before_ints(timeline: Timeline) -> dict[str, Any]:
    """The timeline as snapshots packed it before the columns of numbers were arrays: they were in ``core``."""
    stored = timeline_snapshot.packed(timeline)
    core = revision_texts.unpack(stored["core"])
    del core["lengths"], core["paths"], stored["ints"]
    columns = timeline.columns()
    core |= {name: columns[name] for name in ("effective", "actors", "decisions", "index")}
    return stored | {"core": revision_texts.pack(core)}


def test_a_timeline_packed_before_its_numbers_were_arrays_still_loads() -> None:
    rng = random.Random(12)
    versions = history(rng, 30)
    timeline = Timeline(versions)
    loaded = timeline_snapshot.unpacked(json.loads(json.dumps(packed_before_ints(timeline))))

    for effective, known_at in questions(rng, versions):
        assert loaded.flat(effective, known_at) == fold(versions, effective, known_at)
    assert loaded.columns() == timeline.columns()
    assert timeline_snapshot.packed(loaded) == timeline_snapshot.packed(timeline)  # packed anew as arrays


@pytest.mark.parametrize("seed", range(10))
def test_a_loaded_timeline_reads_its_columns_as_the_one_it_was_taken_from(seed: int) -> None:
    rng = random.Random(seed)
    versions = history(rng, rng.randint(1, 30))
    timeline = Timeline(versions)
    loaded = stored_and_loaded(timeline)

    assert "ints" in timeline_snapshot.packed(timeline)
    assert loaded.effective[1:] == timeline.effective[1:]  # as the obligations' use case reads them
    assert list(loaded.effective) == timeline.effective and list(loaded.actors) == timeline.actors
    assert loaded.columns() == timeline.columns()


def test_versions_added_to_a_copy_of_a_loaded_timeline_leave_it_as_it_was() -> None:
    rng = random.Random(3)
    versions = history(rng, 12)
    loaded = stored_and_loaded(Timeline(versions))
    before = loaded.columns()

    copy = loaded.__deepcopy__({})
    copy.add(one_more(rng, versions, versions[-1].recorded_at))

    assert loaded.columns() == before and len(copy) == len(loaded) + 1

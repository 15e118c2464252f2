"""The demo generator never holds two meetings of one cadence on one day (the tracker refuses a second record)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from types import SimpleNamespace
from typing import Any

from api.demo.generator import FIRST_YEAR, Spec
from api.demo.life import Year, _held, _window, record_life
from api.demo.terms import contract_key, synthetic_terms
from domain.terms import ContractTerms


class Meetings:
    """Stands in for the tracker in a generated life: keeps its terms and the day each meeting is held on."""

    def __init__(self) -> None:
        self.versions: dict[str, list[tuple[date, ContractTerms]]] = {}
        self.cadence_of: dict[int, tuple[str, str]] = {}
        self.held: list[tuple[str, str, date]] = []

    def get_contract(self, key: str) -> Any:
        def terms(day: date | None = None) -> ContractTerms:
            return [t for effective, t in self.versions[key] if day is None or effective <= day][-1]

        return SimpleNamespace(terms=terms)

    def revise_contract(self, key: str, terms: ContractTerms, effective: date, *rest: Any) -> None:
        self.versions[key].append((effective, terms))

    def record_meeting_held(self, key: str, cadence: str, day: date, *rest: Any) -> None:
        self.held.append((key, cadence, day))

    def schedule_meeting(self, key: str, cadence: str, on: date, *rest: Any) -> tuple[int, None]:
        self.cadence_of[len(self.cadence_of)] = (key, cadence)
        return len(self.cadence_of) - 1, None

    def hold_meeting(self, meeting: int, day: date, *rest: Any) -> None:
        self.held.append((*self.cadence_of[meeting], day))

    def book_expense(self, *args: Any, **kwargs: Any) -> tuple[int, None]:
        return 1, None

    def __getattr__(self, name: str) -> Any:  # signing, duties, measurements, ending: nothing to keep
        return lambda *args, **kwargs: None


def test_a_window_held_on_a_day_the_cadence_met_already_is_missed_whatever_its_fate() -> None:
    spec = Spec(1, 1, 7)
    day = date(FIRST_YEAR, 3, 3)
    for seed in range(60):  # each fate of the window: held, scheduled, moved, cancelled, missed
        meetings = Meetings()
        terms = synthetic_terms(random.Random(seed), spec.seed, 1, date(FIRST_YEAR, 1, 1), spec.end)
        year = Year(meetings, "k", random.Random(seed), terms, FIRST_YEAR)  # type: ignore[arg-type]
        cadence = terms.activities[0].cadences[0]
        _held(year, cadence, day)
        _window(year, cadence, day, day)
        _held(year, cadence, day)
        year.record()
        assert meetings.held == [("k", cadence.key, day)]


def test_generated_lives_never_hold_two_meetings_of_one_cadence_on_one_day() -> None:
    spec, meetings = Spec(contracts=120, years=4, seed=9), Meetings()
    for number in range(1, spec.contracts + 1):  # as the generator draws them (api/demo/generator.py)
        key, rng = contract_key(spec.seed, number), random.Random(f"{spec.seed}:{number}")
        start = date(FIRST_YEAR, rng.choice([1, 1, 1, 4, 7]), 1)
        meetings.versions[key] = [(date.min, synthetic_terms(rng, spec.seed, number, start, spec.end))]
        record_life(meetings, key, rng)  # type: ignore[arg-type]

    twice = [held for held, count in Counter(meetings.held).items() if count > 1]
    assert len(meetings.held) > 5_000 and twice == []

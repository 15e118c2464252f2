"""`forum demo generate`: a deterministic, fictional national data set written through the use cases.

Contract number n of seed S is ``demo-sS-0000n``; everything about it comes from its own
random generator seeded with "S:n", and its meetings get ids derived from its key, so the same
seed writes the same events (only the recorded timestamps differ). Each contract is drafted,
then its whole history – signed, years of meetings, duties, expenses, measurements, maybe a
revision, ended – is recorded inside ``tracker.together()``: one transaction per contract.
That is what makes it fast, and resumable: a contract that is ended is complete and skipped.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from api.demo.history import COORDINATOR, head
from api.demo.life import record_life
from api.demo.terms import contract_key, synthetic_terms
from domain.errors import NotFoundError, RuleError
from domain.tracker import Tracker

FIRST_YEAR = 2014
# contracts, years: about 10k / 100k / 1M events (measured: README, "Demodata")
SIZES = {"small": (22, 4), "city": (220, 4), "national": (2200, 4)}
_IDS = uuid5(NAMESPACE_URL, "https://forum-tracker.dk/demo")


@dataclass(frozen=True)
class Spec:
    contracts: int
    years: int
    seed: int

    @property
    def end(self) -> date:
        return date(FIRST_YEAR + self.years - 1, 12, 31)


@dataclass(frozen=True)
class Generated:
    written: int  # contracts recorded now
    skipped: int  # contracts already complete
    events: int


def generate(tracker: Tracker, spec: Spec, progress: Callable[[int, int], None] | None = None) -> Generated:
    """Write the data set; ``progress(contracts_done, events_so_far)`` after each contract."""
    _check(tracker, spec)
    start_head, new_id = head(tracker), tracker.new_id
    written = skipped = 0
    try:
        for number in range(1, spec.contracts + 1):
            if _generate_contract(tracker, spec, number):
                written += 1
            else:
                skipped += 1
            if progress is not None:
                progress(number, head(tracker) - start_head)
    finally:
        tracker.new_id = new_id
    return Generated(written, skipped, head(tracker) - start_head)


def _check(tracker: Tracker, spec: Spec) -> None:
    if spec.contracts < 1 or spec.years < 1:
        raise EmptyDemoError()
    if spec.end >= tracker.clock():
        most = tracker.clock().year - FIRST_YEAR
        raise DemoReachesTodayError(FIRST_YEAR, most)


def _generate_contract(tracker: Tracker, spec: Spec, number: int) -> bool:
    """Record contract ``number``; False when it was already complete."""
    key = contract_key(spec.seed, number)
    rng = random.Random(f"{spec.seed}:{number}")
    start = date(FIRST_YEAR, rng.choice([1, 1, 1, 4, 7]), 1)
    terms = synthetic_terms(rng, spec.seed, number, start, spec.end)
    try:
        contract = tracker.get_contract(key)
    except NotFoundError:
        tracker.draft_contract(key, terms, COORDINATOR)
    else:
        if contract.terms(start).period != terms.period:
            raise SeedClashError(key)
        if contract.ended_on is not None:
            return False
    tracker.new_id = _meeting_ids(key)
    with tracker.together():
        record_life(tracker, key, rng)
    return True


def _meeting_ids(key: str) -> Callable[[], UUID]:
    numbers: Iterator[int] = iter(range(1, 1_000_000_000))
    return lambda: uuid5(_IDS, f"{key}/meeting/{next(numbers)}")


def digest(tracker: Tracker) -> str:
    """A fingerprint of every stored event in order: topic, originator, version and state
    without the recorded timestamp – equal for two runs that wrote the same facts."""
    sha = hashlib.sha256()
    start = 1
    while page := tracker.recorder.select_notifications(start=start, limit=5000):
        for n in page:
            state = json.loads(n.state)
            state.pop("timestamp", None)
            line = json.dumps([n.topic, str(n.originator_id), n.originator_version, state], sort_keys=True)
            sha.update(line.encode())
        start = page[-1].id + 1
    return sha.hexdigest()


class EmptyDemoError(RuleError):
    """Demo data has at least one contract and one year."""

    def __init__(self) -> None:
        super().__init__("Angiv mindst én kontrakt og ét år.")


class DemoReachesTodayError(RuleError):
    """Demo history lies wholly in the past."""

    def __init__(self, first_year: int, most: int) -> None:
        self.first_year, self.most = first_year, most
        super().__init__(f"Demodata begynder i {first_year} og må ikke nå i dag; vælg højst {most} år.")


class SeedClashError(RuleError):
    """A generated key already recorded with another period comes from another seed."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"'{key}' findes allerede med en anden periode; brug et andet seed.")

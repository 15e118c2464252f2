"""Whether a store holds nothing but the shipped contract files (`contracts/`): the only store demo data and the
development coordinator may go into without being asked for by name."""

from __future__ import annotations

from pathlib import Path

from api.demo.history import HISTORY_TOPICS
from domain.terms.files import ContractFileError, contract_files, load_contract_file
from domain.tracker import Tracker

SHOWN = 5  # foreign contract keys named in the reason


def shipped_keys(directory: Path) -> set[str]:
    """The keys of the contract files shipped in ``directory`` (a file that does not load counts as not shipped)."""
    keys = set()
    for path in contract_files([directory]):
        try:
            keys.add(load_contract_file(path).key)
        except ContractFileError:
            continue
    return keys


def has_history(tracker: Tracker) -> bool:
    """Meetings, duties, expenses or measurements have been recorded (contracts alone are not history)."""
    return bool(tracker.recorder.select_notifications(start=1, limit=1, topics=HISTORY_TOPICS))


def foreign_contracts(tracker: Tracker, shipped: set[str]) -> list[str]:
    """The stored contracts that are not among the shipped files, in the order they were registered."""
    return [key for key in tracker.contract_keys() if key not in shipped]


def not_only_shipped(tracker: Tracker, shipped: set[str], *, history_counts: bool = True) -> str | None:
    """Why the store holds more than the shipped contract files, in Danish; None when it holds only them."""
    foreign = foreign_contracts(tracker, shipped)
    if foreign:
        named = ", ".join(foreign[:SHOWN]) + (f" og {len(foreign) - SHOWN} til" if len(foreign) > SHOWN else "")
        return f"lageret rummer kontrakter, der ikke er blandt de medfølgende filer: {named}"
    if history_counts and has_history(tracker):
        return "lageret har allerede registreret historik (møder, forpligtelser, udgifter eller målinger)"
    return None

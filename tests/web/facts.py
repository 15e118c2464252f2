"""The facts the web tests look at: the Amager contract in January 2016 with one overdue network meeting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from fastapi import FastAPI

from api.accounts.users import UserDirectory
from api.app import create_app
from api.settings import Settings
from domain.obligation import Evidence
from domain.terms import ContractTerms
from domain.tracker import Tracker
from domain.versions import Decision
from projections.database import ViewDatabase
from projections.runner import Projector
from tests.conftest import AMAGER, EXAMPLE, contract_file, store_url

KEY = "amager-udsatte-grupper-2013"
AS_OF = "2016-01-15"
NETWORK = "netvaerksmoede"
MISSED_WINDOW = ("2015-09-01", "2015-12-31")  # the network meeting of Sep–Dec 2015 was never recorded
USERS = {
    "koordinator": ("coordinator", None),
    "sof-tovholder": ("party", "sof"),  # SOF convenes the network meetings
    "3b-medarbejder": ("party", "3b"),
    "revisor": ("auditor", None),
    "laeser": ("reader", None),
}


def record_history(tracker: Tracker) -> None:
    """Every meeting the contract expects up to 2015 was held, except the last network meeting."""
    for file in (AMAGER, EXAMPLE):
        tracker.import_contract(contract_file(file), actor="koordinator", source=file.name)
    for held in ["2014-03-12", "2014-06-18", "2014-11-05", "2015-03-10", "2015-06-17"]:
        meeting(tracker, NETWORK, held, ["sof", "3b", "vibo-hab-aab-fsb-dfb"])
    for held in ["2014-09-24", "2015-09-23"]:
        meeting(tracker, "temamoede-aarligt", held, ["3b", "vibo-hab-aab-fsb-dfb"], actor="3b-medarbejder")
    for held in ["2014-10-01", "2015-10-01"]:
        meeting(tracker, "kontaktpersonmoede-lokalt", held, ["sof"])
    meeting(tracker, "opstartsmoede-sundbygaard", "2014-04-22", ["sof", "3b"])
    tracker.fulfil_obligation(
        KEY, "sof-kontaktliste-og-dagsorden", date(2014, 3, 12), Evidence(document="Kontaktliste v1"), "sof-tovholder"
    )
    tracker.book_expense(
        KEY, "urbanplanen", date(2015, 5, 1), 45_000_000, "Temadag, lokaleleje og oplæg", "koordinator", funder="lbf"
    )


def meeting(tracker: Tracker, cadence: str, held: str, attendees: list[str], actor: str = "sof-tovholder") -> None:
    tracker.record_meeting_held(KEY, cadence, date.fromisoformat(held), attendees, ["Referat godkendt"], [], "", actor)


def add_users(store: dict[str, str]) -> dict[str, str]:
    """One user per role; returns their tokens by name."""
    db = ViewDatabase(store)
    try:
        directory = UserDirectory(db)
        return {name: directory.add(name, role, party, "test")[1] for name, (role, party) in USERS.items()}
    finally:
        db.close()


def project(tracker: Tracker, store: dict[str, str]) -> None:
    """Bring the views up to date before the app serves them."""
    projector = Projector(tracker, store)
    try:
        projector.catch_up()
    finally:
        projector.close()


def amager_app(
    store: dict[str, str], *more: Callable[[Tracker], None], url: tuple[str, str | None] | None = None
) -> tuple[FastAPI, dict[str, str]]:
    """The app over ``store`` holding the Amager history (then whatever ``more`` records), projected, and a
    token per user; ``url`` is the app's database URL and schema when not the store's own."""
    tracker = Tracker(store, clock=lambda: date(2016, 1, 15))
    try:
        record_history(tracker)
        for record in more:
            record(tracker)
        project(tracker, store)
    finally:
        tracker.close()
    tokens = add_users(store)
    database_url, schema = url or store_url(store)
    documents = store.get("FORUM_DOCUMENTS_DIR")  # the store's own folder of documents, when it names one
    settings = Settings(database_url=database_url, postgres_schema=schema, pool_size=2, documents_dir=documents)
    return create_app(settings), tokens


FORUM = "Boligsocialt Forum Amager"


def record_revisions(tracker: Tracker, today: date) -> None:
    """The forum's revision of 24.11.2016 (in force 01.01.2017) and one decided now but in force in 60 days.

    From 2017 the network meets four times a year, Urbanplanen allocates 500.000,00 kr. to the
    network and the evictions indicator gets a baseline and a target; 41 evictions were measured
    for 2015. The later revision retitles the contract.
    """
    terms = tracker.get_contract(KEY).terms().model_dump(mode="json")
    for activity in terms["activities"]:
        for cadence in activity["cadences"]:
            if cadence["key"] == NETWORK:
                cadence["frequency"] = {"kind": "per_year", "times": 4}
    urbanplanen = next(p for p in terms["plans"] if p["key"] == "urbanplanen")
    urbanplanen["budget_frame"]["allocations"] = [{"activity": "praksisnetvaerk", "amount": 50_000_000}]
    terms["goals"][0]["indicators"][0] |= {"baseline": "45", "target": "30"}
    decided = Decision(FORUM, date(2016, 11, 24), "Referat, punkt 3")
    tracker.revise_contract(KEY, ContractTerms.model_validate(terms), date(2017, 1, 1), decided, "koordinator")
    tracker.record_measurement(
        KEY, "udsaettelser", "2015", Decimal(41), date(2016, 1, 31), "Fogedretten", "koordinator"
    )
    later = ContractTerms.model_validate(terms | {"title": "Kontrakt – Amager, Udsatte grupper (forlænget)"})
    tracker.revise_contract(
        KEY, later, today + timedelta(days=60), Decision(FORUM, today, "Referat, punkt 5"), "koordinator"
    )

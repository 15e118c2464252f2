"""The pages "som kendt pr.": the contract page and the overview as they could have been shown then."""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain.tracker import Tracker
from tests.web.conftest import Web
from tests.web.facts import AS_OF, KEY

CONTRACT = f"/kontrakter/{KEY}"


def a_moment_after_everything_so_far() -> datetime:
    """Now, once the clock has moved past it: every event recorded later has a later time."""
    moment = datetime.now(UTC)
    while datetime.now(UTC) <= moment:
        pass
    return moment


def test_the_contract_page_and_overview_as_known_then_ignore_what_was_recorded_afterwards(web: Web) -> None:
    client = web.login("koordinator")
    printed = a_moment_after_everything_so_far()
    tracker: Tracker = client.app.state.tracker  # type: ignore[attr-defined]
    _, outcome = tracker.reverse_expense(KEY, "urbanplanen", 1, date(2015, 5, 2), "Fejlbogført", "koordinator")
    known = {"as_of": AS_OF, "kendt": printed.isoformat(), "min_position": outcome.position}

    then = client.get(CONTRACT, params=known)
    now = client.get(CONTRACT, params={"as_of": AS_OF, "min_position": outcome.position})
    overview = client.get("/", params=known)
    before = client.get(CONTRACT, params={"kendt": "2000-01-01 12:00"})

    assert then.status_code == 200, then.text
    assert "Brugt 450.000,00 kr. af 3.038.447,00 kr." in then.text  # by hand: 450.000 kr booked, not yet reversed
    assert "Brugt 0,00 kr. af 3.038.447,00 kr." in now.text
    assert 'data-testid="som-kendt"' in then.text and 'data-testid="som-kendt"' not in now.text
    assert 'name="kendt"' in then.text
    assert overview.status_code == 200 and "Amager, Udsatte grupper" in overview.text
    assert f"kendt={printed.isoformat()}".replace(":", "%3A").replace("+", "%2B") in overview.text
    assert before.status_code == 404 and "var ikke registreret" in before.text

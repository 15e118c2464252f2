"""Reminders in Chromium: the unsubscribe link opened without signing in, and a user's own choice of how often."""

from __future__ import annotations

from typing import Any

from api.accounts.users import UserDirectory
from api.mail.subscriptions import user_recipients
from api.mail.unsubscribe_link import unsubscribe_secret, unsubscribe_token
from api.settings import Settings
from projections.database import ViewDatabase
from tests.browser.conftest import Served
from tests.browser.test_dashboards import log_in
from tests.conftest import postgres_env


def test_the_link_opens_a_page_whose_button_unsubscribes_without_signing_in(
    page: Any, served: Served, postgres_url: str, postgres_schema: str
) -> None:
    db = ViewDatabase(postgres_env(postgres_url, postgres_schema))
    try:
        UserDirectory(db).add("sofie", "party", "sof", "test", email="sofie@sof.kk.dk")
        token = unsubscribe_token(unsubscribe_secret(Settings().seal_key_path()), "user:sofie")
        before = [r.ref for r in user_recipients(db)]

        page.goto(f"{served.url}/afmeld?t={token}")
        page.get_by_role("button", name="Afmeld påmindelser").click()
        receipt = page.get_by_role("status").inner_text()
        after = [r.ref for r in user_recipients(db)]
    finally:
        db.close()

    assert before == ["user:sofie"] and after == []
    assert receipt == "Du er afmeldt. Du får ikke flere påmindelser eller eskaleringer fra forum-tracker."


def test_a_party_user_chooses_daily_reminders_on_their_own_page(
    page: Any, served: Served, postgres_url: str, postgres_schema: str
) -> None:
    db = ViewDatabase(postgres_env(postgres_url, postgres_schema))
    try:
        UserDirectory(db).set_email("sof-tovholder", "tovholder@sof.kk.dk")
        log_in(page, served, "sof-tovholder")
        page.goto(f"{served.url}/paamindelser")
        default = page.get_by_label("Hver uge: frister og forfaldne for min part").is_checked()
        page.get_by_label("Hver dag").check()
        page.get_by_role("button", name="Gem").click()
        saved = page.get_by_role("status").inner_text()
        chosen = [(r.ref, r.frequency) for r in user_recipients(db)]
    finally:
        db.close()

    assert default and saved == "Dit valg er gemt." and page.get_by_label("Hver dag").is_checked()
    assert chosen == [("user:sof-tovholder", "daily")]
    assert "Påmindelserne sendes til tovholder@sof.kk.dk" in page.content()

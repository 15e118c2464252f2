"""The unsubscribe link from a reminder, opened in Chromium without signing in: one button, then the receipt."""

from __future__ import annotations

from typing import Any

from api.accounts.users import UserDirectory
from api.mail.subscriptions import user_recipients
from api.mail.unsubscribe_link import unsubscribe_secret, unsubscribe_token
from api.settings import Settings
from projections.database import ViewDatabase
from tests.browser.conftest import Served
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

"""In a real browser: the revision pack printed to PDF reads in the forum's language — no raw path, no øre."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from tests.browser.conftest import ARTIFACTS, Served
from tests.conftest import postgres_env
from tests.e2e.conftest import served as serving
from tests.web.facts import KEY, amager_app, record_revisions

pytestmark = pytest.mark.browser
RAW_PATH = re.compile(r"\b(?:activities|plans|goals|parties|contacts|budget_frame|cadences|allocations)\.[a-z0-9_-]+")
ORE = re.compile(r"(?<![\d.,])\d{5,}(?![\d.,])")  # 50000000: a krone amount reads 500.000,00 kr.


@pytest.fixture
def revised(postgres_url: str, postgres_schema: str) -> Iterator[Served]:
    """The app over the Amager history with the forum's revision of 2016 and one decided, not yet in force."""
    store = postgres_env(postgres_url, postgres_schema)
    app, tokens = amager_app(
        store, lambda tracker: record_revisions(tracker, date.today()), url=(postgres_url, postgres_schema)
    )
    with serving(app) as url:
        yield Served(url, tokens)


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_printed_revision_pack_has_no_raw_path_and_no_amount_in_ore(page: Any, revised: Served) -> None:
    known = (date.today() + timedelta(days=1)).isoformat()  # everything recorded by the test is known by then
    page.goto(f"{revised.url}/log-ind")
    page.get_by_text("Log ind med et API-token").click()
    page.get_by_label("Dit token").fill(revised.tokens["revisor"])
    page.get_by_role("button", name="Log ind med token").click()
    page.wait_for_url(f"{revised.url}/**")
    page.goto(f"{revised.url}/kontrakter/{KEY}/revisionspakke?as_of={known}")
    page.get_by_role("heading", name="Ændringer i kontrakten").wait_for()
    page.emulate_media(media="print")

    ARTIFACTS.mkdir(exist_ok=True)
    text = pdf_text(page.pdf(format="A4", path=str(ARTIFACTS / "revisionspakke-sprog.pdf")))

    flat = " ".join(text.split())
    assert "3 → 4 gange årligt" in flat
    assert "500.000,00 kr. tilføjet" in flat
    assert "træder i kraft" in flat
    assert not RAW_PATH.search(flat), RAW_PATH.search(flat)
    assert not ORE.search(flat), ORE.search(flat)

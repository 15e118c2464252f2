"""In a real browser: SOF attaches the minutes of a network meeting through the form and downloads them again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import document_samples as sample
from tests.browser.conftest import Served, amager_served
from tests.browser.test_dashboards import log_in
from tests.web.facts import AS_OF, KEY

pytestmark = pytest.mark.browser


@pytest.fixture
def with_documents(postgres_url: str, postgres_schema: str, tmp_path: Path) -> Iterator[Served]:
    """The Amager history on PostgreSQL, its documents kept in the test's own folder."""
    with amager_served(postgres_url, postgres_schema, FORUM_DOCUMENTS_DIR=str(tmp_path / "dokumenter")) as found:
        yield found


def test_a_convener_attaches_the_minutes_of_a_meeting_and_downloads_them(
    page: Any, with_documents: Served, tmp_path: Path
) -> None:
    minutes = tmp_path / "Referat netværksmøde.txt"
    minutes.write_bytes(sample.TEXT)
    log_in(page, with_documents, "sof-tovholder")
    page.goto(f"{with_documents.url}/kontrakter/{KEY}/moeder/netvaerksmoede?as_of={AS_OF}")
    meeting_documents = page.get_by_role("region", name="Dokumenter til møderne")
    assert "Ingen dokumenter vedhæftet." in meeting_documents.inner_text()
    meeting_documents.get_by_role("link", name="Vedhæft dokument").click()

    assert "aldrig indeholde personoplysninger om beboere" in page.get_by_role("main").inner_text()
    fact = page.get_by_label("Hører til")
    meeting = next(o for o in fact.locator("option").all_inner_texts() if o.startswith("Møde: netvaerksmoede"))
    fact.select_option(label=meeting)
    page.get_by_label("Dokument", exact=True).set_input_files(str(minutes))
    page.get_by_label("Hvad er det?").fill("referat")
    page.get_by_role("button", name="Vedhæft dokumentet").click()

    assert page.get_by_role("status").inner_text() == "Dokumentet er vedhæftet."
    page.goto(f"{with_documents.url}/kontrakter/{KEY}/moeder/netvaerksmoede?as_of={AS_OF}")
    listed = page.get_by_role("region", name="Dokumenter til møderne")
    assert "referat" in listed.inner_text()
    with page.expect_download() as download:
        listed.get_by_role("link", name="Referat netværksmøde.txt").click()
    assert download.value.suggested_filename == "Referat netværksmøde.txt"
    assert Path(download.value.path()).read_bytes() == sample.TEXT

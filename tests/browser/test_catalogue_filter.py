"""In a real browser: a coordinator narrows the overview to the contracts with social caretakers, then to a group."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import Served
from tests.browser.test_dashboards import log_in

pytestmark = pytest.mark.browser
AMAGER = "Amager, Udsatte grupper"
EXAMPLE = "Eksempel: Kontrakt om social vicevært"


def test_the_overview_is_narrowed_by_activity_type_and_target_group(page: Any, served: Served) -> None:
    log_in(page, served, "koordinator")
    page.get_by_label("Vis eksempler").check()  # examples are left out unless asked for
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**eksempler=1**")
    contracts = page.get_by_role("table")
    assert AMAGER in contracts.inner_text() and EXAMPLE in contracts.inner_text()

    page.get_by_label("Aktivitetstype").select_option(label="Social vicevært")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**aktivitetstype=social-vicevaert**")
    assert EXAMPLE in contracts.inner_text() and AMAGER not in contracts.inner_text()

    page.get_by_label("Aktivitetstype").select_option(label="Alle")
    page.get_by_label("Målgruppe").select_option(label="Psykisk sårbare beboere")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**maalgruppe=psykisk-saarbare**")
    assert AMAGER in contracts.inner_text() and EXAMPLE not in contracts.inner_text()
    assert page.get_by_label("Målgruppe").input_value() == "psykisk-saarbare"

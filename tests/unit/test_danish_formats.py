"""One Danish format per kind of figure, shared by pages and the command line: percents, overdue counts, and amounts
that never end a sentence with a doubled period."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from domain.vocabulary import OBLIGATION_STATE, WINDOW_STATE, dk_percent, overdue_count

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("value", "shown"), [(92.0, "92,0 %"), (100, "100,0 %"), (4.95, "5,0 %"), (None, "–")])
def test_a_percent_reads_the_same_on_pages_and_in_the_command_line(value: float | None, shown: str) -> None:
    assert dk_percent(value) == shown


@pytest.mark.parametrize(("count", "shown"), [(0, "0 forfaldne"), (1, "1 forfalden"), (104, "104 forfaldne")])
def test_an_overdue_count_takes_the_glossarys_word_in_the_right_number(count: int, shown: str) -> None:
    assert overdue_count(count) == shown


def test_overdue_is_one_word_for_obligations_and_meetings_alike() -> None:
    assert OBLIGATION_STATE["overdue"] == WINDOW_STATE["overdue"] == "forfalden"


def test_no_template_or_module_puts_a_period_after_an_amount_that_ends_in_kr() -> None:
    """'kr.' is an abbreviation that already ends the sentence; '1.000,00 kr..' is what a period after it gives."""
    after_filter = re.compile(r"\|\s*(kr|hele_kr)\s*\}\}\.")
    after_call = re.compile(r"(format_kroner|format_whole_kroner)\([^()]*\)\}\.")
    files = [*ROOT.glob("api/web/templates/*.html"), *ROOT.glob("api/**/*.py"), *ROOT.glob("domain/**/*.py")]

    found = [f"{f.relative_to(ROOT)}" for f in files if after_filter.search(t := f.read_text()) or after_call.search(t)]

    assert len(files) > 50 and found == []

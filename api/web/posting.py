"""A page's form posted: read → refused with what was typed, or written → refused by the conflict or the rule, or saved.

A form route reads its fields with a ``FormReader``, then hands the rest to ``FormPage.post``: the page again
(422) when a field is wrong, the use case otherwise, the page again when the write is refused (409 with what
someone else recorded since the form was shown, or 422 with the broken rule), and the redirect when it is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any
from uuid import UUID

from fastapi import Request, Response

from api.http.reading import tracker
from api.web.fields import FormReader, Forms
from api.web.params import Day
from api.web.session import Session
from domain.contract import contract_id
from domain.errors import RuleError, StaleError
from domain.tracker import Outcome, Tracker

REFUSALS: tuple[type[Exception], ...] = (StaleError, RuleError)
DutyDrawing = Callable[[Request, Session, str, str, Day, Forms], Response]  # (…, key, responsibility, as_of, forms)
DutyPage = Callable[[Request, Session, str, str, Day], "FormPage"]


def duty_forms(names: tuple[str, ...], draw: DutyDrawing, log_id: Callable[[UUID, str], UUID]) -> DutyPage:
    """The forms of one duty's page (a responsibility of a contract), whose writes change the duty's log."""

    def page(request: Request, session: Session, key: str, responsibility: str, as_of: Day) -> FormPage:
        drawn = partial(draw, request, session, key, responsibility, as_of)
        return FormPage(names, drawn, tracker(request), log_id(contract_id(key), responsibility))

    return page


@dataclass(frozen=True)
class FormPage:
    """One page's forms (``names``), how to draw it with them, and the aggregate its writes change."""

    names: tuple[str, ...]
    draw: Callable[[Forms], Response]
    tracker: Tracker
    aggregate_id: UUID

    def show(self, initial: dict[str, dict[str, Any]]) -> Response:
        """The page with its forms unfilled but for the ``initial`` values of some (a date defaulting to today)."""
        return self.draw(Forms({name: initial.get(name, {}) for name in self.names}))

    def post(
        self,
        which: str,
        reader: FormReader,
        seen: int | None,
        write: Callable[[], Outcome] | None,
        saved: Callable[[int | None], Response],
        refusals: tuple[type[Exception], ...] = REFUSALS,
    ) -> Response:
        """Run ``write`` once form ``which`` reads well (``seen``: the version it was shown with; ``write`` is None
        when a field it needs is missing); ``saved`` gets the log position of what was recorded. Call it after
        reading every field, so that each unreadable one is named."""
        if write is None or not reader.ok:
            return self.draw(Forms.refused(self.names, which, reader))
        try:
            outcome = write()
        except refusals as e:
            return self.draw(Forms.refused_by(e, self.names, which, reader, (self.tracker, self.aggregate_id, seen)))
        return saved(outcome.position)

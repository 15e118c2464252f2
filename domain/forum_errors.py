"""Rules of the forum checked beside the aggregate (its file, its decisions' use)."""

from __future__ import annotations

from domain.errors import RuleError


class DecisionChangedError(RuleError):
    """A registered decision is a fact: a forum file cannot change its text."""

    def __init__(self, forum: str, number: str) -> None:
        self.forum, self.number = forum, number
        super().__init__(
            f"Beslutningen '{number}' er allerede i {forum}s beslutningsregister med en anden tekst; en registreret "
            "beslutning ændres ikke. Registrér en ny beslutning (ny reference) i stedet."
        )

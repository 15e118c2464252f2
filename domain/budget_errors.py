"""The ledger's named rule errors, each carrying the data its Danish message is made from."""

from __future__ import annotations

from domain.errors import NotFoundError, RuleError
from domain.money import format_kroner


class AmountNotPositiveError(RuleError):
    """An expense is more than 0 kr.; a wrong one is corrected or reversed, never booked negative."""

    def __init__(self) -> None:
        super().__init__(
            "Et udgiftsbeløb skal være større end 0 kr. Ret eller tilbagefør den postering, der er forkert."
        )


class ExpenseTextRequiredError(RuleError):
    """An expense says what it paid for."""

    def __init__(self) -> None:
        super().__init__("Angiv en tekst for udgiften.")


class EntryNotFoundError(NotFoundError):
    """The ledger has no entry with this number."""

    def __init__(self, plan: str, entry: int) -> None:
        self.plan, self.entry = plan, entry
        super().__init__(f"Postering nr. {entry} findes ikke i regnskabet for '{plan}'.")


class ReversalOfReversalError(RuleError):
    """A reversal is not itself reversed; book the expense again instead."""

    def __init__(self, entry: int) -> None:
        self.entry = entry
        super().__init__(f"Postering nr. {entry} er selv en tilbageførsel og kan ikke tilbageføres.")


class AlreadyReversedError(RuleError):
    """An entry is reversed once."""

    def __init__(self, entry: int) -> None:
        self.entry = entry
        super().__init__(f"Postering nr. {entry} er allerede tilbageført.")


class ReversalBeforeEntryError(RuleError):
    """A reversal is dated on or after the entry it reverses."""

    def __init__(self) -> None:
        super().__init__("En tilbageførsel kan ikke dateres før den postering den tilbagefører.")


class ReversalReasonRequiredError(RuleError):
    """A reversal says why."""

    def __init__(self) -> None:
        super().__init__("Angiv en begrundelse for tilbageførslen.")


class CounterEntryError(RuleError):
    """Only an expense is corrected or reversed, not a counter-entry (the correction of one)."""

    def __init__(self, entry: int, of: int) -> None:
        self.entry, self.of = entry, of
        super().__init__(
            f"Postering nr. {entry} er en rettelse af postering nr. {of} og kan ikke selv rettes eller "
            f"tilbageføres; ret eller tilbagefør postering nr. {of}."
        )


class CorrectionNotPositiveError(RuleError):
    """A correction takes a positive amount off an expense; more spending is a new expense."""

    def __init__(self) -> None:
        super().__init__("En rettelse skal være større end 0 kr. Bogfør en ny udgift, hvis der er brugt mere.")


class CorrectionExceedsRemainingError(RuleError):
    """A correction takes off at most what remains of the expense (its amount less corrections)."""

    def __init__(self, entry: int, amount_ore: int, remaining_ore: int) -> None:
        self.entry, self.amount, self.remaining = entry, format_kroner(amount_ore), format_kroner(remaining_ore)
        super().__init__(
            f"En rettelse på {self.amount} er mere end der er tilbage af postering nr. {entry} ({self.remaining})."
        )


class CorrectionBeforeEntryError(RuleError):
    """A correction is dated on or after the entry it corrects."""

    def __init__(self) -> None:
        super().__init__("En rettelse kan ikke dateres før den postering den retter.")


class CorrectionReasonRequiredError(RuleError):
    """A correction says why."""

    def __init__(self) -> None:
        super().__init__("Angiv en begrundelse for rettelsen.")


class NothingRemainsError(RuleError):
    """A reversal takes off what remains of an expense; an expense corrected to 0 kr. has nothing left."""

    def __init__(self, entry: int) -> None:
        self.entry = entry
        super().__init__(f"Postering nr. {entry} er rettet til 0,00 kr.; der er intet tilbage at tilbageføre.")

"""The obligation log's named rule errors, each carrying the data its Danish message is made from."""

from __future__ import annotations

from datetime import date

from domain.errors import RuleError


class FulfilmentBeforeWindowError(RuleError):
    """A fulfilment falls in (or after) its occurrence's window, never before it opens."""

    def __init__(self, fulfilled_on: date, window_start: date, due: date) -> None:
        self.fulfilled_on, self.window_start, self.due = fulfilled_on, window_start, due
        super().__init__(
            f"Opfyldelsen {fulfilled_on:%d.%m.%Y} ligger før forpligtelsens periode "
            f"({window_start:%d.%m.%Y}–{due:%d.%m.%Y})."
        )


class EvidenceRequiredError(RuleError):
    """A fulfilment shows what proves it: a held meeting or a document."""

    def __init__(self) -> None:
        super().__init__("Angiv dokumentation: et afholdt møde eller en dokumentreference.")


class WaiverReasonRequiredError(RuleError):
    """A waiver says why."""

    def __init__(self) -> None:
        super().__init__("Angiv en begrundelse for at frafalde forpligtelsen.")


class AlreadySettledError(RuleError):
    """An occurrence is met once and waived once; a waiver after it is met is refused too."""

    def __init__(self, responsibility: str, due: date, kind: str) -> None:
        self.responsibility, self.due, self.kind = responsibility, due, kind
        what = "opfyldt" if kind == "fulfilled" else "frafaldet"
        super().__init__(f"Forpligtelsen '{responsibility}' med frist {due:%d.%m.%Y} er allerede {what}.")


class AmbiguousFulfilmentError(RuleError):
    """A fulfilment naming no occurrence, with several open ones due by its day, must name one."""

    def __init__(self, responsibility: str, on: date, open_dues: list[date]) -> None:
        self.responsibility, self.on, self.open_dues = responsibility, on, open_dues
        dues = ", ".join(f"{d:%d.%m.%Y}" for d in open_dues)
        super().__init__(
            f"Opfyldelsen {on:%d.%m.%Y} af '{responsibility}' kan gælde flere åbne frister: {dues}. "
            f"Angiv hvilken med fristen (--due ÅÅÅÅ-MM-DD, eller feltet 'frist')."
        )


class NotWaivedError(RuleError):
    """Only a waiver in force can be withdrawn."""

    def __init__(self, responsibility: str, due: date) -> None:
        self.responsibility, self.due = responsibility, due
        super().__init__(f"Forpligtelsen '{responsibility}' med frist {due:%d.%m.%Y} er ikke frafaldet.")


class WithdrawalReasonRequiredError(RuleError):
    """Withdrawing a waiver says why."""

    def __init__(self) -> None:
        super().__init__("Angiv en begrundelse for at tilbagekalde frafaldet.")

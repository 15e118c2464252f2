"""The co-financing ledger's rule errors, each with the data its Danish message is made from."""

from __future__ import annotations

from datetime import date

from domain.errors import NotFoundError, RuleError
from domain.money import format_kroner

APPROVER_NAMES = {"municipality": "kommunen", "lbf": "Landsbyggefonden"}  # in a sentence


class PaymentNotPositiveError(RuleError):
    def __init__(self) -> None:
        super().__init__("Beløbet skal være større end 0 kr.")


class UnspentAlreadyTransferredError(RuleError):
    def __init__(self, plan: str, transferred_on: date) -> None:
        self.plan, self.transferred_on = plan, transferred_on
        super().__init__(
            f"Helhedsplanen '{plan}': de ubrugte midler blev overført til reguleringskontoen "
            f"{transferred_on:%d.%m.%Y}; det sker kun én gang."
        )


class TransferBeforePeriodEndError(RuleError):
    def __init__(self, plan: str, on: date, end: date) -> None:
        self.plan, self.on, self.end = plan, on, end
        super().__init__(
            f"Helhedsplanen '{plan}' løber til {end:%d.%m.%Y}: ubrugte midler kan først overføres til "
            f"reguleringskontoen efter periodens slut, ikke {on:%d.%m.%Y}."
        )


class RegulationFundsShortError(RuleError):
    def __init__(self, plan: str, amount_ore: int, available_ore: int) -> None:
        self.plan = plan
        self.amount, self.available = format_kroner(amount_ore), format_kroner(available_ore)
        super().__init__(
            f"Helhedsplanen '{plan}': der er kun {self.available} på reguleringskontoen, som ikke allerede er "
            f"søgt anvendt; {self.amount} kan ikke søges."
        )


class RegulationUseNotFoundError(NotFoundError):
    def __init__(self, plan: str, use: int) -> None:
        self.plan, self.use = plan, use
        super().__init__(f"Helhedsplanen '{plan}' har ingen anvendelse nr. {use} af reguleringskontoen.")


class RegulationAlreadyApprovedError(RuleError):
    def __init__(self, plan: str, use: int, approver: str) -> None:
        self.plan, self.use, self.approver = plan, use, APPROVER_NAMES.get(approver, approver)
        super().__init__(
            f"Helhedsplanen '{plan}': anvendelse nr. {use} af reguleringskontoen er allerede godkendt af "
            f"{self.approver}."
        )


class ApprovalBeforeRequestError(RuleError):
    def __init__(self, plan: str, use: int, approved_on: date) -> None:
        self.plan, self.use, self.approved_on = plan, use, approved_on
        super().__init__(
            f"Helhedsplanen '{plan}': en godkendelse {approved_on:%d.%m.%Y} ligger før anvendelse nr. {use} "
            f"af reguleringskontoen blev søgt."
        )


class RegulationApprovalsMissingError(RuleError):
    """The regulation account is used only once the municipality and Landsbyggefonden both approved."""

    def __init__(self, plan: str, use: int, missing: list[str]) -> None:
        self.plan, self.use = plan, use
        self.missing = [APPROVER_NAMES.get(m, m) for m in missing]
        super().__init__(
            f"Helhedsplanen '{plan}': anvendelse nr. {use} af reguleringskontoen kræver godkendelse fra både "
            f"kommunen og Landsbyggefonden; mangler: {' og '.join(self.missing)}."
        )


class RegulationUseAlreadySpentError(RuleError):
    def __init__(self, plan: str, use: int) -> None:
        self.plan, self.use = plan, use
        super().__init__(f"Helhedsplanen '{plan}': anvendelse nr. {use} af reguleringskontoen er allerede brugt.")


class UseBeforeApprovalError(RuleError):
    def __init__(self, plan: str, use: int, on: date, approved_on: date) -> None:
        self.plan, self.use, self.on, self.approved_on = plan, use, on, approved_on
        super().__init__(
            f"Helhedsplanen '{plan}': anvendelse nr. {use} kan ikke bruges {on:%d.%m.%Y}, før den sidste "
            f"godkendelse {approved_on:%d.%m.%Y}."
        )


class FunderNotOfPlanFrameError(RuleError):
    def __init__(self, plan: str, funder: str, funders: list[str]) -> None:
        self.plan, self.funder, self.funders = plan, funder, funders
        super().__init__(
            f"'{funder}' er ikke en finansieringskilde i helhedsplanen '{plan}' (kilder: {', '.join(funders)})."
        )


class ApprovalDecisionRequiredError(RuleError):
    """Every approval of a use of the regulation account rests on a forum decision: forum, day and reference."""

    def __init__(self, plan: str, use: int, missing: list[str]) -> None:
        self.plan, self.use, self.missing = plan, use, missing
        super().__init__(
            f"Helhedsplanen '{plan}': en godkendelse af anvendelse nr. {use} skal henvise til forummets beslutning "
            f"(mangler: {', '.join(missing)})."
        )

"""Every named domain error says in Danish what was refused, made from the data it carries."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from api.accounts import passwords, users
from api.demo import generator, history
from api.http import preconditions, reading
from api.open_data import feed
from api.reports import contract_views
from api.web import params
from domain import (
    attestation,
    bounds,
    budget,
    contact_persons,
    contract,
    decisions,
    document_types,
    documents,
    duties,
    errors,
    goal,
    meeting,
    obligation,
    standing,
)

ON = date(2015, 3, 12)
EXAMPLES: list[errors.DomainError] = [
    errors.TermsError([("activities[0].key", "feltet mangler")]),
    errors.ContractNotFoundError("amager"),
    errors.ContractNotKnownError("amager", datetime(2013, 1, 1, 12, 30, tzinfo=UTC)),
    errors.VersionNotFoundError("amager", 7),
    errors.PlanNotFoundError("amager", "urbanplanen"),
    errors.IndicatorNotFoundError("amager", "udsaettelser"),
    errors.RateOutOfRangeError("gennemfoerelse", 120),
    errors.ResponsibilityNotFoundError("kontaktliste", "amager"),
    errors.CadenceNotFoundError("netvaerksmoede"),
    errors.MeetingNotFoundError("3f2a"),
    errors.NothingBookedError("amager", "urbanplanen"),
    errors.ContractAlreadyExistsError("amager"),
    errors.MeetingAlreadyRecordedError("netvaerksmoede", ON),
    errors.LifecycleMismatchError("underskrevet", ON, date(2013, 12, 12)),
    errors.ContractFileRepeatedError("amager", "a.yaml", "b.yaml"),
    errors.ContractImportRefusedError("b.yaml", contract.EndBeforeSigningError()),
    errors.MeetingHeldInFutureError(ON),
    errors.UnknownAttendeesError(["sofx"]),
    errors.UnknownActivityError("amager", "lektiecafe"),
    errors.FunderNotOfPlanError("lbf", "urbanplanen", ["municipality"]),
    errors.ExpenseOutsidePlanPeriodError("urbanplanen", ON, date(2016, 1, 1), date(2017, 12, 31)),
    errors.UnknownTermsPathError("activities.x.name"),
    errors.RoleNotPermittedError("læser", "bogføre udgifter", ["koordinator", "part"]),
    errors.NotPartyError("sof", "amager"),
    errors.NotConvenerError("3b", "netvaerksmoede"),
    errors.NotResponsibleError("3b", "kontaktliste"),
    errors.NotOnPlanError("sof", "urbanplanen"),
    contract.ContractAlreadySignedError("amager", ON),
    contract.SignedAfterEndError("amager"),
    contract.RevisedAfterEndError("amager", ON),
    contract.DecidingForumRequiredError(),
    contract.ContractAlreadyEndedError("amager", ON),
    contract.EndBeforeSigningError(),
    decisions.DecisionRequiredError("amager", ["dato", "reference"]),
    decisions.FileDecisionRequiredError("amager"),
    decisions.DecisionAlreadyUsedError("amager", "Boligsocialt Forum Amager", ON, "punkt 4"),
    meeting.MeetingNotScheduledError("held"),
    meeting.MeetingAlreadyHeldError("cancelled"),
    meeting.AttendeesRequiredError(),
    meeting.MeetingNotMovableError("held"),
    meeting.MeetingAlreadyOnDayError(ON),
    meeting.MeetingNotCancellableError("held"),
    meeting.CancellationReasonRequiredError(),
    contact_persons.PersonNotFoundError("5f0c"),
    contact_persons.PersonErasedError("5f0c"),
    contact_persons.ErasureReasonRequiredError(),
    contact_persons.ContactRoleNotFoundError("amager", "sof-leder"),
    contact_persons.PersonNameRequiredError("sof-leder"),
    obligation.FulfilmentBeforeWindowError(ON, date(2015, 4, 1), date(2015, 6, 30)),
    obligation.EvidenceRequiredError(),
    obligation.WaiverReasonRequiredError(),
    obligation.AlreadySettledError("kontaktliste", ON, "fulfilled"),
    obligation.AmbiguousFulfilmentError("kvartalsrapport", ON, [date(2015, 3, 31), date(2015, 6, 30)]),
    obligation.NotWaivedError("kontaktliste", ON),
    obligation.WithdrawalReasonRequiredError(),
    duties.NoDueDatesError("kontaktliste", "løbende"),
    duties.NoSuchDueDateError("kontaktliste", ON),
    duties.NoWindowCoveringError("kontaktliste", ON),
    attestation.NotAnAttestationPeriodError("2015-H3"),
    attestation.UnknownAttestationStatusError("måske"),
    attestation.AttestationReasonRequiredError("delvist opfyldt"),
    attestation.AttestationEvidenceRequiredError("opfyldt"),
    attestation.AttestationBeforePeriodError("2015", date(2014, 12, 1), date(2015, 1, 1)),
    attestation.AttestationTextTooLongError(2500, 2000),
    standing.NotStandingDutyError("kontaktliste", "once"),
    standing.NoSuchAttestationPeriodError("aktiv-kontaktperson", "2019", "år", "2014–2017"),
    standing.NotAsNeededDutyError("aktiv-kontaktperson", "ongoing"),
    standing.EvidenceOutsideContractError("oplaeg", date(2018, 2, 1), date(2014, 1, 1), date(2017, 12, 31)),
    standing.DatedInFutureError(date(2016, 2, 1), date(2016, 1, 15)),
    budget.AmountNotPositiveError(),
    budget.ExpenseTextRequiredError(),
    budget.EntryNotFoundError("urbanplanen", 7),
    budget.ReversalOfReversalError(2),
    budget.AlreadyReversedError(1),
    budget.ReversalBeforeEntryError(),
    budget.ReversalReasonRequiredError(),
    budget.CounterEntryError(3, 1),
    budget.CorrectionNotPositiveError(),
    budget.CorrectionExceedsRemainingError(1, 10_000_051, 10_000_050),
    budget.CorrectionBeforeEntryError(),
    budget.CorrectionReasonRequiredError(),
    budget.NothingRemainsError(1),
    goal.AlreadyMeasuredError("udsaettelser", "2015"),
    goal.MeasurementNotFoundError("udsaettelser", "2015-Q2"),
    goal.CorrectionSourceRequiredError(),
    goal.NotAPeriodError("2015-Q5"),
    bounds.AmountOutOfRangeError("amount", 10**20),
    bounds.DateOutOfRangeError("booked_on", date(9999, 12, 31)),
    bounds.NumberOutOfRangeError("value"),
    bounds.TextTooLongError("text", 20_001, 20_000),
    bounds.ControlCharacterError("text", "\x1b"),
    bounds.TooManyItemsError("attendees", 1_001, 1_000),
    params.NotADateError("12-03-2015", "as_of"),
    params.NotAMomentError("i går"),
    reading.NotACursorError("x,y"),
    feed.ReleaseNotFoundError("amager", "x"),
    contract_views.NotAPointError("v"),
    preconditions.PositionNotRecordedError(99, 42),
    history.HistoryAlreadyRecordedError("amager"),
    generator.EmptyDemoError(),
    generator.DemoReachesTodayError(2014, 12),
    generator.SeedClashError("demo-1-001"),
    users.UnknownRoleError("chef", ("reader", "party", "coordinator")),
    users.PartyBindingError(),
    users.UserNameRequiredError(),
    users.UserExistsError("karen"),
    users.UserNotFoundError("karen"),
    users.InvalidEmailError("karen@"),
    users.EmailTakenError("karen@example.dk", "karen"),
    passwords.PasswordTooShortError(12, 1024),
    passwords.ResetLinkInvalidError(),
    document_types.DocumentTypeRefusedError("program.pdf"),
    document_types.DocumentNameMismatchError("billede.pdf", "PNG", (".png",)),
    document_types.DocumentTooLargeError("referat.pdf", 26_527_334, 20_971_520),
    document_types.DocumentEmptyError("tom.txt"),
    document_types.DocumentNameRequiredError(),
    documents.UnknownFactKindError("budget"),
    documents.FactSubjectError("meeting"),
    documents.DocumentHashError("abc"),
    documents.DocumentAlreadyAttachedError("igen.pdf", "referat.pdf", "mødet"),
    documents.DocumentNotFoundError("amager", "0" * 64),
    documents.DocumentNotKeptError("referat.pdf", "changed"),
]
BASES = {
    errors.DomainError,
    errors.NotFoundError,
    errors.RuleError,
    errors.ConflictError,
    errors.StaleError,
    errors.AlreadyExistsError,
    errors.NotPermittedError,
    errors.UnsupportedContentError,
    errors.ContentTooLargeError,
}
# Codes stored in an error that its message shows in Danish.
DANISH = {"held": "afholdt", "cancelled": "aflyst", "fulfilled": "opfyldt", "waived": "frafaldet"}


def _named(cls: type[errors.DomainError]) -> set[type[errors.DomainError]]:
    found = set()
    for sub in cls.__subclasses__():
        if sub.__module__.startswith(("domain.", "api.")):
            found.add(sub)
        found |= _named(sub)
    return found


def _shown(value: Any) -> list[str]:
    if isinstance(value, datetime):
        return [f"{value:%d.%m.%Y %H:%M}"]
    if isinstance(value, date):
        return [f"{value:%d.%m.%Y}"]
    if isinstance(value, tuple | list):
        return [text for item in value for text in _shown(item)]
    if isinstance(value, str):
        return [DANISH.get(value, value)]
    return [str(value)]


def test_every_named_error_has_an_example_here() -> None:
    assert _named(errors.DomainError) - BASES <= {type(e) for e in EXAMPLES}


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda e: type(e).__name__)
def test_a_named_error_says_in_danish_what_was_refused_with_its_data(error: errors.DomainError) -> None:
    message = str(error)

    assert message.strip() and (message.endswith(".") or isinstance(error, errors.TermsError))
    data = {k: v for k, v in vars(error).items() if k != "current_version" and v is not None}
    for name, value in data.items():
        for text in _shown(value):
            assert text in message, f"{type(error).__name__}.{name}={value!r} is not in {message!r}"


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda e: type(e).__name__)
def test_a_named_error_has_a_stable_rule_code_from_its_name(error: errors.DomainError) -> None:
    assert error.rule == errors._code(type(error).__name__)
    assert error.rule.replace("-", "").isalpha() and error.rule.islower()

"""The terms of a contract: parties, contact persons, plans, activities, duties, cadences, goals.

These pydantic models are both the domain's value objects and the contract file format
(``contracts/schema.json`` is generated from ``ContractFile``). Free text stays in the
source document's Danish. Cross-references (a responsibility's party, a cadence's
convener ...) are checked by ``reference_problems`` so that both file import and
revisions report them with the exact field.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)

from domain.cadence import Frequency

Key = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        max_length=80,
        description="Stabil nøgle: små bogstaver, tal og bindestreg (fx 'sof' eller 'netvaerksmoede').",
    ),
]
Text = Annotated[str, Field(min_length=1)]


def parse_kroner(value: Any) -> int:
    """Kroner as a number or a Danish amount ("1.626.217,- kr.", "1.626.217,50") to øre."""
    if isinstance(value, bool):
        raise ValueError("beløb skal være et tal i kroner")
    if isinstance(value, int):
        kroner = Decimal(value)
    elif isinstance(value, (float, Decimal)):
        kroner = Decimal(str(value))
    elif isinstance(value, str):
        cleaned = value.strip().removesuffix("kr.").removesuffix("kr").strip().replace(" ", "")
        if not re.fullmatch(r"\d+\.\d{1,2}", cleaned):  # "1626217.50" is a decimal point, else "." groups
            cleaned = cleaned.replace(".", "").replace(",-", "").replace(",", ".")
        try:
            kroner = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(f"'{value}' er ikke et beløb i kroner") from None
    else:
        raise ValueError("beløb skal være et tal i kroner")
    if kroner < 0:
        raise ValueError(f"beløbet {value} er negativt; beløb skal være 0 eller derover")
    ore = kroner * 100
    if ore != ore.to_integral_value():
        raise ValueError(f"beløbet {value} har mere end to decimaler")
    return int(ore)


def _amount(value: Any, info: ValidationInfo) -> Any:
    """Contract files write kroner; everywhere else (events, API) amounts are already øre."""
    if info.context and info.context.get("amounts") == "kroner":
        return parse_kroner(value)
    return value


Ore = Annotated[
    int,
    BeforeValidator(_amount),
    Field(ge=0),
    WithJsonSchema(
        {
            "anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}],
            "description": "Beløb i kroner: 1626217, 1626217.50 eller '1.626.217,- kr.'",
        }
    ),
]
"""An amount in integer øre; a contract file writes it in kroner."""

FILE_CONTEXT = {"amounts": "kroner"}
"""Validation context for contract files: amounts are read as kroner."""


class Term(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(Term):
    start: date
    end: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end is not None and self.end < self.start:
            raise ValueError("periodens slutdato ligger før startdatoen")
        return self


class Unit(Term):
    """An enhed/center/team inside a party, e.g. Voksenenheden Amager."""

    key: Key
    name: Text


class Party(Term):
    """An organisation or administration that has signed and takes responsibilities."""

    key: Key
    name: Text
    kind: Literal["housing_organisation", "municipal_administration", "other"]
    members: list[Text] = Field(
        default_factory=list,
        description="Boligorganisationer der optræder som én part (fx VIBO, HAB II, AAB, fsb, DFB).",
    )
    units: list[Unit] = Field(default_factory=list)


class ContactPerson(Term):
    """A named person responsible for a party or unit. Personal data."""

    key: Key
    party: Key
    unit: Key | None = None
    role: Text
    name: Text
    email: str | None = None
    leadership: bool = Field(default=False, description="Kontaktperson på ledelsesniveau.")


class FunderShare(Term):
    funder: Literal["lbf", "municipality", "housing_organisations"]
    percent: Annotated[Decimal, Field(gt=0, le=100)]


class Allocation(Term):
    activity: Key
    amount: Ore


class BudgetFrame(Term):
    total: Ore
    funders: list[FunderShare] = Field(default_factory=list)
    allocations: list[Allocation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shares_add_up(self) -> BudgetFrame:
        if self.funders and sum(f.percent for f in self.funders) != 100:
            raise ValueError("finansieringsandelene skal tilsammen være 100 %")
        if len({f.funder for f in self.funders}) != len(self.funders):
            raise ValueError("en finansieringskilde står flere gange")
        return self


class Plan(Term):
    """A boligsocial helhedsplan the contract covers, with the contract's budget frame in it."""

    key: Key
    name: Text
    period: Period
    parties: list[Key] = Field(default_factory=list, description="Parter bag helhedsplanen.")
    budget_frame: BudgetFrame


class StaffFunction(Term):
    party: Key
    description: Text


class ConveneCadence(Term):
    """The duty is to call the meetings of a cadence; each held meeting meets one occurrence."""

    kind: Literal["convene"]
    cadence: Key


class Responsibility(Term):
    """One party's duty in an activity ("hvem gør hvad hvornår") with its schedule."""

    key: Key
    party: Key
    unit: Key | None = None
    description: Text
    schedule: Annotated[Frequency | ConveneCadence, Field(discriminator="kind")]


class MeetingCadence(Term):
    """A recurring meeting: what, how often, who calls it, who takes part."""

    key: Key
    name: Text
    frequency: Frequency
    conveners: list[Key] = Field(min_length=1)
    convener_units: list[Key] = Field(default_factory=list)
    participants: list[Key] = Field(default_factory=list)
    description: str = ""
    location: str | None = None
    starts: date | None = Field(default=None, description="Tidligst fra (ellers kontraktens start).")


class Activity(Term):
    key: Key
    name: Text
    purpose: Text
    focus_points: list[Text] = Field(default_factory=list)
    staff_functions: list[StaffFunction] = Field(default_factory=list)
    contacts: list[Key] = Field(default_factory=list)
    responsibilities: list[Responsibility] = Field(default_factory=list)
    cadences: list[MeetingCadence] = Field(default_factory=list)
    locations: list[Text] = Field(default_factory=list)
    anchoring: str = ""
    revision_body: str = ""


class Indicator(Term):
    key: Key
    name: Text
    unit: Text
    direction: Literal["decrease", "increase", "maintain"]
    baseline: Decimal | None = None
    target: Decimal | None = None


class Goal(Term):
    key: Key
    text: Text
    activity: Key | None = None
    indicators: list[Indicator] = Field(default_factory=list)


class ContractTerms(Term):
    """Everything agreed in a contract; revisions change these terms."""

    title: Text
    urban_area: Text
    focus_area: Text
    period: Period
    example: bool = Field(default=False, description="Eksempel, ikke en rigtig kontrakt.")
    source: str = ""
    overall_goals: list[Text] = Field(default_factory=list)
    policy_goals: list[Text] = Field(default_factory=list)
    coordinating_forum: Text
    revising_forum: Text
    parties: list[Party] = Field(min_length=1)
    contacts: list[ContactPerson] = Field(default_factory=list)
    plans: list[Plan] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)


class RevisionNote(Term):
    """The forum decision behind a changed file, used when the import records a revision."""

    decided_by: str | None = None
    decided_on: date | None = None
    reference: str | None = None
    effective_from: date | None = None


class ContractFile(ContractTerms):
    """A contract file in ``contracts/``: the key, the lifecycle dates and the terms."""

    key: Key
    signed_on: date | None = None
    ended_on: date | None = None
    revision: RevisionNote | None = None

    def terms(self) -> ContractTerms:
        data = self.model_dump(exclude={"key", "signed_on", "ended_on", "revision"})
        return ContractTerms.model_validate(data)


Loc = tuple[str | int, ...]
Problems = list[tuple[Loc, str]]


def reference_problems(terms: ContractTerms) -> Problems:
    """Every cross-reference that points at nothing, and every duplicated key, with its field."""
    refs = _References(terms)
    problems = _duplicate_keys(terms)
    for i, contact in enumerate(terms.contacts):
        refs.party(problems, ("contacts", i, "party"), contact.party)
        refs.unit(problems, ("contacts", i, "unit"), contact.party, contact.unit)
    for i, plan in enumerate(terms.plans):
        for j, key in enumerate(plan.parties):
            refs.party(problems, ("plans", i, "parties", j), key)
        for j, alloc in enumerate(plan.budget_frame.allocations):
            refs.known(problems, ("plans", i, "budget_frame", "allocations", j, "activity"), alloc.activity, "activity")
    for i, activity in enumerate(terms.activities):
        _activity_problems(refs, problems, ("activities", i), activity)
    for i, goal in enumerate(terms.goals):
        if goal.activity is not None:
            refs.known(problems, ("goals", i, "activity"), goal.activity, "activity")
    return problems


class _References:
    """The keys a contract's terms can refer to."""

    _NAMES: ClassVar[dict[str, str]] = {"activity": "aktivitet", "cadence": "mødekadence", "contact": "kontaktperson"}

    def __init__(self, terms: ContractTerms):
        self.parties = {p.key: {u.key for u in p.units} for p in terms.parties}
        self.keys = {
            "activity": {a.key for a in terms.activities},
            "cadence": {c.key for a in terms.activities for c in a.cadences},
            "contact": {c.key for c in terms.contacts},
        }

    def party(self, problems: Problems, loc: Loc, key: str) -> None:
        if key not in self.parties:
            problems.append((loc, f"ukendt part '{key}' (kendte parter: {', '.join(self.parties)})"))

    def unit(self, problems: Problems, loc: Loc, party: str, key: str | None) -> None:
        if key is not None and party in self.parties and key not in self.parties[party]:
            problems.append((loc, f"ukendt enhed '{key}' hos parten '{party}'"))

    def known(self, problems: Problems, loc: Loc, key: str, kind: str) -> None:
        if key not in self.keys[kind]:
            problems.append((loc, f"ukendt {self._NAMES[kind]} '{key}'"))


def _activity_problems(refs: _References, problems: Problems, at: Loc, activity: Activity) -> None:
    for j, function in enumerate(activity.staff_functions):
        refs.party(problems, (*at, "staff_functions", j, "party"), function.party)
    for j, key in enumerate(activity.contacts):
        refs.known(problems, (*at, "contacts", j), key, "contact")
    for j, duty in enumerate(activity.responsibilities):
        refs.party(problems, (*at, "responsibilities", j, "party"), duty.party)
        refs.unit(problems, (*at, "responsibilities", j, "unit"), duty.party, duty.unit)
        if duty.schedule.kind == "convene":
            refs.known(problems, (*at, "responsibilities", j, "schedule", "cadence"), duty.schedule.cadence, "cadence")
    for j, cadence in enumerate(activity.cadences):
        for k, key in enumerate(cadence.conveners):
            refs.party(problems, (*at, "cadences", j, "conveners", k), key)
        for k, key in enumerate(cadence.participants):
            refs.party(problems, (*at, "cadences", j, "participants", k), key)
        for k, key in enumerate(cadence.convener_units):
            if not any(key in refs.parties.get(p, set()) for p in cadence.conveners):
                problems.append(((*at, "cadences", j, "convener_units", k), f"ukendt enhed '{key}' hos indkalderne"))


def _duplicate_keys(terms: ContractTerms) -> Problems:
    """Keys must be unique: responsibilities, cadences and indicators across the whole contract."""
    groups: list[list[tuple[Loc, str]]] = [
        [(("parties", i, "key"), p.key) for i, p in enumerate(terms.parties)],
        [(("contacts", i, "key"), c.key) for i, c in enumerate(terms.contacts)],
        [(("plans", i, "key"), p.key) for i, p in enumerate(terms.plans)],
        [(("activities", i, "key"), a.key) for i, a in enumerate(terms.activities)],
        [(("goals", i, "key"), g.key) for i, g in enumerate(terms.goals)],
        [
            (("activities", i, "responsibilities", j, "key"), r.key)
            for i, a in enumerate(terms.activities)
            for j, r in enumerate(a.responsibilities)
        ],
        [
            (("activities", i, "cadences", j, "key"), c.key)
            for i, a in enumerate(terms.activities)
            for j, c in enumerate(a.cadences)
        ],
        [
            (("goals", i, "indicators", j, "key"), ind.key)
            for i, g in enumerate(terms.goals)
            for j, ind in enumerate(g.indicators)
        ],
    ]
    problems: Problems = []
    for group in groups:
        seen: set[str] = set()
        for loc, key in group:
            if key in seen:
                problems.append((loc, f"nøglen '{key}' står flere gange"))
            seen.add(key)
    return problems

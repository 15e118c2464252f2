"""A boligsocial helhedsplan's terms: its estates, housing organisations, programme, focus areas and budget frame."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from domain.catalogue import catalogue
from domain.plan_programmes import Programme, programmes
from domain.terms.files import load_model_file
from domain.terms.plans import FunderShare
from domain.terms.plans import Plan as InlinePlan
from domain.terms.references import Loc
from domain.terms.values import Day, FreeText, Items, Key, Ore, Period, Term, Text

Status = Literal["prequalified", "approved", "active", "closed"]
STATUSES: tuple[Status, ...] = ("prequalified", "approved", "active", "closed")


class HousingOrganisation(Term):
    key: Key
    name: Text


class Estate(Term):
    """A boligafdeling in the plan, of one of its housing organisations."""

    name: Text
    organisation: Key


class PlanActivity(Term):
    """An activity the plan itself describes under a focus area (contracts' activities are in the contracts)."""

    key: Key
    name: Text
    description: FreeText = ""
    target_groups: Items[Key] = Field(default_factory=list, description="Målgrupper (nøgler).")


class FocusArea(Term):
    name: Text
    target_groups: Items[Key] = Field(default_factory=list, description="Målgrupper (nøgler).")
    contracts: Items[Key] = Field(default_factory=list, description="Kontrakter under indsatsområdet (nøgler).")
    activities: Items[PlanActivity] = Field(default_factory=list)


class PlanFrame(Term):
    """The plan's budget frame: a total (when known) and the funders' shares."""

    total: Ore | None = None
    funders: Items[FunderShare] = Field(default_factory=list)

    @model_validator(mode="after")
    def _shares_add_up(self) -> PlanFrame:
        if self.funders and sum(f.percent for f in self.funders) != 100:
            raise ValueError("finansieringsandelene skal tilsammen være 100 %")
        if len({f.funder for f in self.funders}) != len(self.funders):
            raise ValueError("en finansieringskilde står flere gange")
        return self


class StatusStep(Term):
    """A status the plan reached, as a plan file records it (the importer is who recorded it)."""

    status: Status
    on: Day
    reference: FreeText = ""


class PlanTerms(Term):
    """What a plan says about itself; the contracts under it reference it by key."""

    name: Text
    example: bool = Field(default=False, description="Eksempel, ikke en rigtig helhedsplan.")
    period: Period
    programme: Key | None = Field(default=None, description="Landsbyggefondens program (contracts/catalogue).")
    housing_organisations: Items[HousingOrganisation] = Field(default_factory=list)
    administered_by: Key | None = Field(default=None, description="Den administrerende boligorganisation.")
    estates: Items[Estate] = Field(default_factory=list)
    focus_areas: Items[FocusArea] = Field(default_factory=list)
    budget_frame: PlanFrame = Field(default_factory=PlanFrame)
    predecessors: Items[Key] = Field(default_factory=list, description="Forgængere (helhedsplaners nøgler).")
    notes: FreeText = ""


class PlanFile(PlanTerms):
    """A plan file in ``contracts/plans/``: the key, the terms and the statuses it reached."""

    key: Key
    status: Items[StatusStep] = Field(default_factory=list)

    def terms(self) -> PlanTerms:
        return PlanTerms.model_validate(self.model_dump(exclude={"key", "status"}))


def plan_problems(plan: PlanFile, catalogued: dict[str, Programme] | None = None) -> list[tuple[Loc, str]]:
    """What only the whole file shows: the programme and its focus areas, organisations named, statuses in order."""
    known = programmes() if catalogued is None else catalogued
    problems: list[tuple[Loc, str]] = []
    programme = known.get(plan.programme) if plan.programme else None
    if plan.programme and programme is None:
        problems.append((("programme",), f"ukendt program '{plan.programme}' (kendte: {', '.join(known)})"))
    for i, area in enumerate(plan.focus_areas):
        if programme is not None and area.name not in programme.focus_areas:
            allowed = "; ".join(programme.focus_areas)
            problems.append((("focus_areas", i, "name"), f"'{area.name}' er ikke et indsatsområde i {programme.name} "
                             f"(tilladt: {allowed})"))  # fmt: skip
    organisations = {o.key for o in plan.housing_organisations}
    if plan.administered_by and plan.administered_by not in organisations:
        problems.append((("administered_by",), f"ukendt boligorganisation '{plan.administered_by}'"))
    for i, estate in enumerate(plan.estates):
        if estate.organisation not in organisations:
            problems.append((("estates", i, "organisation"), f"ukendt boligorganisation '{estate.organisation}'"))
    groups = catalogue()
    for i, area in enumerate(plan.focus_areas):
        problems += groups.activity_problems(("focus_areas", i), None, list(area.target_groups))
        for k, activity in enumerate(area.activities):
            problems += groups.activity_problems(
                ("focus_areas", i, "activities", k), None, list(activity.target_groups)
            )
    if plan.key in plan.predecessors:
        problems.append((("predecessors",), "en helhedsplan kan ikke være sin egen forgænger"))
    problems += _status_problems(plan)
    return problems


def _target_group_problems(plan: PlanFile) -> list[tuple[Loc, str]]:
    """Target groups the catalogue (contracts/catalogue/target_groups.yaml) does not know."""
    groups, problems = catalogue(), []
    for i, area in enumerate(plan.focus_areas):
        problems += groups.activity_problems(("focus_areas", i), None, list(area.target_groups))
        for k, activity in enumerate(area.activities):
            problems += groups.activity_problems(
                ("focus_areas", i, "activities", k), None, list(activity.target_groups)
            )
    return problems


def _status_problems(plan: PlanFile) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    for i, step in enumerate(plan.status):
        if i >= len(STATUSES) or step.status != STATUSES[i]:
            problems.append((("status", i, "status"), f"status nr. {i + 1} skal være '{_expected(i)}'"))
        elif i and step.on < plan.status[i - 1].on:
            problems.append((("status", i, "on"), "datoen ligger før den forrige status"))
    return problems


def _expected(index: int) -> str:
    return STATUSES[index] if index < len(STATUSES) else "(ingen flere)"


def from_inline(plan: InlinePlan) -> PlanTerms:
    """The plan a contract held inline, as a plan of its own: name, period, its parties as housing
    organisations (by key: the contract names them) and the funders' shares (the frame stays the contract's)."""
    return PlanTerms(
        name=plan.name,
        period=plan.period,
        housing_organisations=[HousingOrganisation(key=p, name=p) for p in plan.parties],
        budget_frame=PlanFrame(funders=list(plan.budget_frame.funders)),
        notes="Oprettet ud fra kontraktens egen beskrivelse af helhedsplanen.",
    )


PLANS_FOLDER = "plans"
"""Plan files live in ``contracts/plans/`` beside the contract files."""


def plan_folder(contracts_dir: Path) -> Path:
    return contracts_dir / PLANS_FOLDER


def load_plan_file(path: Path) -> PlanFile:
    """Parse and check one plan file, or raise ContractFileError naming file, line and field of every problem."""
    return load_model_file(path, PlanFile, "en helhedsplan", plan_problems)


def plan_files(contracts_dir: Path) -> list[Path]:
    """The plan files beside the contract files in ``contracts_dir`` (its ``plans/`` folder), in name order."""
    folder = plan_folder(contracts_dir)
    return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"}) if folder.is_dir() else []

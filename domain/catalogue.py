"""The catalogue of activity types and target groups (``contracts/catalogue/``) an activity's terms name."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import NoReturn, TypeVar

from pydantic import Field, ValidationError, model_validator
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError

from domain.terms.values import Items, Key, Term, Text
from domain.terms.yaml_reader import YamlRefusedError, parse_yaml, read_source

CATALOGUE_DIR = Path(__file__).resolve().parents[1] / "contracts" / "catalogue"
MAX_AGE = 120

Loc = tuple[str | int, ...]
F = TypeVar("F", bound=Term)


class AgeBand(Term):
    """Ages in whole years, both ends included; an open end has no bound."""

    min: int = Field(default=0, ge=0, le=MAX_AGE)
    max: int | None = Field(default=None, ge=0, le=MAX_AGE)

    @model_validator(mode="after")
    def _ordered(self) -> AgeBand:
        if self.max is not None and self.max < self.min:
            raise ValueError("aldersgruppens øvre grænse ligger under den nedre")
        return self

    def text(self) -> str:
        """Danish, as a reader writes it: '13–17 år', 'over 65 år'."""
        if self.max is None:
            return f"over {self.min} år" if self.min else "alle aldre"
        return f"{self.min}–{self.max} år"


class TargetGroup(Term):
    key: Key
    name: Text
    ages: AgeBand | None = None


class ActivityType(Term):
    key: Key
    name: Text
    target_groups: Items[Key] = Field(default_factory=list)


class TargetGroupsFile(Term):
    target_groups: Items[TargetGroup]


class ActivityTypesFile(Term):
    activity_types: Items[ActivityType]


class Catalogue:
    """The known activity types and target groups, by key, in file order."""

    def __init__(self, types: list[ActivityType], groups: list[TargetGroup]) -> None:
        self.types = {t.key: t for t in types}
        self.groups = {g.key: g for g in groups}

    def activity_problems(self, at: Loc, kind: str | None, groups: list[str]) -> list[tuple[Loc, str]]:
        """An activity's ``type`` and ``target_groups`` that the catalogue does not know, with their fields."""
        problems: list[tuple[Loc, str]] = []
        if kind is not None and kind not in self.types:
            problems.append(((*at, "type"), f"ukendt aktivitetstype '{kind}' (kendte: {', '.join(self.types)})"))
        for i, group in enumerate(groups):
            if group not in self.groups:
                known = ", ".join(self.groups)
                problems.append(((*at, "target_groups", i), f"ukendt målgruppe '{group}' (kendte: {known})"))
        return problems

    def type_name(self, key: str) -> str:
        return self.types[key].name if key in self.types else key

    def group_name(self, key: str) -> str:
        """'Unge 13–17 år' (the age band is in the name when it has one)."""
        return self.groups[key].name if key in self.groups else key


def load_catalogue(directory: Path = CATALOGUE_DIR) -> Catalogue:
    """Read both catalogue files; CatalogueFileError names file, line and field of every problem."""
    groups = _read(directory / "target_groups.yaml", TargetGroupsFile).target_groups
    types_path = directory / "activity_types.yaml"
    types = _read(types_path, ActivityTypesFile).activity_types
    catalogue = Catalogue(types, groups)
    unknown: list[tuple[Loc, str]] = [
        (("activity_types", i, "target_groups", j), f"ukendt målgruppe '{g}'")
        for i, t in enumerate(types)
        for j, g in enumerate(t.target_groups)
        if g not in catalogue.groups
    ]
    if unknown:
        _refuse(types_path, parse_yaml(read_source(types_path)), unknown)
    return catalogue


@cache
def catalogue() -> Catalogue:
    """The shipped catalogue, read once per process."""
    return load_catalogue()


def _read(path: Path, model: type[F]) -> F:
    from domain.terms.files import ContractFileError, FileProblem  # the contract file's problem format

    try:
        document = parse_yaml(read_source(path))
    except YamlRefusedError as e:
        raise ContractFileError(path, [FileProblem(e.line, "(fil)", e.message)]) from None
    except MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else 1
        raise ContractFileError(path, [FileProblem(line, "(YAML)", f"syntaksfejl: {e.problem}")]) from None
    try:
        return model.model_validate(document)
    except ValidationError as e:
        from domain.terms.problems import danish

        _refuse(path, document, [(tuple(err["loc"]), danish(err)) for err in e.errors()])


def _refuse(path: Path, document: CommentedMap, problems: list[tuple[Loc, str]]) -> NoReturn:
    from domain.terms.files import ContractFileError, _problem

    raise ContractFileError(path, [_problem(document, loc, message) for loc, message in problems])

"""The contract file format and reading it (YAML): every problem is reported with file, line and field."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from domain.errors import TermsError
from domain.terms.agreement import ContractTerms
from domain.terms.problems import check_references, danish, terms_error
from domain.terms.references import Loc, reference_problems
from domain.terms.values import FILE_CONTEXT, Day, FreeText, Key, Term
from domain.terms.yaml_reader import YamlRefusedError, parse_yaml, read_source

M = TypeVar("M", bound=Term)
Checks = Callable[[Any], list[tuple[Loc, str]]]

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "contracts" / "schema.json"


class RevisionNote(Term):
    """The forum decision behind a changed file, used when the import records a revision."""

    decided_by: FreeText | None = None
    decided_on: Day | None = None
    reference: FreeText | None = None
    effective_from: Day | None = None


class ContractFile(ContractTerms):
    """A contract file in ``contracts/``: the key, the lifecycle dates and the terms."""

    key: Key
    signed_on: Day | None = None
    ended_on: Day | None = None
    revision: RevisionNote | None = None

    def terms(self) -> ContractTerms:
        data = self.model_dump(exclude={"key", "signed_on", "ended_on", "revision"})
        return ContractTerms.model_validate(data)


@dataclass(frozen=True)
class FileProblem:
    line: int
    field: str
    message: str


class ContractFileError(Exception):
    """A contract file that cannot be imported; nothing from it is written."""

    def __init__(self, path: Path, problems: list[FileProblem]):
        self.path = path
        self.problems = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(f"{self.path}:{p.line}: {p.field}: {p.message}" for p in self.problems)


def load_contract_file(path: Path) -> ContractFile:
    """Parse and check one contract file, or raise ContractFileError naming every problem."""
    return load_model_file(path, ContractFile, "en kontrakt", reference_problems)


def load_model_file(path: Path, model: type[M], kind: str, checks: Checks | None = None) -> M:
    """Parse one YAML file into ``model`` (amounts in kroner), or raise ContractFileError naming every problem
    with its line and field; ``checks`` adds the problems only the whole file shows (loc, message)."""
    document = read_document(path, f"{kind} (felter på øverste niveau)")
    try:
        loaded = model.model_validate(document, context=FILE_CONTEXT)
    except ValidationError as e:
        raise ContractFileError(path, validation_problems(document, e)) from None
    problems = [_problem(document, loc, message) for loc, message in (checks(loaded) if checks else [])]
    if problems:
        raise ContractFileError(path, problems)
    return loaded


def contract_files(paths: list[Path]) -> list[Path]:
    """Expand directories to the YAML files in them, in name order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in {".yaml", ".yml"}))
        else:
            found.append(path)
    return found


def schema_text() -> str:
    """The JSON Schema of the contract file format, as committed in contracts/schema.json."""
    schema = ContractFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Kontrakt om boligsocialt samarbejde (forum-tracker)"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def read_document(path: Path, what: str) -> CommentedMap:
    """A YAML file's fields (``what`` it must hold, in Danish, for the message), or ContractFileError."""
    try:
        source = read_source(path)
        document = parse_yaml(source)
    except YamlRefusedError as e:
        raise ContractFileError(path, [FileProblem(e.line, "(fil)", e.message)]) from None
    except MarkedYAMLError as e:
        raise ContractFileError(path, [_syntax_problem(e, source.count("\n") + 1)]) from None
    if not isinstance(document, CommentedMap):
        raise ContractFileError(path, [FileProblem(1, "(fil)", f"filen skal indeholde {what}")])
    return document


def validation_problems(document: CommentedMap, error: ValidationError) -> list[FileProblem]:
    """Each field that does not validate, at its line, in line order."""
    problems = [_problem(document, tuple(err["loc"]), danish(err)) for err in error.errors()]
    return sorted(problems, key=lambda p: p.line)


def _syntax_problem(e: MarkedYAMLError, lines: int) -> FileProblem:
    """Point at where the broken construct began (an unclosed quote) when the parser says so."""
    mark = e.problem_mark or e.context_mark
    message = f"syntaksfejl: {e.problem}"
    if e.context_mark is not None and e.context and "scanning" in e.context:
        mark = e.context_mark
        message += f" ({e.context}, som begynder her)"
    elif "end of stream" in str(e.problem):
        message += " (måske mangler et afsluttende anførselstegn tidligere i filen)"
    line = min(mark.line + 1, lines) if mark else 1
    return FileProblem(line, "(YAML)", message)


def _problem(document: CommentedMap, loc: Loc, message: str) -> FileProblem:
    node: Any = document
    line = 1
    shown: list[str] = []
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            line = node.lc.key(part)[0] + 1
            node = node[part]
            shown.append(f".{part}" if shown else str(part))
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line = node.lc.item(part)[0] + 1
            node = node[part]
            shown.append(f"[{part}]")
        elif isinstance(node, CommentedMap) and node.get("kind") == part:
            continue  # pydantic names the union member it tried; the file does not
        else:
            if isinstance(node, CommentedMap):
                line = node.lc.line + 1
            shown.append(f".{part}" if shown else str(part))
            node = None
    return FileProblem(line, "".join(shown) or "(fil)", message)


def contract_from_json(data: Any) -> ContractFile:
    """A contract in the file format sent as JSON (amounts in kroner, as in files); TermsError names each field."""
    if not isinstance(data, dict):
        raise TermsError([("(krop)", "skal være en kontrakt (et JSON-objekt)")])
    try:
        contract = ContractFile.model_validate(data, context=FILE_CONTEXT)
    except ValidationError as e:
        raise terms_error(e) from None
    check_references(contract)
    return contract

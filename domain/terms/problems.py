"""Terms that do not hang together, named field by field in Danish: one conversion for every door."""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from domain.errors import TermsError
from domain.terms.agreement import ContractTerms
from domain.terms.references import Loc, reference_problems

_MESSAGES = {
    "missing": "feltet mangler",
    "extra_forbidden": "ukendt felt",
    "string_pattern_mismatch": "kun små bogstaver, tal og bindestreg er tilladt",
    "date_from_datetime_parsing": "ikke en gyldig dato (skriv ÅÅÅÅ-MM-DD)",
    "date_parsing": "ikke en gyldig dato (skriv ÅÅÅÅ-MM-DD)",
    "date_type": "ikke en gyldig dato (skriv ÅÅÅÅ-MM-DD)",
    "int_parsing": "skal være et helt tal",
    "string_type": "skal være tekst",
    "list_type": "skal være en liste",
    "too_short": "må ikke være tom",
    "greater_than_equal": "er for lille",
    "less_than_equal": "er for stor",
    "bool_parsing": "skal være true eller false",
    "model_type": "skal være en samling af felter",
    "int_parsing_size": "tallet er for stort",
    "int_from_float": "skal være et helt tal",
    "int_type": "skal være et helt tal",
    "finite_number": "skal være et endeligt tal (ikke NaN eller uendelig)",
    "decimal_parsing": "skal være et tal",
    "decimal_type": "skal være et tal",
    "decimal_max_digits": "tallet har for mange cifre",
    "greater_than": "er for lille",
    "less_than": "er for stor",
    "dict_type": "skal være en samling af felter",
}


def terms_error(error: ValidationError) -> TermsError:
    """The refusal for terms pydantic would not build: each field with a Danish message."""
    return TermsError([(dotted(tuple(err["loc"])), danish(err)) for err in error.errors()])


def check_terms(terms: ContractTerms) -> None:
    """Validate terms again (built by ``model_construct`` they were never checked) and their references."""
    try:
        ContractTerms.model_validate(terms.model_dump(include=set(ContractTerms.model_fields)))
    except ValidationError as e:
        raise terms_error(e) from None
    check_references(terms)


def check_references(terms: ContractTerms) -> None:
    """Refuse terms whose cross-references point at nothing or whose keys repeat (TermsError)."""
    problems = reference_problems(terms)
    if problems:
        raise TermsError([(dotted(loc), message) for loc, message in problems])


def danish(err: ErrorDetails) -> str:
    """pydantic's message for one field, in Danish where we have one."""
    kind = err["type"]
    if kind == "union_tag_invalid":
        ctx = err.get("ctx", {})
        return f"ukendt type '{ctx.get('tag')}' (tilladt: {ctx.get('expected_tags')})"
    if kind == "union_tag_not_found":
        return "feltet 'kind' mangler"
    if kind == "literal_error":
        return f"ukendt værdi (tilladt: {err.get('ctx', {}).get('expected')})"
    if kind in ("string_too_long", "too_long"):
        limit = err.get("ctx", {}).get("max_length")
        what = "teksten er for lang" if kind == "string_too_long" else "listen har for mange elementer"
        return f"{what} (højst {limit})"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return _MESSAGES.get(kind, str(err["msg"]))


def dotted(loc: Loc) -> str:
    """A field's place as written in a document: ``activities[0].key``."""
    parts = (f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(loc))
    return "".join(parts) or "(krop)"

"""The compiled record of a published contract: its latest state, built from its releases and latest terms."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.catalogue import catalogue
from domain.terms import ContractTerms
from projections.contract_record import status_on
from projections.open_data import ocid, releases
from projections.record_shape import Record
from projections.terms_cache import terms_on


def compiled(record: Record, as_of: date) -> dict[str, Any]:
    """The record of one contract (OCDS ``record``): every release's id, date and tag, and the compiled release."""
    found = releases(record)
    contract = ocid(str(record["key"]))
    terms = terms_on(record, as_of)
    latest = found[-1]["date"] if found else None
    return {
        "ocid": contract,
        "releases": [{"id": r["id"], "date": r["date"], "tag": r["tag"]} for r in found],
        "compiledRelease": {
            "ocid": contract,
            "id": f"{contract}-compiled",
            "date": latest,
            "tag": ["compiled"],
            "parties": [{"id": p.key, "name": p.name, "kind": p.kind} for p in terms.parties],
            "contract": _contract(record, terms, as_of),
            "implementation": _implementation(found),
        },
    }


def _contract(record: Record, terms: ContractTerms, as_of: date) -> dict[str, Any]:
    lifecycle = {f["kind"]: f["day"] for f in record["lifecycle"]}
    return {
        "id": record["key"],
        "title": terms.title,
        "urbanArea": terms.urban_area,
        "focusArea": terms.focus_area,
        "status": status_on(record, as_of),
        "example": terms.example,
        "period": terms.period.model_dump(mode="json"),
        "dateSigned": lifecycle.get("signed"),
        "dateEnded": lifecycle.get("ended"),
        "version": len(record["versions"]),
        "activities": [_activity(a.key, a.name, a.type, a.target_groups) for a in terms.activities],
        "plans": [
            {
                "id": p.key,
                "name": p.name,
                "period": p.period.model_dump(mode="json"),
                "budget": {
                    "amountOre": p.budget_frame.total,
                    "currency": "DKK",
                    "funders": [{"funder": f.funder, "percent": str(f.percent)} for f in p.budget_frame.funders],
                },
            }
            for p in terms.plans
        ],
        "goals": [
            {
                "id": g.key,
                "text": g.text,
                "indicators": [{"id": i.key, "name": i.name, "unit": i.unit} for i in g.indicators],
            }
            for g in terms.goals
        ],
    }


def _activity(key: str, name: str, kind: str | None, groups: list[str]) -> dict[str, Any]:
    known = catalogue()
    return {
        "id": key,
        "name": name,
        "type": None if kind is None else {"id": kind, "name": known.type_name(kind)},
        "targetGroups": [{"id": g, "name": known.group_name(g)} for g in groups],
    }


def _implementation(found: list[dict[str, Any]]) -> dict[str, Any]:
    """What has been done under the contract: the releases' facts, in recording order."""
    return {
        "amendments": [r["decision"] | {"id": r["id"], "date": r["effectiveDate"]} for r in found if "decision" in r],
        "meetings": [r["meeting"] for r in found if "meeting" in r],
        "transactions": [r["transaction"] for r in found if "transaction" in r],
        "measurements": [r["measurement"] for r in found if "measurement" in r],
        "fulfilments": sum(1 for r in found if r["fact"] == "dutyFulfilled"),
    }

"""Which contracts there are: status, period, parties, current contact persons, current version."""

from __future__ import annotations

from datetime import date
from typing import Any

from projections.contract_record import Record, status_on, terms_at


def entry(record: Record, as_of: date) -> dict[str, Any]:
    terms = terms_at(record, as_of)
    parties = {p.key: p.name for p in terms.parties}
    return {
        "key": record["key"],
        "title": terms.title,
        "urban_area": terms.urban_area,
        "focus_area": terms.focus_area,
        "status": status_on(record, as_of),
        "period": terms.period.model_dump(mode="json"),
        "example": terms.example,
        "parties": [{"key": k, "name": n} for k, n in parties.items()],
        "contacts": [
            {"party": parties.get(c.party, c.party), "role": c.role, "name": c.name, "email": c.email}
            for c in terms.contacts
            if c.leadership
        ],
        "terms_version": len(record["versions"]),
    }


def directory(
    records: list[Record],
    as_of: date,
    urban_area: str | None = None,
    focus_area: str | None = None,
    status: str | None = None,
    text: str | None = None,
) -> list[dict[str, Any]]:
    """Contracts matching the filters (case-insensitive text search in key, title and parties)."""
    rows = [entry(r, as_of) for r in records if r["key"]]
    needle = text.casefold() if text else None
    return [
        row
        for row in rows
        if (urban_area is None or row["urban_area"] == urban_area)
        and (focus_area is None or row["focus_area"] == focus_area)
        and (status is None or row["status"] == status)
        and (
            needle is None
            or needle in f"{row['key']} {row['title']} {' '.join(p['name'] for p in row['parties'])}".casefold()
        )
    ]

"""The activities export and the catalogue filters every export takes: activity type and target group."""

from __future__ import annotations

from datetime import date
from typing import Any

from api.reports.exports import Column, Table
from domain.catalogue import catalogue
from domain.terms import Activity
from domain.vocabulary import CONTRACT_STATUS
from projections.record_shape import Record
from projections.record_terms import status_on
from projections.terms_cache import terms_on

ACTIVITY_COLUMNS = (
    Column("Kontrakt"), Column("Kontraktstatus"), Column("Byområde"), Column("Indsatsområde"), Column("Aktivitet"),
    Column("Aktivitetstype"), Column("Målgrupper"), Column("Aldersgrupper"),
)  # fmt: skip


def serves(activity: Activity, activity_type: str | None, target_group: str | None) -> bool:
    """The activity is of the type and for the target group asked for (None: any)."""
    return (activity_type is None or activity.type == activity_type) and (
        target_group is None or target_group in activity.target_groups
    )


def with_activity(
    records: list[Record], day: date, activity_type: str | None, target_group: str | None
) -> list[Record]:
    """The contracts with an activity (in force on ``day``) of the type and for the target group asked for."""
    if activity_type is None and target_group is None:
        return records
    return [r for r in records if any(serves(a, activity_type, target_group) for a in terms_on(r, day).activities)]


def activities_table(
    records: list[Record], day: date, activity_type: str | None = None, target_group: str | None = None
) -> Table:
    """Every activity in force on ``day`` with its type, target groups and their age bands, in Danish."""
    rows = [
        _row(record, day, activity)
        for record in records
        for activity in terms_on(record, day).activities
        if serves(activity, activity_type, target_group)
    ]
    return Table(f"Aktiviteter pr. {day:%d.%m.%Y}", ACTIVITY_COLUMNS, rows)


def _row(record: Record, day: date, activity: Activity) -> tuple[Any, ...]:
    known = catalogue()
    terms = terms_on(record, day)
    groups = [known.groups[g] for g in activity.target_groups if g in known.groups]
    ages = ", ".join(g.ages.text() for g in groups if g.ages is not None)
    return (
        terms.title, CONTRACT_STATUS[status_on(record, day)], terms.urban_area, terms.focus_area, activity.name,
        known.type_name(activity.type) if activity.type else None,
        ", ".join(known.group_name(g) for g in activity.target_groups), ages or None,
    )  # fmt: skip

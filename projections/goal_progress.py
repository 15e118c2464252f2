"""How the goals are doing: each indicator's baseline, target and measurements up to a date.

A period's measurement on ``as_of`` is the latest one *dated* (``measured_on``) by then: a correction
dated after ``as_of`` does not hide the measurement it corrected (kept in the record's ``superseded``).

Progress per period: each period target is compared with the measurement recorded for that same period;
the single ``target`` is the whole contract period's (``period`` None), compared with the latest measurement.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from domain.terms import Indicator
from projections.record_shape import Measurement, Record
from projections.terms_cache import terms_on


def goal_progress(record: Record, as_of: date) -> list[dict[str, Any]]:
    terms = terms_on(record, as_of)
    return [
        {
            "goal": goal.key,
            "text": goal.text,
            "activity": goal.activity,
            "indicators": [_indicator(i, measured_by(record, i.key, as_of), as_of) for i in goal.indicators],
        }
        for goal in terms.goals
    ]


def measured_by(record: Record, indicator: str, as_of: date) -> dict[str, Measurement]:
    """Each period's measurement as it stood on ``as_of``: the newest entry (current or replaced) dated by then."""
    day = as_of.isoformat()
    found: dict[str, Measurement] = {}
    for s in record["superseded"]:  # in the order the entries were replaced: a later one wins
        path = s["path"]
        if len(path) == 3 and path[:2] == ["measurements", indicator] and s["entry"]["measured_on"] <= day:
            found[path[2]] = s["entry"]  # type: ignore[assignment]
    for period, current in record["measurements"].get(indicator, {}).items():
        if current["measured_on"] <= day:
            found[period] = current
    return found


def _indicator(indicator: Indicator, measured: dict[str, Measurement], as_of: date) -> dict[str, Any]:
    known = sorted(measured.items())
    latest = Decimal(known[-1][1]["value"]) if known else None
    return {
        "indicator": indicator.key,
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "baseline": _str(indicator.baseline),
        "target": _str(indicator.target),
        "latest": _str(latest),
        "progress_percent": _progress(indicator.baseline, indicator.target, latest),
        "measurements": [{"period": period, **m} for period, m in known],
        "kind": indicator.kind,
        "targets": per_period(indicator, measured, latest),
    }


def per_period(indicator: Indicator, measured: dict[str, Measurement], latest: Decimal | None) -> list[dict[str, Any]]:
    """Each period's target with its measurement, whether it was reached and the share of the way from baseline."""
    wanted: list[tuple[str | None, Decimal]] = sorted((t.period, t.value) for t in indicator.targets)
    if indicator.target is not None:
        wanted.append((None, indicator.target))
    rows = []
    for period, target in wanted:
        value = latest if period is None else (Decimal(measured[period]["value"]) if period in measured else None)
        rows.append(
            {
                "period": period,
                "target": str(target),
                "measured": _str(value),
                "reached": _reached(indicator.direction, target, value),
                "progress_percent": _progress(indicator.baseline, target, value),
            }
        )
    return rows


def _reached(direction: str, target: Decimal, value: Decimal | None) -> bool | None:
    """At or below a target to decrease to, at or above one to increase or maintain (None: not measured)."""
    if value is None:
        return None
    return value <= target if direction == "decrease" else value >= target


def _progress(baseline: Decimal | None, target: Decimal | None, latest: Decimal | None) -> float | None:
    """Share of the way from baseline to target (100 = reached; may exceed 100 or go negative)."""
    if baseline is None or target is None or latest is None or target == baseline:
        return None
    return round(float(100 * (latest - baseline) / (target - baseline)), 1)


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)

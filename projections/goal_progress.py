"""How the goals are doing: each indicator's baseline, target and measurements up to a date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from projections.contract_record import Record
from projections.terms_cache import terms_on


def goal_progress(record: Record, as_of: date) -> list[dict[str, Any]]:
    terms = terms_on(record, as_of)
    goals = []
    for goal in terms.goals:
        indicators = []
        for indicator in goal.indicators:
            measured = record["measurements"].get(indicator.key, {})
            known = sorted(
                ({"period": p, **m} for p, m in measured.items() if date.fromisoformat(m["measured_on"]) <= as_of),
                key=lambda m: m["period"],
            )
            latest = Decimal(known[-1]["value"]) if known else None
            indicators.append(
                {
                    "indicator": indicator.key,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "direction": indicator.direction,
                    "baseline": _str(indicator.baseline),
                    "target": _str(indicator.target),
                    "latest": _str(latest),
                    "progress_percent": _progress(indicator.baseline, indicator.target, latest),
                    "measurements": known,
                }
            )
        goals.append({"goal": goal.key, "text": goal.text, "activity": goal.activity, "indicators": indicators})
    return goals


def _progress(baseline: Decimal | None, target: Decimal | None, latest: Decimal | None) -> float | None:
    """Share of the way from baseline to target (100 = reached; may exceed 100 or go negative)."""
    if baseline is None or target is None or latest is None or target == baseline:
        return None
    return round(float(100 * (latest - baseline) / (target - baseline)), 1)


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)

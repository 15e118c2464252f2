"""The attestations slice of a contract record: standing duties' attestations and as-needed duties' evidence."""

from __future__ import annotations

from typing import Any

from domain.attestation import AttestationLog
from projections.record_shape import Attestation, DutyEvidence, Record, StandingRecord


def _duty(r: Record, e: Any) -> StandingRecord:
    responsibility = r["routes"][str(e.originator_id)]
    return r["attestations"].setdefault(responsibility, {"attested": {}, "evidence": []})


def _opened(r: Record, e: AttestationLog.Opened) -> None:
    r["routes"][str(e.originator_id)] = e.responsibility


def _attested(r: Record, e: AttestationLog.Attested) -> None:
    entry: Attestation = {
        "period": e.period, "status": e.status, "reason": e.reason, "evidence": e.evidence,
        "day": e.attested_on.isoformat(), "party": e.by_party, "actor": e.actor, "recorded_at": e.timestamp.isoformat(),
    }  # fmt: skip
    _duty(r, e)["attested"].setdefault(e.period, []).append(entry)


def _evidenced(r: Record, e: AttestationLog.Evidenced) -> None:
    entry: DutyEvidence = {
        "day": e.evidenced_on.isoformat(), "evidence": e.evidence, "party": e.by_party, "actor": e.actor,
        "recorded_at": e.timestamp.isoformat(),
    }  # fmt: skip
    _duty(r, e)["evidence"].append(entry)


HANDLERS: dict[type[Any], Any] = {
    AttestationLog.Opened: _opened,
    AttestationLog.Attested: _attested,
    AttestationLog.Evidenced: _evidenced,
}

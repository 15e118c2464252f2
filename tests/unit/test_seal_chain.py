"""The seal chain's check, with plain lists of events and seals: what each kind of damage looks like."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from persistence import chain

KEY = Ed25519PrivateKey.generate()
PUBLIC = KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
A, B = "00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-00000000000b"


def _log() -> list[chain.Event]:
    return [chain.Event(p, A if p % 2 else B, (p + 1) // 2, "forum:Test", f"state {p}".encode()) for p in range(1, 9)]


def _sealed(events: list[chain.Event]) -> tuple[list[chain.Seal], list[chain.Checkpoint]]:
    seals, previous = [], chain.GENESIS
    for e in events:
        previous = chain.link(previous, e.position, e.content())
        seals.append(chain.Seal(e.position, e.originator_id, e.version, e.content(), previous))
    head = seals[-1]
    message = chain.checkpoint_message(head.position, len(seals), "2026-01-01T00:00:00+00:00", head.chain)
    point = chain.Checkpoint(
        head.position, len(seals), "2026-01-01T00:00:00+00:00", head.chain, PUBLIC, KEY.sign(message)
    )
    return seals, [point]


def _kinds(events: list[chain.Event], seals: list[chain.Seal], points: list[chain.Checkpoint]) -> list[tuple[int, str]]:
    where = {(s.originator_id, s.version): s.position for s in seals}
    report = chain.check(events, seals, points, PUBLIC, locate=lambda i, v: where.get((i, v)))
    return [(f.position, f.kind) for f in report.findings]


def test_an_untouched_log_is_intact_sealed_and_signed_to_its_head() -> None:
    events = _log()
    seals, points = _sealed(events)

    report = chain.check([*events, chain.Event(9, A, 5, "forum:Test", b"new")], seals, points, PUBLIC)

    assert report.intact and (report.sealed_to, report.signed_to, report.unsealed) == (8, 8, 1)


def test_each_kind_of_damage_is_named_at_its_position() -> None:
    events = _log()
    seals, points = _sealed(events)
    changed = [*events[:2], chain.Event(3, A, 2, "forum:Test", b"forged"), *events[3:]]
    swapped = [*events[:2], events[3], events[2], *events[4:]]
    swapped = [
        chain.Event(p, e.originator_id, e.version, e.topic, e.state) for p, e in zip(range(1, 9), swapped, strict=True)
    ]
    inserted = [chain.Event(0, A, 9, "forum:Test", b"forged"), *events]

    assert _kinds(changed, seals, points) == [(3, "changed")]
    assert _kinds(events[:4] + events[5:], seals, points) == [(5, "missing")]
    assert _kinds(events[:-1], seals, points) == [(8, "missing")]
    assert _kinds(inserted, seals, points) == [(0, "inserted")]
    assert _kinds(swapped, seals, points) == [(3, "reordered"), (4, "reordered")]


def test_rewritten_seals_or_a_foreign_key_fail_the_checkpoint() -> None:
    events = _log()
    seals, points = _sealed(events)
    forged = [*events[:2], chain.Event(3, A, 2, "forum:Test", b"forged"), *events[3:]]
    resealed, _ = _sealed(forged)
    other = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    assert _kinds(forged, resealed, points) == [(8, "checkpoint")]
    assert not chain.check(events, seals, points, other).intact
    assert _kinds(events, [*seals[:3], *seals[4:]], points) == [(4, "inserted"), (5, "seal")]

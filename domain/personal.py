"""Contact persons' personal data, sealed with a key per person (crypto-shredding).

A person's name, e-mail and phone are stored only as ``Sealed`` values: AES-GCM ciphertext under
a random 256-bit key kept in a key table beside the events (``persistence/person_keys.py``).
Erasing a person destroys that key; every copy of the ciphertext – in events, snapshots and any
backup – then reveals only ``ERASED``. The events themselves are never changed.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ERASED = "[slettet]"
PERSONAL_FIELDS = ("name", "email", "phone")  # the fields of a contact person that are personal data


@dataclass(frozen=True)
class Sealed:
    """One personal value as stored: the person it belongs to, the nonce and the ciphertext (base64)."""

    person: str
    nonce: str
    ciphertext: str


class PersonKeys(Protocol):
    """Where the keys are kept: one per person, destroyed on erasure."""

    def key(self, person: str) -> bytes | None:
        """The person's key, or None when there is none (never made, or erased)."""
        ...

    def make(self, person: str, contract: str) -> bytes:
        """The person's key, made (random, 256 bits) if there is none yet."""
        ...

    def destroy(self, person: str) -> bool:
        """Destroy the person's key (False when there was none)."""
        ...


def seal(keys: PersonKeys, person: str, contract: str, text: str) -> Sealed:
    """``text`` encrypted under the person's key; the person's id is bound in as associated data."""
    nonce = os.urandom(12)
    ciphertext = AESGCM(keys.make(person, contract)).encrypt(nonce, text.encode(), person.encode())
    return Sealed(person, _b64(nonce), _b64(ciphertext))


def reveal(keys: PersonKeys, sealed: Sealed) -> str:
    """The plaintext, or ``ERASED`` once the person's key is destroyed."""
    return _opened(keys.key(sealed.person), sealed)


def reveal_all(keys: PersonKeys, values: dict[str, Sealed]) -> dict[str, str]:
    """Several sealed values, each person's key read once."""
    found: dict[str, bytes | None] = {}
    for sealed in values.values():
        if sealed.person not in found:
            found[sealed.person] = keys.key(sealed.person)
    return {name: _opened(found[sealed.person], sealed) for name, sealed in values.items()}


def _opened(key: bytes | None, sealed: Sealed) -> str:
    if key is None:
        return ERASED
    try:
        nonce, ciphertext = base64.b64decode(sealed.nonce), base64.b64decode(sealed.ciphertext)
        return AESGCM(key).decrypt(nonce, ciphertext, sealed.person.encode()).decode()
    except (InvalidTag, ValueError):  # not this person's ciphertext: shown as gone, never as someone else's
        return ERASED


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")

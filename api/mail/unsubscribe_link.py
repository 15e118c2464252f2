"""The signed link in every reminder that unsubscribes its recipient without signing in (RFC 8058 one-click)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from pathlib import Path
from urllib.parse import urlencode

from persistence.sealing import signing_key

PATH = "/afmeld"


def unsubscribe_secret(key_file: Path) -> bytes:
    """A secret derived from the installation's seal key (made on first use): no new secret to configure."""
    signing_key(key_file)
    return hashlib.sha256(b"forum-tracker afmelding af paamindelser\n" + key_file.read_bytes()).digest()


def unsubscribe_token(secret: bytes, recipient: str) -> str:
    """The recipient ('user:NAME', 'person:ID') and its signature; nobody can make one for someone else."""
    payload = base64.urlsafe_b64encode(recipient.encode()).decode().rstrip("=")
    return f"{payload}.{_signature(secret, recipient)}"


def recipient_of(secret: bytes, token: str) -> str | None:
    """The recipient a token was made for, or None when it is not one of ours."""
    payload, _, signature = token.partition(".")
    try:
        recipient = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return recipient if hmac.compare_digest(signature, _signature(secret, recipient)) else None


def unsubscribe_link(base_url: str, secret: bytes, recipient: str) -> str:
    return f"{base_url.rstrip('/')}{PATH}?{urlencode({'t': unsubscribe_token(secret, recipient)})}"


def _signature(secret: bytes, recipient: str) -> str:
    return hmac.new(secret, recipient.encode(), hashlib.sha256).hexdigest()[:40]

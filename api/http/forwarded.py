"""Who the client is and whether they came over https, believing forwarded headers only from trusted proxies."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from starlette.requests import HTTPConnection

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache
def trusted_networks(setting: str) -> tuple[Network, ...]:
    """FORUM_TRUSTED_PROXIES: comma-separated addresses or networks (``10.0.0.5, 10.1.0.0/16``)."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip())


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _settings_of(request: HTTPConnection) -> tuple[str, str | None]:
    settings = request.app.state.settings
    return settings.trusted_proxies, settings.public_url


def client_address(request: HTTPConnection) -> str:
    """The client's address: the peer, or the last address a trusted proxy chain was forwarded for."""
    trusted, _ = _settings_of(request)
    networks = trusted_networks(trusted)
    peer = request.client.host if request.client else "unknown"
    if not _trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    for hop in reversed(hops):  # the right-most hop not added by one of our proxies is the client
        if not _trusted(hop, networks):
            return hop
    return hops[0] if hops else peer


def is_https(request: HTTPConnection) -> bool:
    """Over https: the public URL says so, the request itself is, or a trusted proxy forwarded it as https."""
    trusted, public_url = _settings_of(request)
    if (public_url or "").lower().startswith("https://") or request.url.scheme == "https":
        return True
    peer = request.client.host if request.client else ""
    if not _trusted(peer, trusted_networks(trusted)):
        return False
    return request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower() == "https"

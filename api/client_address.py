"""Who is asking: the peer's address, or the client a trusted proxy names in X-Forwarded-For."""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address

from starlette.requests import HTTPConnection

Networks = Sequence[IPv4Network | IPv6Network]


def client_address(connection: HTTPConnection, trusted: Networks) -> str:
    """The first address, from the right of X-Forwarded-For, that is not a trusted proxy;
    the header is ignored unless the peer itself is one (anyone can write it)."""
    peer = connection.client.host if connection.client else ""
    if not _is_trusted(peer, trusted):
        return peer
    forwarded = ",".join(connection.headers.getlist("x-forwarded-for"))
    for hop in reversed([part.strip() for part in forwarded.split(",")]):
        if not _is_address(hop):
            return peer
        if not _is_trusted(hop, trusted):
            return hop
        peer = hop
    return peer


def _is_trusted(address: str, trusted: Networks) -> bool:
    return _is_address(address) and any(ip_address(address) in net for net in trusted)


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True

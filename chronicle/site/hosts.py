"""Which `Host:` a local server answers (`chronicle serve`), against DNS rebinding.

A web page on another site can point its own domain name at 127.0.0.1 and then read, from
the reader's browser, whatever a local server answers under that name: the drafts being
served. The server therefore answers only requests addressed to it: the host it was told
to bind, the names of this machine's loopback (localhost), and IP addresses written out
(a rebinding needs a domain name). Bound to every interface (0.0.0.0 or ::), it also
answers this machine's own host names.
"""

from __future__ import annotations

import ipaddress
import socket

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})


def host_name(header: str) -> str:
    """The name of a `Host:` header, without the port and the brackets of IPv6."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def host_allowed(header: str | None, bound: str) -> bool:
    """True if a request with this `Host:` header is for the server bound to `bound`."""
    if not header:
        return False
    name = host_name(header).rstrip(".")
    if name in LOCAL_NAMES or name.endswith(".localhost") or _is_ip(name):
        return True
    if name == bound.strip("[]").lower():
        return True
    if bound in WILDCARDS:
        machine = {socket.gethostname().lower(), socket.getfqdn().lower()}
        return name in machine
    return False

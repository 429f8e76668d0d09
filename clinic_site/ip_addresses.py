"""The visitor's IP address: who is asking (behind trusted proxies), and what of it we keep."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """
    The client's address. Behind ``CLIENT_IP_PROXY_COUNT`` trusted proxies, the address the
    outermost of them saw (read from the right of X-Forwarded-For, which clients can forge
    only on its left).
    """
    proxies = getattr(settings, "CLIENT_IP_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def truncate_ip(address: str) -> str:
    """The address with its last part cut off: IPv4 to /24, IPv6 to /48. Empty if invalid."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)

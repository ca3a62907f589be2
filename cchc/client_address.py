"""The address a request came from, behind the proxies we trust (CCHC_TRUSTED_PROXIES).

Read by the visit counter (cchc.analytics) and the sign-in lockout (cchc.accounts) alike, so it
sits below both.
"""

from __future__ import annotations

from django.conf import settings


def client_ip(meta: dict) -> str:
    """REMOTE_ADDR, or the address the trusted proxy in front of us saw.

    CCHC_TRUSTED_PROXIES is the number of proxies (nginx = 1) that append to X-Forwarded-For;
    the address they saw is the N-th from the right. More entries than that are ignored:
    a visitor can put anything at the left of the header.
    """
    return client_ip_of(meta.get("REMOTE_ADDR", ""), meta.get("HTTP_X_FORWARDED_FOR", ""))


def client_ip_of(remote_addr: str, forwarded_for: str) -> str:
    """client_ip() from the two headers it reads (the recorder keeps only these)."""
    proxies = int(getattr(settings, "CCHC_TRUSTED_PROXIES", 0) or 0)
    if proxies > 0 and forwarded_for:
        forwarded = [p.strip() for p in forwarded_for.split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:64]
    return str(remote_addr or "")[:64]

"""Login lockout rules on top of django-axes (decision 0010).

Axes counts failed sign-ins per (user name, client address) pair and refuses the pair once
AXES_FAILURE_LIMIT is reached, until AXES_COOLOFF_TIME has passed since its last attempt. What
this module adds: the client address through the project's trusted-proxy rule (the same one the
visit counter uses), the Vietnamese lockout page, and the administrators' list and unlock action.
"""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from cchc.client_address import client_ip

LOCKOUT_TEMPLATE = "accounts/lockout.html"


def request_client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: REMOTE_ADDR, or what the trusted proxy saw (CCHC_TRUSTED_PROXIES).

    A visitor can write anything into X-Forwarded-For; only the entries our own proxies appended
    are believed, so an attacker cannot dodge the lockout by inventing a new address each try.
    None when there is no valid address (a request built in code, e.g. `force_login`): axes
    stores its address columns in PostgreSQL's inet type, which refuses anything else.
    """
    address = client_ip(request.META)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def cool_off_minutes(request: HttpRequest | None = None) -> int:
    cool_off = get_cool_off(request)
    if not cool_off:
        return 0
    return max(1, round(cool_off.total_seconds() / 60))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the Vietnamese lockout page, status 429 (Too Many Requests)."""
    username = ""
    if credentials:
        username = str(credentials.get("username") or "")
    if not username:
        username = str(request.POST.get("username", ""))
    context = {
        "username": username[:150],
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": cool_off_minutes(request),
    }
    response = TemplateResponse(
        request, LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    return response.render()


@dataclass(frozen=True)
class Lockout:
    """A (user name, address) pair that may not sign in now."""

    username: str
    ip_address: str
    failures: int
    last_attempt: datetime.datetime
    unlocks_at: datetime.datetime | None


def current_lockouts() -> list[Lockout]:
    """The pairs locked out now, newest first.

    Axes keeps one AccessAttempt row per (user name, address, browser) and sums a pair's rows,
    so a new User-Agent does not restart the count; the list groups the same way.
    """
    cool_off = get_cool_off()
    attempts = AccessAttempt.objects.all()
    if cool_off:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    pairs = (
        attempts.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )
    return [
        Lockout(
            username=pair["username"] or "",
            ip_address=pair["ip_address"] or "",
            failures=pair["failures"],
            last_attempt=pair["last_attempt"],
            unlocks_at=pair["last_attempt"] + cool_off if cool_off else None,
        )
        for pair in pairs
    ]


def unlock(*, username: str, ip_address: str) -> int:
    """Lift one pair's lockout (its failure count starts again at zero); returns rows removed.

    Only that pair: the same account from other addresses, and other accounts from the same
    address, were never locked and keep their own counts. Both parts are required, since axes
    reads a missing one as "any".
    """
    if not username or not ip_address:
        return 0
    return reset(ip=ip_address, username=username)

"""Cookieless unique visitors: a hash of (secret salt of the day, commune, IP, user agent).

The salt is random, lives in the database only for its day (so every process agrees on it)
and is deleted by the roll-up once the day is over: after that nobody, us included, can
recompute a hash from an IP address, nor link one day's visitor to the next day's.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import threading

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from cchc.analytics.models import DailySalt
from cchc.analytics.recorder import now_local
from cchc.client_address import client_ip

_lock = threading.Lock()
_salts: dict[datetime.date, bytes] = {}


def salt_for(day: datetime.date) -> bytes:
    salt = _salts.get(day)
    if salt is not None:
        return salt
    with _lock:
        row = DailySalt.objects.filter(day=day).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = DailySalt.objects.create(day=day, secret=secrets.token_hex(32))
            except IntegrityError:  # another process made it first: use theirs
                row = DailySalt.objects.get(day=day)
        salt = bytes.fromhex(row.secret)
        _salts.clear()  # only today's (and at midnight briefly yesterday's) is ever needed
        _salts[day] = salt
        return salt


def forget_salts_before(day: datetime.date) -> int:
    _salts.pop(day - datetime.timedelta(days=1), None)
    for known in list(_salts):
        if known < day:
            _salts.pop(known, None)
    return DailySalt.objects.filter(day__lt=day).delete()[0]


def visitor_hash(day: datetime.date, commune_id: int, ip: str, user_agent: str) -> str:
    digest = hashlib.blake2b(
        f"{commune_id}\n{ip}\n{user_agent}".encode("utf-8", "replace"),
        key=salt_for(day),
        digest_size=8,
    )
    return digest.hexdigest()


def address_hash(day: datetime.date, commune_id: int, ip: str) -> str:
    """The address alone, hashed like a visitor (a key for per-address limits, never stored).

    `person` keeps it apart from visitor_hash() of the same address with an empty user agent.
    """
    digest = hashlib.blake2b(
        f"{commune_id}\n{ip}".encode("utf-8", "replace"),
        key=salt_for(day),
        digest_size=8,
        person=b"cchc-address",
    )
    return digest.hexdigest()


def request_visitor(request: HttpRequest) -> str:
    """The visitor hash of a request to a commune's portal ("" off a portal).

    Handed to cchc.search at start-up (AnalyticsConfig.ready) so the search log can count how
    many different visitors typed a query without search importing analytics.
    """
    commune = getattr(request, "commune", None)
    if commune is None:
        return ""
    meta = request.META
    return visitor_hash(
        now_local()[1], commune.id, client_ip(meta), meta.get("HTTP_USER_AGENT", "")
    )

"""Helpers for the input fuzz (cchc/tests/test_fuzz_inputs.py): the Hypothesis profile, the
per-example rollback, and the snapshot of stored data a refused input must leave unchanged."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import models, transaction
from hypothesis import HealthCheck, event, settings
from wagtail.models import Collection, Page, Revision

from cchc.analytics.models import EngagementEvent, ExportJob
from cchc.communes.models import Commune, Membership, Province, Unit
from cchc.portal.models import ArticlePage
from cchc.procedures.models import Procedure, ProcedureStatusChange

# --- Hypothesis settings ---------------------------------------------------------------------

settings.register_profile(
    "cchc-fuzz",
    deadline=None,  # one example is a whole request; its time varies with the shared machine
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    print_blob=True,  # a failure prints the line that replays it (@reproduce_failure)
)


def fuzz(examples: int) -> settings:
    """The profile with `examples` per test, or CCHC_FUZZ_EXAMPLES of them for a deeper run."""
    deeper = os.environ.get("CCHC_FUZZ_EXAMPLES", "")
    count = int(deeper) if deeper.isascii() and deeper.isdigit() else examples
    return settings(settings.get_profile("cchc-fuzz"), max_examples=count)


# --- What is stored ------------------------------------------------------------------------

# Tables a refused input must leave as they were. Logs (views, searches, audit entries, sign-in
# attempts) are not among them: recording that something was tried is not a stored change.
STORED: tuple[type[models.Model], ...] = (
    Page,
    Revision,
    ArticlePage,
    Procedure,
    ProcedureStatusChange,
    Province,
    Commune,
    Unit,
    Membership,
    Group,
    Collection,
    ExportJob,
    EngagementEvent,
)


def _plain(value: object) -> object:
    # A StreamField column comes back as a StreamValue, whose repr names its memory address.
    return value.get_prep_value() if hasattr(value, "get_prep_value") else value


def _fingerprint(model: type[models.Model]) -> tuple[int, str]:
    fields = [f.attname for f in model._meta.concrete_fields]
    rows = [
        tuple(_plain(v) for v in row)
        for row in model._base_manager.order_by("pk").values_list(*fields)
    ]
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


def snapshot(extra: tuple[type[models.Model], ...] = ()) -> dict[str, tuple[int, str]]:
    """Row count and a hash of every column, per table; plus the files under MEDIA_ROOT."""
    state = {m._meta.label: _fingerprint(m) for m in (*STORED, *extra)}
    root = Path(django_settings.MEDIA_ROOT)
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    state["media"] = (len(files), hashlib.sha256(repr(files).encode()).hexdigest())
    return state


def _clear_caches() -> None:
    from cchc.analytics import counter
    from cchc.communes import selectors

    selectors._local.clear()
    counter._local.clear()
    for cache in caches.all():
        cache.clear()


@contextmanager
def one_example(client) -> Iterator[None]:
    """An example's writes rolled back, its caches (rate limits, pages) and messages fresh."""
    _clear_caches()
    client.cookies.pop("messages", None)
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def assert_answered(response) -> None:
    """Not a server error, and (for staff) still signed in, so the example reached the view."""
    event(f"status {response.status_code}")  # shown by --hypothesis-show-statistics
    body = response.content[:3000].decode(errors="replace")
    assert response.status_code < 500, f"{response.status_code}: {body}"
    location = response.get("Location", "")
    assert "/login/" not in location, f"signed out: {location}"


def assert_nothing_stored(before: dict, response, extra: tuple = ()) -> None:
    after = snapshot(extra)
    changed = [name for name in before if before[name] != after[name]]
    assert not changed, f"refused ({response.status_code}) yet changed: {changed}"


def post_form(client, url: str, form: dict, *, accepted=None, extra: tuple = ()):
    """POST `form`; unless the answer says it was accepted, nothing stored may have changed."""
    with one_example(client):
        before = snapshot(extra)
        response = client.post(url, form)
        assert_answered(response)
        ok = accepted(response) if accepted else response.status_code == 302
        event("accepted" if ok else "refused")
        if not ok:
            assert_nothing_stored(before, response, extra)
        return response

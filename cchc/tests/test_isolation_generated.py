"""A generated isolation suite: every URL of the back office, attacked with foreign objects.

The URL patterns come from `django.urls.get_resolver()` (Wagtail's admin URLconf with every
hook-registered view, the project's admin views and APIs, the public site). Each is filled by
`isolation_fillers.FILLERS` with objects that belong to another unit or another commune
(`isolation_world`), then requested with GET and POST as each persona: the editor of another
unit of the same commune, the coordinator of another commune, the province officer of the other
province, and an anonymous visitor. Every case must:

1. not show MARKER (planted in every foreign object's title, name or body) in its body, nor in
   the flash messages it leaves for the next page;
2. leave every foreign row as it was (compared inside the request's savepoint, before the
   rollback that keeps the world intact for the next case);
3. not answer 5xx.

A URL the table cannot fill fails the suite ("give <name> a filler"), so a new view is attacked
the day it is added. Redirects are not followed (a redirect to the login page is a refusal).
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

from cchc.tests.isolation_fillers import DEFAULT_POST, FILLERS, SKIPPED, Fill
from cchc.tests.isolation_world import (
    HOST_A,
    MARKER,
    PERSONAS,
    build_world,
    snapshot,
    snapshot_plan,
)

# Each persona's run must reach at least this many URL × method cases: a drop means patterns
# went missing from the walk or fillers stopped producing cases.
MIN_CASES_PER_PERSONA = 750
MARKER_BYTES = MARKER.lower().encode()


@dataclass(frozen=True)
class Pattern:
    key: str  # the full namespaced name, or "<route>" for an unnamed pattern
    name: str | None
    route: str
    params: frozenset[str]
    positional: int


def _join(route: str, sub: str) -> str:
    # As Django joins the routes of nested patterns (ResolverMatch.route).
    return route + (sub[1:] if route and sub.startswith("^") else sub)


def _params(pattern) -> tuple[set[str], int]:
    if isinstance(pattern, RoutePattern):
        return set(pattern.converters), 0
    if isinstance(pattern, RegexPattern):
        named = set(pattern.regex.groupindex)
        return named, 0 if named else pattern.regex.groups
    assert isinstance(pattern, LocalePrefixPattern), pattern
    return set(), 0


def url_patterns() -> list[Pattern]:
    found: list[Pattern] = []

    def walk(resolver, route: str, namespace: str | None, params: set[str], positional: int):
        for entry in resolver.url_patterns:
            names, count = _params(entry.pattern)
            sub_route = _join(route, str(entry.pattern))
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry, sub_route, ns, params | names, positional + count)
            else:
                assert isinstance(entry, URLPattern)
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                found.append(
                    Pattern(
                        key=name or f"<{sub_route}>",
                        name=name,
                        route=sub_route,
                        params=frozenset(params | names),
                        positional=positional + count,
                    )
                )

    walk(get_resolver(), "", None, set(), 0)
    return found


@dataclass(frozen=True)
class Case:
    key: str
    method: str
    path: str
    data: dict


def _fits(pattern: Pattern, fill: Fill) -> bool:
    if fill.path is not None:
        return True
    return set(fill.kwargs) == pattern.params and len(fill.args) == pattern.positional


def plan_cases(world) -> tuple[list[Case], list[str]]:
    """Every (URL × fill × method) case for this world, and the patterns that cannot be filled.

    An unnamed pattern with the same route as a named one (the project's overrides of Wagtail
    views, registered ahead of them) takes the named pattern's filler; identical requests are
    made once.
    """
    patterns = url_patterns()
    named_by_route = {p.route: p for p in patterns if p.name}
    cases: dict[tuple, Case] = {}
    problems: list[str] = []
    for pattern in patterns:
        if pattern.key in SKIPPED:
            continue
        filler = FILLERS.get(pattern.key)
        target = pattern
        if filler is None and pattern.name is None and pattern.route in named_by_route:
            target = named_by_route[pattern.route]
            filler = FILLERS.get(target.key)
        if filler is None:
            problems.append(f"{pattern.key}: give {pattern.key} a filler ({pattern.route})")
            continue
        fills = [f for f in filler(world) if _fits(target, f)]
        if not fills:
            problems.append(
                f"{pattern.key}: its filler has no arguments fitting {pattern.route} "
                f"(needs {sorted(pattern.params)} and {pattern.positional} positional)"
            )
        for fill in fills:
            if fill.error:
                problems.append(f"{pattern.key}: {fill.error}")
                continue
            path = fill.path or reverse(target.name, args=fill.args, kwargs=fill.kwargs)
            if fill.path is None and resolve(path).route != pattern.route:
                problems.append(
                    f"{pattern.key}: filled path {path} resolves to {resolve(path).route}, "
                    f"not {pattern.route}"
                )
                continue
            if fill.query:
                path = f"{path}?{urlencode(fill.query)}"
            for method in fill.methods:
                data = {}
                if method == "POST":
                    data = fill.data if fill.data is not None else DEFAULT_POST
                key = (method, path, tuple(sorted((k, str(v)) for k, v in data.items())))
                cases.setdefault(key, Case(pattern.key, method, path, data))
    return list(cases.values()), problems


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
        response.close()
        return body
    return response.content


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _marker_context(body: bytes) -> str:
    at = body.lower().find(MARKER_BYTES)
    return _squeeze(body[max(0, at - 100) : at + 40].decode("utf-8", "replace"))


def _flash_messages(response) -> str:
    """The text of the flash messages a response leaves in its cookie for the next page."""
    morsel = response.cookies.get("messages")
    if morsel is None or not morsel.value:
        return ""
    decoded = CookieStorage(HttpRequest())._decode(morsel.value) or []
    return " | ".join(str(m) for m in decoded)


class WriteWatch:
    """Notes whether a request sent any statement that may write (to skip needless snapshots)."""

    READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK TO", "SET ", "SHOW ", "EXPLAIN")

    def __init__(self) -> None:
        self.wrote = False

    def __call__(self, execute, sql, params, many, context):
        if not self.wrote and not sql.lstrip().upper().startswith(self.READS):
            self.wrote = True
        return execute(sql, params, many, context)


def run_case(client: Client, case: Case, plan: dict, baseline: dict) -> list[str]:
    """One request in a savepoint; what it leaked, changed or broke. Rolled back after.

    Foreign rows are compared whenever the request sent a statement other than a read: a
    request that only read cannot have changed them.
    """
    reasons: list[str] = []
    watch = WriteWatch()
    with transaction.atomic():
        try:
            with connection.execute_wrapper(watch):
                if case.method == "GET":
                    response = client.get(case.path)
                else:
                    response = client.post(case.path, case.data)
        except Exception as exc:  # the test client re-raises the view's exception: a 500
            reasons.append(f"5xx: raised {type(exc).__name__}: {str(exc)[:160]}")
            response = None
        if response is not None:
            if response.status_code >= 500:
                reasons.append(f"{response.status_code}")
            body = _body(response)
            if MARKER_BYTES in body.lower():
                reasons.append(
                    f"marker in body ({response.status_code}): …{_marker_context(body)}…"
                )
            flashed = _flash_messages(response)
            if MARKER.lower() in flashed.lower():
                reasons.append(f"marker in flash message: {_squeeze(flashed)[:160]}")
        if watch.wrote or response is None:
            try:
                after = snapshot(plan)
            except DatabaseError as exc:  # the view broke the transaction (PostgreSQL)
                reasons.append(f"foreign rows unreadable after the request: {exc}")
            else:
                changed = [name for name, rows in baseline.items() if after[name] != rows]
                if changed:
                    reasons.append("foreign objects changed: " + ", ".join(changed))
        transaction.set_rollback(True)
    return reasons


def test_every_url_pattern_has_a_filler_or_a_reason():
    """The table covers the URLconf: no pattern is left out, no stale skip hides one."""
    patterns = url_patterns()
    keys = {p.key for p in patterns}
    # An unnamed override of a named route is filled as that route (see plan_cases).
    named_routes = {p.route for p in patterns if p.name}
    overrides = {p.key for p in patterns if p.name is None and p.route in named_routes}
    missing = sorted(keys - overrides - set(FILLERS) - set(SKIPPED))
    assert not missing, "\n".join(f"give {key} a filler" for key in missing)
    assert set(SKIPPED) <= keys, f"skipped URLs that no longer exist: {set(SKIPPED) - keys}"
    assert set(FILLERS) <= keys, f"fillers of URLs that no longer exist: {set(FILLERS) - keys}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_no_foreign_object_leaks_changes_or_breaks(
    persona, settings, tmp_path, capsys, caplog, record_property
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Thousands of refusals would each log a 403/404 warning; the failures list says what matters.
    for logger in ("django.request", "django.security"):
        caplog.set_level(logging.CRITICAL, logger=logger)
    world = build_world(persona)
    cases, problems = plan_cases(world)
    plan = snapshot_plan(world)
    baseline = snapshot(plan)

    client = Client(HTTP_HOST=HOST_A)
    if world.user is not None:
        client.force_login(world.user)
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)

    failures = [f"{p} ({persona})" for p in problems]
    started = time.monotonic()
    timings: list[tuple[float, str]] = []
    for case in cases:
        case_started = time.monotonic()
        reasons = run_case(client, case, plan, baseline)
        timings.append((time.monotonic() - case_started, f"{case.method} {case.path}"))
        if reasons:
            failures.append(
                f"{case.key} {case.method} {persona}: {'; '.join(reasons)} [{case.path}]"
            )
        # Each case starts from the persona's session, with no messages left by the last one.
        client.cookies = SimpleCookie()
        if session is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = session.value
    elapsed = time.monotonic() - started
    world.job_b.file.delete(save=False)
    record_property("isolation_cases", len(cases))

    # Controls: the persona is still signed in and sees its own side, so an absent marker means
    # refused, not "everything redirected to the login page".
    if world.user is not None:
        own = {
            "unit_editor": reverse("wagtailadmin_explore", args=[world.news_a.pk]),
            "other_coordinator": reverse("wagtailadmin_explore", args=[world.news_a.pk]),
            "province_viewer": reverse("cchc_province_pages"),
        }[persona]
        response = client.get(own)
        assert response.status_code == 200, f"{persona} lost the session: {own}"
        assert world.a1_draft.title in response.content.decode()

    with capsys.disabled():
        print(f"\n[isolation] {persona}: {len(cases)} cases in {elapsed:.1f} s")
        if os.environ.get("CCHC_ISOLATION_PROFILE"):  # the slowest cases, to keep the suite fast
            for seconds, what in sorted(timings, reverse=True)[:25]:
                print(f"  {seconds * 1000:6.0f} ms  {what}")
    assert len(cases) >= MIN_CASES_PER_PERSONA
    assert not failures, f"{len(failures)} of {len(cases)} cases failed:\n" + "\n".join(failures)

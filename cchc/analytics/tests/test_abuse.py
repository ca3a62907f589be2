"""Abuse of the statistics (issue 9): odd numbers and headers at the beacon, odd digits in ids,
the rate limit changing the User-Agent, and one reader's repeated shares."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from cchc.analytics.models import EngagementEvent, ExportJob
from cchc.analytics.periods import Period
from cchc.analytics.recorder import write_batch
from cchc.analytics.selectors import figures
from cchc.analytics.tests.test_dashboard import EXPORT_URL, URL, days_ago, rollup, staff
from cchc.analytics.tests.test_selectors import _view
from cchc.inputs import whole_number
from cchc.portal.tests.helpers import publish_article

PHONE = "Mozilla/5.0 (Linux; Android 11; SM-A125F) Chrome/120.0 Mobile Safari/537.36"
# Words of a Python exception that must never reach a visitor.
PYTHON_WORDS = ("float", "convert", "integer", "Traceback", "Error", "NaN", "int(")


def _post(client, body: str | bytes, **extra):
    return client.post(
        "/api/stats/beacon",
        data=body,
        content_type="text/plain",
        HTTP_USER_AGENT=extra.pop("HTTP_USER_AGENT", PHONE),
        **extra,
    )


@pytest.fixture
def article(commune_a):
    return publish_article(commune_a, "Tin cải cách hành chính")


# --- Numbers and headers the beacon must refuse with a message of ours --------------------------


@pytest.mark.parametrize(
    "number",
    ["1e400", "-1e400", "Infinity", "-Infinity", "NaN"],
)
@pytest.mark.parametrize("field", ["seconds", "depth"])
def test_numbers_that_are_not_finite_are_refused_in_vietnamese(
    client_a, commune_a, article, field, number
):
    body = f'{{"page": {article.id}, "type": "read", "{field}": {number}}}'
    response = _post(client_a, body)
    assert response.status_code == 400
    message = response.json()["error"]
    assert "không nhận NaN, Infinity" in message
    assert not any(word in message.replace("NaN, Infinity", "") for word in PYTHON_WORDS)
    assert EngagementEvent.objects.count() == 0


def test_a_page_id_beyond_any_id_is_refused(client_a, commune_a, article):
    for page in ("1" + "0" * 400, "2147483648", "1e400", "NaN"):
        response = _post(client_a, f'{{"page": {page}, "type": "read"}}')
        assert response.status_code == 400, page
    assert EngagementEvent.objects.count() == 0


def test_large_finite_numbers_are_clamped_not_errors(client_a, commune_a, article):
    body = f'{{"page": {article.id}, "type": "read", "seconds": 1e308, "depth": -1e308}}'
    assert _post(client_a, body).status_code == 202
    event = EngagementEvent.objects.get()
    assert (event.seconds, event.depth) == (3600, 0)


@pytest.mark.parametrize("length", ["abc", "12a", "-5", "1.5", "²", "٣", "1e3"])
def test_a_content_length_that_is_not_a_number_is_refused(client_a, commune_a, article, length):
    body = json.dumps({"page": article.id, "type": "read", "seconds": 40})
    response = _post(client_a, body, CONTENT_LENGTH=length)
    assert response.status_code == 400
    assert response.json()["error"] == "Độ dài dữ liệu (Content-Length) không hợp lệ."
    assert EngagementEvent.objects.count() == 0


def test_a_huge_content_length_is_too_large(client_a, commune_a, article):
    body = json.dumps({"page": article.id, "type": "read"})
    response = _post(client_a, body, CONTENT_LENGTH="9" * 40)
    assert response.status_code == 413
    assert "quá lớn" in response.json()["error"]


# --- The rate limit -----------------------------------------------------------------------------


def test_changing_the_user_agent_does_not_reset_the_rate_limit(client_a, commune_a, article):
    body = json.dumps({"page": article.id, "type": "read", "seconds": 40})
    statuses = [
        _post(client_a, body, HTTP_USER_AGENT=f"{PHONE} build/{n}", REMOTE_ADDR="203.0.113.9")
        for n in range(70)
    ]
    codes = [r.status_code for r in statuses]
    assert codes.count(202) == 60 and codes[-1] == 429
    assert "quá nhiều" in statuses[-1].json()["error"]
    assert EngagementEvent.objects.count() == 60
    # Another address of the same office network is not held back.
    other = _post(client_a, body, REMOTE_ADDR="203.0.113.10")
    assert other.status_code == 202


def test_the_rate_limit_follows_the_trusted_proxy_rule(client_a, commune_a, article, settings):
    settings.CCHC_TRUSTED_PROXIES = 1
    body = json.dumps({"page": article.id, "type": "read", "seconds": 40})
    # Behind nginx every request comes from 127.0.0.1; what the visitor writes at the left of
    # X-Forwarded-For changes nothing, the address nginx appended is the key.
    codes = [
        _post(
            client_a,
            body,
            HTTP_USER_AGENT=f"{PHONE} build/{n}",
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.0.{n}.1, 198.51.100.7",
        ).status_code
        for n in range(61)
    ]
    assert codes.count(202) == 60 and codes[-1] == 429
    fresh = _post(client_a, body, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert fresh.status_code == 202


def test_no_address_is_kept_by_the_rate_limit(client_a, commune_a, article):
    from django.core.cache import cache

    body = json.dumps({"page": article.id, "type": "read", "seconds": 40})
    _post(client_a, body, REMOTE_ADDR="203.0.113.77")
    keys = " ".join(str(k) for k in cache._cache)  # LocMemCache in the tests
    assert "beacon" in keys and "203.0.113.77" not in keys


# --- Shares count once per visitor, article and day ---------------------------------------------


def test_ten_shares_by_one_reader_in_a_day_count_once(client_a, commune_a, article):
    write_batch([_view(commune_a, days_ago(0), "ab" * 8, page_id=article.id)])
    for target in ("zalo", "facebook") * 5:
        share = json.dumps({"page": article.id, "type": "share", "to": target})
        assert _post(client_a, share, REMOTE_ADDR="203.0.113.5").status_code == 202
    # A second reader shares once.
    assert _post(client_a, share, REMOTE_ADDR="203.0.113.6").status_code == 202
    rollup(commune_a)

    (interest,) = figures(commune_a, Period(days_ago(6), days_ago(0))).interest

    assert EngagementEvent.objects.filter(type="share").count() == 11  # all kept, raw
    assert interest.shares == 2
    assert interest.score == interest.visitors + 3 * 2


def test_a_reader_sharing_again_another_day_counts_again(commune_a, article):
    Event = EngagementEvent
    for n in (1, 2):
        day = days_ago(n)
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        write_batch([_view(commune_a, day, "cd" * 8, page_id=article.id)])
        Event.objects.bulk_create(
            Event(commune=commune_a, at=at, day=day, page_id=article.id, type="share",
                  share_to="zalo", visitor="cd" * 8)
            for _ in range(4)
        )  # fmt: skip
    rollup(commune_a)
    (interest,) = figures(commune_a, Period(days_ago(6), days_ago(0))).interest
    assert interest.shares == 2


# --- Odd digits in ids --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "٣", "１", " 1", "1_0", "+1", "9" * 40])
def test_odd_digits_in_the_commune_parameter_are_a_404(client_a, commune_a, value):
    client_a.force_login(staff("dieu-phoi-a", commune_a))
    assert client_a.get(URL, {"xa": value}).status_code == 404
    response = client_a.post(EXPORT_URL, {"xa": value, "format": "csv"})
    assert response.status_code == 404
    assert not ExportJob.objects.exists()
    assert client_a.get(URL, {"xa": str(commune_a.id)}).status_code == 200


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), ("0", 0), ("²", None), ("٣", None), (" 1", None), ("1_0", None), ("", None),
     ("-1", None), ("99999999999", None), (None, None), (12, None)],
)  # fmt: skip
def test_whole_numbers_are_ascii_digits_only(value, expected):
    assert whole_number(value) == expected

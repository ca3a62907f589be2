"""Scheduled publishing that happens (issue 10, item 2): due pages go live, expired ones go off.

Before, nothing ran Wagtail's `publish_scheduled`: a page approved for 08:00 stayed "ĐÃ HẸN GIỜ"
past its time. The periodic runner (`manage.py run_periodic`, started by scripts/run.sh) enqueues
the task; the worker (`db_worker`, or inline in tests) publishes and the page cache follows.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from wagtail.models import Revision

from cchc.portal.models import ArticleIndexPage, ArticlePage
from cchc.portal.tasks import PeriodicRunner, publish_scheduled_task

pytestmark = pytest.mark.django_db

NEWS = "/cai-cach-hanh-chinh/tin-tuc/"
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TITLE = "Lịch tiếp công dân tháng Mười hai"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.CCHC_PAGE_CACHE_SECONDS = 300
    yield
    for alias in caches:
        caches[alias].clear()


def news_index(commune) -> ArticleIndexPage:
    return ArticleIndexPage.objects.descendant_of(commune.root_page).get()


def scheduled_article(commune, title: str = TITLE, slug: str = "lich-tiep-cong-dan") -> ArticlePage:
    """An article approved to go live in an hour, as the editor's publish button leaves it."""
    page = ArticlePage(title=title, slug=slug, summary="Lịch tiếp công dân.", live=False)
    news_index(commune).add_child(instance=page)
    page.go_live_at = timezone.now() + dt.timedelta(hours=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.live is False and page.scheduled_revision is not None
    return page


def its_time_has_come(page: ArticlePage) -> None:
    """Move the schedule into the past, as if the clock had reached it."""
    past = timezone.now() - dt.timedelta(minutes=1)
    revision = Revision.objects.get(pk=page.scheduled_revision.pk)
    revision.content["go_live_at"] = past.isoformat()  # publishing reads it from the revision
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])


def live_article(commune, title: str, slug: str, expire_at: dt.datetime) -> ArticlePage:
    page = ArticlePage(title=title, slug=slug, summary=title, expire_at=expire_at)
    news_index(commune).add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_a_page_whose_time_has_come_goes_live_when_the_task_runs(commune_a):
    page = scheduled_article(commune_a)
    publish_scheduled_task.enqueue()
    page.refresh_from_db()
    assert page.live is False, "not before its time"

    its_time_has_come(page)
    result = publish_scheduled_task.enqueue()

    page.refresh_from_db()
    assert page.live is True
    assert ArticlePage.objects.get(pk=page.pk).scheduled_revision is None  # not published again
    assert result.return_value["published"] == 1


def test_a_page_whose_expiry_has_passed_goes_offline(commune_a):
    page = live_article(commune_a, "Thông báo hết hạn", "thong-bao-het-han", timezone.now())
    assert page.live is True
    staying = live_article(
        commune_a, "Thông báo còn hạn", "thong-bao-con-han", timezone.now() + dt.timedelta(days=1)
    )

    publish_scheduled_task.enqueue()

    page.refresh_from_db()
    staying.refresh_from_db()
    assert (page.live, page.expired) == (False, True)
    assert staying.live is True


def test_the_cached_news_page_shows_the_article_once_it_is_published(commune_a, client_a):
    page = scheduled_article(commune_a)
    client_a.get(NEWS)
    cached = client_a.get(NEWS)
    assert cached["X-Cache"] == "HIT" and TITLE not in cached.content.decode()

    its_time_has_come(page)
    publish_scheduled_task.enqueue()

    fresh = client_a.get(NEWS)
    assert fresh["X-Cache"] == "MISS"
    assert TITLE in fresh.content.decode()
    page.refresh_from_db()
    assert client_a.get(page.get_url()).status_code == 200  # and the article itself answers


def test_the_cached_page_of_an_expired_article_is_gone(commune_a, client_a):
    page = live_article(commune_a, "Thông báo sắp hết hạn", "thong-bao-sap-het-han", timezone.now())
    url = page.get_url()
    assert client_a.get(url).status_code == 200
    assert client_a.get(url)["X-Cache"] == "HIT"

    publish_scheduled_task.enqueue()

    assert client_a.get(url).status_code == 404


def test_the_periodic_command_publishes_due_pages(commune_a):
    page = scheduled_article(commune_a)
    its_time_has_come(page)

    call_command("run_periodic", "--once")

    page.refresh_from_db()
    assert page.live is True


# The worker closes its connection between rounds, as it must in production; inside a test's
# transaction that would lose the test's data (PostgreSQL), so this test commits for real and
# restores the migrations' rows afterwards.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS=DB_QUEUE)
def test_the_demo_worker_publishes_what_the_runner_enqueued(commune_a):
    """The demo's own pair: run_periodic enqueues on the database queue, db_worker runs it."""
    page = scheduled_article(commune_a)
    its_time_has_come(page)

    enqueued = PeriodicRunner(interval=0).tick()
    page.refresh_from_db()
    assert enqueued.status == TaskResultStatus.READY and page.live is False

    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)

    page.refresh_from_db()
    assert page.live is True
    enqueued.refresh()
    assert enqueued.status == TaskResultStatus.SUCCESSFUL


@override_settings(TASKS=DB_QUEUE)
def test_the_runner_does_not_pile_up_tasks_while_the_worker_is_away(commune_a):
    from django_tasks_db.models import DBTaskResult

    runner = PeriodicRunner(interval=0)
    first = runner.tick()
    assert runner.tick() is None and runner.tick() is None
    assert DBTaskResult.objects.count() == 1

    # A task left waiting longer than `stale_after` (a worker killed mid-task) no longer blocks.
    DBTaskResult.objects.filter(pk=first.id).update(
        enqueued_at=timezone.now() - dt.timedelta(minutes=11)
    )
    assert runner.tick() is not None
    assert DBTaskResult.objects.count() == 2


def test_two_runs_at_once_do_not_publish_twice(commune_a):
    from cchc.portal.tasks import LOCK_KEY

    page = scheduled_article(commune_a)
    its_time_has_come(page)
    caches["default"].add(LOCK_KEY, 1, 60)  # another run (cron, a slow worker) is publishing

    skipped = publish_scheduled_task.enqueue()

    page.refresh_from_db()
    assert skipped.return_value["skipped"] == 1 and page.live is False
    caches["default"].delete(LOCK_KEY)
    publish_scheduled_task.enqueue()
    page.refresh_from_db()
    assert page.live is True

"""Tags and the workflow task chooser, which Wagtail answers from the whole installation (issue 9).

Taggit's tags are shared by every commune: the names commune B gave its documents and images
must not reach commune A's staff through the tag autocomplete, the listings' tag filter or the
image chooser's suggested tags. The workflow task chooser is for those who edit workflows; the
commune's staff are refused rather than shown every commune's tasks.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Task, WorkflowTask

from cchc.communes.groups import collection_for
from cchc.communes.models import Membership, Unit
from cchc.communes.services import membership_grant

pytestmark = pytest.mark.django_db

HOST_A = "duc-tho.localhost"
TAG_A = "le-hoi-lang"
TAG_B = "bi-mat-phuong-zqxw"  # commune B's tag: no one of commune A may read it
TASK_B = "Duyệt riêng của phường Zqxw"


def make_user(django_user_model, username: str, **grant):
    user = django_user_model.objects.create_user(username, password="x")
    membership_grant(user=user, **grant)
    return user


def _png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), (30, 90, 200)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def tagged(commune_a, commune_b):
    """A document and an image in each commune's collection, each tagged with its own tag."""
    documents, images = get_document_model(), get_image_model()
    for commune, tag in ((commune_a, TAG_A), (commune_b, TAG_B)):
        doc = documents.objects.create(
            title=f"Tài liệu {commune.slug}",
            file=ContentFile(b"Bien ban.\n", name=f"{commune.slug}.txt"),
            collection=collection_for(commune),
        )
        doc.tags.add(tag)
        image = images.objects.create(
            title=f"Ảnh {commune.slug}",
            file=ImageFile(io.BytesIO(_png()), name=f"{commune.slug}.png"),
            collection=collection_for(commune),
        )
        image.tags.add(tag)


@pytest.fixture
def personas(django_user_model, commune_a):
    unit = Unit.objects.create(commune=commune_a, name="Trường Tiểu học", kind="school")
    return {
        "unit_editor": make_user(
            django_user_model,
            "giao-vien",
            role=Membership.Role.EDITOR,
            commune=commune_a,
            unit=unit,
        ),
        "coordinator": make_user(
            django_user_model, "dieu-phoi-a", role=Membership.Role.COORDINATOR, commune=commune_a
        ),
        "province_officer": make_user(
            django_user_model,
            "so-noi-vu",
            role=Membership.Role.PROVINCE_OFFICER,
            province=commune_a.province,
        ),
    }


def _as(client, user):
    client.logout()
    client.force_login(user)
    client.defaults["HTTP_HOST"] = HOST_A
    return client


# --- Tags ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["unit_editor", "coordinator", "province_officer"])
@pytest.mark.parametrize(
    "url",
    [
        reverse("wagtailadmin_tag_autocomplete"),
        reverse("wagtailadmin_tag_model_autocomplete", args=["taggit", "tag"]),
    ],
)
def test_tag_autocomplete_offers_no_tag_of_another_commune(client, tagged, personas, persona, url):
    response = _as(client, personas[persona]).get(url, {"term": "bi-mat"})
    assert response.status_code == 200
    assert response.json() == []


def test_tag_autocomplete_offers_the_communes_own_tags(client, tagged, personas):
    client = _as(client, personas["unit_editor"])  # may choose the commune's documents
    assert client.get(reverse("wagtailadmin_tag_autocomplete"), {"term": "le"}).json() == [TAG_A]


def test_superusers_are_offered_every_tag(client, tagged, django_user_model):
    admin = django_user_model.objects.create_superuser("quan-tri", password="x")
    response = _as(client, admin).get(reverse("wagtailadmin_tag_autocomplete"), {"term": "bi"})
    assert response.json() == [TAG_B]


@pytest.mark.parametrize("url_name", ["wagtaildocs:index", "wagtailimages:index"])
def test_media_listing_tag_filter_names_only_the_communes_own_tags(
    client, tagged, personas, url_name
):
    response = _as(client, personas["coordinator"]).get(reverse(url_name))
    assert response.status_code == 200
    body = response.content.decode()
    assert TAG_A in body  # the filter is there, with the commune's own tag
    assert TAG_B not in body


def test_media_listing_tag_filter_counts_only_what_the_user_sees(client, tagged, personas):
    """A tag of commune B used more often than A's must not push A's out of the ten shown."""
    documents = get_document_model()
    commune_b_collection = documents.objects.get(tags__name=TAG_B).collection
    for n in range(11):
        doc = documents.objects.create(
            title=f"Tài liệu B {n}",
            file=ContentFile(b"x\n", name=f"b{n}.txt"),
            collection=commune_b_collection,
        )
        doc.tags.add(f"the-b-{n}", f"the-b-{n}-phu")
    response = _as(client, personas["coordinator"]).get(reverse("wagtaildocs:index"))
    body = response.content.decode()
    assert TAG_A in body
    assert "the-b-" not in body


def test_image_chooser_suggests_only_the_communes_own_tags(client, tagged, personas):
    response = _as(client, personas["unit_editor"]).get(reverse("wagtailimages_chooser:choose"))
    assert response.status_code == 200
    html = response.json()["html"]
    assert TAG_A in html
    assert TAG_B not in html


# --- Workflow task chooser -------------------------------------------------------------------


@pytest.fixture
def task_b(commune_b):
    task = Task.objects.get(workflow_tasks__workflow__workflow_pages__page=commune_b.root_page)
    Task.objects.filter(pk=task.pk).update(name=TASK_B)
    return task


def _task_chooser_requests(task):
    chosen = reverse("wagtailadmin_workflows:task_chosen", args=[task.pk])
    return [
        ("get", reverse("wagtailadmin_workflows:task_chooser")),
        ("get", reverse("wagtailadmin_workflows:task_chooser_results")),
        ("get", reverse("wagtailadmin_workflows:task_chooser_create")),
        ("post", reverse("wagtailadmin_workflows:task_chooser_create")),
        ("get", chosen),
        ("post", chosen),
    ]


@pytest.mark.parametrize("persona", ["unit_editor", "coordinator", "province_officer"])
def test_commune_staff_are_refused_the_task_chooser(client, personas, persona, task_b):
    client = _as(client, personas[persona])
    for method, url in _task_chooser_requests(task_b):
        response = getattr(client, method)(url, {"q": "Zqxw"} if method == "get" else {})
        # Wagtail's admin turns the refusal into a redirect to the dashboard.
        assert response.status_code in (302, 403), (method, url)
        assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
        assert TASK_B not in response.content.decode()


def test_workflow_editors_still_choose_tasks(client, django_user_model, task_b, commune_a):
    admin = django_user_model.objects.create_superuser("quan-tri", password="x")
    client = _as(client, admin)
    response = client.get(reverse("wagtailadmin_workflows:task_chooser"))
    assert response.status_code == 200
    assert TASK_B in response.json()["html"]
    response = client.get(reverse("wagtailadmin_workflows:task_chosen", args=[task_b.pk]))
    assert response.json()["result"]["name"] == TASK_B
    assert WorkflowTask.objects.filter(task=task_b).exists()

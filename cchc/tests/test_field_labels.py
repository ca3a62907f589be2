"""Project forms and listings name fields in Vietnamese, never by the model's field name.

A model field without a verbose name ("commune", "province", "user") is labelled by Django after
its name, in English: "Commune*" on the procedure form (issue 10, item 5). Every back-office view
set of a project model is opened (add form and listing) and its labels and column headers are
compared with those automatic English names.
"""

from __future__ import annotations

import html
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from wagtail.admin.viewsets import viewsets

from cchc.communes.models import Unit
from cchc.communes.services import membership_grant

LABEL = re.compile(r"<(label|th)\b[^>]*>(.*?)</\1>", re.S)
TAG = re.compile(r"<[^>]+>")


def automatic_english_names() -> set[str]:
    """The labels Django makes up for the project's fields that have no verbose name."""
    names = set()
    for model in apps.get_models():
        if not model.__module__.startswith("cchc."):
            continue
        for field in model._meta.get_fields():
            name = getattr(field, "verbose_name", None)
            if name is not None and str(name) == field.name.replace("_", " "):
                names.add(capfirst(str(name)))
    return names


def project_view_urls() -> list[str]:
    urls = []
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if isinstance(model, str):  # "app_label.Model" in some of Wagtail's own view sets
            model = apps.get_model(model)
        if model is None or not model.__module__.startswith("cchc."):
            continue
        for view in ("add", "index"):
            try:
                urls.append(reverse(viewset.get_url_name(view)))
            except (NoReverseMatch, AttributeError):
                pass
    return urls


def labels_in(page: str) -> set[str]:
    texts = (TAG.sub("", inner) for _tag, inner in LABEL.findall(page))
    return {" ".join(html.unescape(text).split()).rstrip("*").strip() for text in texts}


@pytest.mark.django_db
def test_no_project_form_or_listing_shows_a_field_by_its_model_name(client_a, commune_a) -> None:
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "x")
    client_a.force_login(admin)
    # A row in each listing, or it shows "nothing yet" instead of its column headers.
    editor = get_user_model().objects.create_user("bientap", password="x")
    membership_grant(user=editor, commune=commune_a, role="editor")
    Unit.objects.create(commune=commune_a, name="Thôn Yên Trung", kind="village")
    english = automatic_english_names()
    assert "Commune" in english  # e.g. Procedure.commune: the check looks for something real
    urls = project_view_urls()
    assert reverse("wagtailsnippets_procedures_procedure:add") in urls
    found = []
    for url in urls:
        response = client_a.get(url)
        assert response.status_code == 200, url
        found += [f"{url}: {label!r}" for label in labels_in(response.content.decode()) & english]
    assert not found, "\n".join(sorted(found))

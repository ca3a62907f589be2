"""A page form sent without the editor's body fields is refused with a message, not a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cchc.communes.models import Membership
from cchc.communes.services import membership_grant
from cchc.portal.blocks import MALFORMED_BODY
from cchc.portal.models import ArticleIndexPage, ArticlePage

pytestmark = pytest.mark.django_db

HOST_A = "duc-tho.localhost"


@pytest.fixture
def coordinator(client, commune_a, django_user_model):
    user = django_user_model.objects.create_user("dieu-phoi", password="x")
    membership_grant(user=user, commune=commune_a, role=Membership.Role.COORDINATOR)
    client.force_login(user)
    return client


# Wagtail's editor always sends "body-count" and, per block, "-type", "-order", "-deleted",
# "-value"; found by the input fuzz (cchc/tests/test_fuzz_inputs.py), issue 9.
@pytest.mark.parametrize(
    "body",
    [
        {},
        {"body-count": "²"},
        {"body-count": "abc"},
        {"body-count": "2"},
        {"body-count": "1", "body-0-deleted": "", "body-0-type": "heading", "body-0-order": "x"},
        {"body-count": "9" * 30},
    ],
    ids=["no-count", "superscript-count", "text-count", "missing-blocks", "bad-order", "huge"],
)
def test_an_article_without_the_editors_body_fields_is_refused(coordinator, commune_a, body):
    index = ArticleIndexPage.objects.descendant_of(commune_a.root_page).get()
    url = reverse("wagtailadmin_pages:add", args=("portal", "articlepage", index.id))
    data = nested_form_data({"title": "Tin thử", "slug": "tin-thu", "comments": inline_formset([])})
    response = coordinator.post(url, {**data, **body}, HTTP_HOST=HOST_A)

    assert response.status_code == 200
    # The editor shows block errors from JSON in the page; the form holds the message.
    errors = response.context["form"].errors["body"].as_data()[0]
    assert [e.message for e in errors.non_block_errors.as_data()] == [MALFORMED_BODY]
    assert not ArticlePage.objects.filter(slug="tin-thu").exists()

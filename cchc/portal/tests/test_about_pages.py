"""Every commune, not only the demo's, has the organisation page its footer links (0018)."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from wagtail.models import Page

from cchc.communes.models import Commune
from cchc.portal.about import PATH_EN, SLUG_VI
from cchc.portal.models import StandardPage

pytestmark = pytest.mark.django_db

HOST = "nguyet-vien-moi.localhost"
FOOTER = re.compile(r'<footer class="site-footer".*?</footer>', re.S)


def _footer_links(html: str) -> list[str]:
    footer = FOOTER.search(html)
    assert footer, "the page has no site footer"
    return re.findall(r'href="(/[^"]*)"', footer.group(0))


def test_every_footer_link_of_a_commune_added_by_command_answers(client):
    call_command("commune_add", "15925", "--host", HOST)

    home = client.get("/", HTTP_HOST=HOST)
    links = _footer_links(home.content.decode())

    assert PATH_EN in links
    for link in links:
        response = client.get(link, HTTP_HOST=HOST)
        assert response.status_code == 200, f"{link} answered {response.status_code}"


def test_the_english_page_is_in_english_and_names_the_commune(client):
    call_command("commune_add", "15925", "--host", HOST)

    response = client.get(PATH_EN, HTTP_HOST=HOST)

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "About us: organisation and contacts" in html
    assert "The People's Committee of Nguyệt Viên Ward is the local state" in html
    assert "Thanh Hóa" in html


def test_running_the_command_again_keeps_what_the_editors_wrote(client):
    call_command("commune_add", "15925", "--host", HOST)
    commune = Commune.objects.get(code=15925)
    about = StandardPage.objects.get(slug=SLUG_VI, locale__language_code="vi")
    about.body = "<p>Chủ tịch: Nguyễn Văn A.</p>"
    about.save_revision().publish()
    pages_before = Page.objects.count()

    call_command("commune_add", "15925", "--host", HOST)

    assert Page.objects.count() == pages_before
    about.refresh_from_db()
    assert "Nguyễn Văn A" in about.body
    assert commune.root_page.specific.get_children().filter(slug=SLUG_VI).count() == 1


def test_a_commune_made_before_the_page_existed_gets_it_when_the_command_runs_again(client):
    call_command("commune_add", "15925", "--host", HOST)
    for page in StandardPage.objects.filter(locale__language_code="en"):
        page.delete()
    assert client.get(PATH_EN, HTTP_HOST=HOST).status_code == 404

    call_command("commune_add", "15925", "--host", HOST)

    assert client.get(PATH_EN, HTTP_HOST=HOST).status_code == 200

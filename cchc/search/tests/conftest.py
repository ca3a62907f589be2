from __future__ import annotations

import pytest

from cchc.portal.models import (
    ArticleIndexPage,
    ArticlePage,
    DirectiveDocumentPage,
    DocumentIndexPage,
    GuideIndexPage,
    GuidePage,
)
from cchc.procedures.models import Procedure
from cchc.search import selectors


@pytest.fixture(autouse=True)
def _fresh_synonym_cache():
    # Synonym rows added by one test are rolled back; the process-wide map must not keep them.
    selectors.synonyms_changed()
    yield
    selectors.synonyms_changed()


def _publish(index_model, commune, page):
    index = index_model.objects.descendant_of(commune.root_page).first()
    index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def make_article():
    counter = iter(range(10_000))

    def make(commune, title, summary="", body_text="", **kwargs):
        body = [{"type": "paragraph", "value": f"<p>{body_text}</p>"}] if body_text else []
        page = ArticlePage(
            title=title, slug=f"bai-{next(counter)}", summary=summary, body=body, **kwargs
        )
        return _publish(ArticleIndexPage, commune, page)

    return make


@pytest.fixture
def make_guide():
    counter = iter(range(10_000))

    def make(commune, title, summary=""):
        page = GuidePage(title=title, slug=f"huong-dan-{next(counter)}", summary=summary)
        return _publish(GuideIndexPage, commune, page)

    return make


@pytest.fixture
def make_document():
    counter = iter(range(10_000))

    def make(commune, title, summary="Trích yếu", number="", text=""):
        page = DirectiveDocumentPage(
            title=title,
            slug=f"van-ban-{next(counter)}",
            summary=summary,
            number=number,
            issuer="Ủy ban nhân dân xã",
            text=text,
        )
        return _publish(DocumentIndexPage, commune, page)

    return make


@pytest.fixture
def make_procedure():
    def make(commune, code, name, field="Hộ tịch", **kwargs):
        return Procedure.objects.create(
            commune=commune, code=code, name=name, field=field, **kwargs
        )

    return make

"""Small builders for portal tests."""

from __future__ import annotations

from wagtail.rich_text import RichText

from cchc.communes.models import Commune
from cchc.portal.models import ArticleIndexPage, ArticlePage, Topic


def publish_article(
    commune: Commune, title: str, *, topics: list[int] = (), **fields
) -> ArticlePage:
    index = ArticleIndexPage.objects.descendant_of(commune.root_page).first()
    article = ArticlePage(
        title=title,
        summary=fields.pop("summary", f"Tóm tắt: {title}"),
        body=[("paragraph", RichText(f"<p>{fields.pop('text', title)}</p>"))],
        **fields,
    )
    index.add_child(instance=article)
    if topics:
        article.topics.set(Topic.objects.filter(number__in=topics))
    article.save_revision().publish()
    return article

"""Non-page public views: the section's feed and robots.txt."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.feedgenerator import Rss201rev2Feed

from cchc.portal.models import ArticlePage
from cchc.portal.selectors import latest_articles, reform_section


class ReformFeed(Feed):
    """RSS 2.0 feed of the reform section's news for the commune of the host name."""

    feed_type = Rss201rev2Feed
    language = "vi"

    def get_object(self, request: HttpRequest, *args, **kwargs):
        commune = getattr(request, "commune", None)
        if commune is None or reform_section(commune) is None:
            raise Http404("Không có chuyên mục Cải cách hành chính")
        self.request = request
        return commune

    def title(self, commune) -> str:
        return f"Cải cách hành chính — {commune.full_name}"

    def link(self, commune) -> str:
        return reform_section(commune).get_url(self.request)

    def description(self, commune) -> str:
        return f"Tin tức cải cách hành chính của {commune.committee_name}"

    def items(self, commune):
        return latest_articles(commune)

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.summary or item.search_description

    def item_link(self, item: ArticlePage) -> str:
        return item.get_url(self.request)

    def item_pubdate(self, item: ArticlePage):
        return item.first_published_at


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Disallow: /quan-tri/", "Disallow: /tim-kiem/", "Disallow: /api/"]
    lines.append(f"Sitemap: {request.scheme}://{request.get_host()}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")

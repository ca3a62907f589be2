from __future__ import annotations

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cchc.portal import views as portal_views


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz),
    # Isolation (issue 9): Wagtail views that ask no permission policy, answered at Wagtail's own
    # paths by subclasses that do (cchc.portal.admin_views); before Wagtail's URLs to win.
    path("quan-tri/", include("cchc.portal.admin_views")),
    path("quan-tri/", include("cchc.portal.admin_choosers")),  # tags, task chooser (issue 9)
    path("quan-tri/", include(wagtailadmin_urls)),
    path("admin/", RedirectView.as_view(url="/quan-tri/", permanent=False)),
    path("tai-lieu/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap),
    path("robots.txt", portal_views.robots_txt),
    path("cai-cach-hanh-chinh/rss.xml", portal_views.ReformFeed(), name="reform_feed"),
    path("", include("cchc.search.urls")),
    path("", include("cchc.analytics.urls")),
    path("", include("cchc.procedures.urls")),
]

if settings.DEBUG:
    # The demo serves uploads itself, with the document view's safe headers and never the
    # documents (they go through /tai-lieu/ as in production; decision 0011).
    from django.urls import re_path

    from cchc.headers.views import media

    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media)]

# Vietnamese pages at the root, their English translations (Decree 42) under /en/.
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)

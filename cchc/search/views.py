"""Search page (/tim-kiem/) and JSON API (/api/search): thin wrappers over services.search."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cchc.inputs import whole_number
from cchc.search import querylog, services
from cchc.search.query import MAX_QUERY_LENGTH

API_MAX_LIMIT = 50


def _page_number(value: str | None) -> int:
    # Lenient on a public page: anything but ASCII digits ("²", "٣", "-1") is the first page.
    return whole_number(value, low=1) or 1


# never_cache: the portal's whole-page cache would otherwise answer repeated searches itself,
# and every search must reach services.search() to be logged for the statistics.
@never_cache
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    outcome = services.search(
        request.commune,
        request.GET.get("q", ""),
        page=_page_number(request.GET.get("trang")),
        visitor=querylog.visitor_of(request),
    )
    return render(
        request,
        "search/results.html",
        {
            "outcome": outcome,
            "query": outcome.query,
            "search_query": outcome.query.text,
            "max_length": MAX_QUERY_LENGTH,
        },
    )


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    """GET /api/search?q=…[&limit=1..50] → {"query", "results": [{type, title, url, code}]}.

    Always 200 for any `q` (blank or symbol-only queries give no results); 400 only when
    `limit` is not a whole number from 1 to 50.
    """
    limit = services.PER_PAGE
    if "limit" in request.GET:
        limit = whole_number(request.GET["limit"], low=1, high=API_MAX_LIMIT) or 0
        if not limit:
            return JsonResponse(
                {"error": f"Tham số limit phải là số nguyên từ 1 đến {API_MAX_LIMIT}."},
                status=400,
            )
    outcome = services.search(
        request.commune,
        request.GET.get("q", ""),
        per_page=limit,
        visitor=querylog.visitor_of(request),
    )
    return JsonResponse(
        {
            "query": outcome.query.text,
            "results": [
                {"type": h.kind, "title": h.title, "url": h.url, "code": h.code}
                for h in outcome.hits
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )

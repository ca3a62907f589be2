"""Search page (/tim-kiem/) and JSON API (/api/search): thin wrappers over services.search."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cchc.search import services
from cchc.search.query import MAX_QUERY_LENGTH

API_MAX_LIMIT = 50


def _page_number(value: str | None) -> int:
    try:
        return max(int(value or 1), 1)
    except ValueError:
        return 1


# never_cache: the portal's whole-page cache would otherwise answer repeated searches itself,
# and every search must reach services.search() to be logged for the statistics.
@never_cache
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    outcome = services.search(
        request.commune, request.GET.get("q", ""), page=_page_number(request.GET.get("trang"))
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
        try:
            limit = int(request.GET["limit"])
        except ValueError:
            limit = 0
        if not 1 <= limit <= API_MAX_LIMIT:
            return JsonResponse(
                {"error": f"Tham số limit phải là số nguyên từ 1 đến {API_MAX_LIMIT}."},
                status=400,
            )
    outcome = services.search(request.commune, request.GET.get("q", ""), per_page=limit)
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

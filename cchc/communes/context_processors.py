from __future__ import annotations

from django.http import HttpRequest


def commune(request: HttpRequest) -> dict:
    return {"commune": getattr(request, "commune", None)}

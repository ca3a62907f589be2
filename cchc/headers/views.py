"""The demo's server of uploaded files (/media/ under DEBUG), with the document view's headers.

Production serves /media/ from the web server; docs/operations.md gives the same headers and
the refusal of `documents/` to configure there.
"""

from __future__ import annotations

import mimetypes
import posixpath

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseBase
from django.views.static import serve

# Where Wagtail's documents live under MEDIA_ROOT (wagtail.documents.models.get_upload_to).
_DOCUMENTS_DIR = "documents"


def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """An uploaded image file, never run as a page; documents only through /tai-lieu/."""
    normalized = posixpath.normpath(path).lstrip("/")
    if normalized.split("/", 1)[0] == _DOCUMENTS_DIR:
        # /tai-lieu/<id>/<name> serves documents: it checks the collection's privacy and sends
        # them with `default-src 'none'`, nosniff, and as attachments unless PDF or text.
        raise Http404("Tài liệu được tải qua /tai-lieu/.")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    content_type = mimetypes.guess_type(normalized)[0] or ""
    if not content_type.startswith("image/") or content_type == "image/svg+xml":
        response["Content-Disposition"] = "attachment"
    return response

"""The page editor's "add" view without autosave (issue 10 item 3, decision 0021).

Wagtail 8.0.1's first autosave on a new page is a POST that creates it and a second request that
swaps the form over to the edit view; when both have answered, `w-unsaved#clear` takes the form
*as it is then* for saved, so whatever was typed meanwhile travelled in no request, the header
said "Đã lưu" and closing the tab gave no warning. Officers lost article bodies that way. The
first save of a page is therefore the officer's own ("Lưu nháp", Ctrl+S), said plainly on the
form; from then on the edit view autosaves. Wagtail's unsaved-changes warning stays on both.

It is the page viewset's add view (`CommunePageViewSet` in cchc/portal/admin_views.py), behind
the same `visible_page_required` gate as every page view.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages

from cchc.pages.slugs import folded_slug
from cchc.portal.review.views import ReviewCreateView

FIRST_SAVE_PROMPT = (
    "Trang mới chưa được lưu. Khi viết xong vài dòng, bấm «Lưu nháp» (hoặc Ctrl+S) để lưu lần "
    "đầu; từ đó mọi thay đổi được tự động lưu trong khi bạn viết."
)


class CreateWithoutAutosave(ReviewCreateView):  # with the review loop's messages (0019)
    """Wagtail's page create view with autosave off; the editor is told to save once."""

    def post(self, request, *args: Any, **kwargs: Any):
        # Without autosave no server answer fills the slug before the first POST, and the page
        # forms of this project have no title-to-slug script: an empty slug would stop "Gửi duyệt"
        # on a required field of the Promote tab. The server folds it from the title (0014).
        if not request.POST.get("slug", "").strip() and request.POST.get("title", "").strip():
            data = request.POST.copy()
            data["slug"] = folded_slug(data["title"])
            request.POST = data
        return super().post(request, *args, **kwargs)

    def get(self, request, *args: Any, **kwargs: Any):
        messages.info(request, FIRST_SAVE_PROMPT)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["autosave_enabled"] = False
        context["autosave_indicator"] = None  # nothing in the header may say "Đã lưu" yet
        return context

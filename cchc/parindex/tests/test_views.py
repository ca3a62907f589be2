"""Back office «Chỉ số CCHC»: who sees which commune's score, the pack's job and its file."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.urls import reverse

from cchc.communes.models import Membership
from cchc.parindex.models import EvidencePackJob
from cchc.parindex.tests.conftest import FOREIGN, staff

HOST = {"HTTP_HOST": "duc-tho.localhost"}


def _get(client, url, **params):
    return client.get(url, params, **HOST)


@pytest.mark.django_db
def test_the_coordinator_sees_the_score_with_its_reasons(client, year_a, year_b, coordinator):
    client.force_login(coordinator)
    response = _get(client, reverse("parindex_index"), nam=2026)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tổng điểm: <strong>1,75/2 điểm</strong>" in html
    assert "4/4 nhiệm vụ đạt chỉ tiêu (100 %)" in html and "Bài 1-1" in html
    assert "Tải hồ sơ minh chứng" in html and FOREIGN not in html
    no_plan = _get(client, reverse("parindex_index"), nam=2025).content.decode()
    assert "Xã Đức Thọ chưa có kế hoạch tuyên truyền năm 2025." in no_plan
    assert "Tải hồ sơ minh chứng" not in no_plan


@pytest.mark.django_db
def test_the_pack_is_built_in_the_background_then_downloaded(
    client, year_a, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        started = client.post(reverse("parindex_pack_start"),
                              {"xa": year_a.commune_id, "nam": 2026}, **HOST)  # fmt: skip
    job = EvidencePackJob.objects.get()
    pending = _get(client, reverse("parindex_pack_job", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in pending and "Đang chờ" in pending
    assert _get(client, reverse("parindex_pack_download", args=[job.pk])).status_code == 404
    for callback in queued:  # the task queue runs it (the immediate backend in tests)
        callback()
    assert started.status_code == 302 and started["Location"].endswith(f"/ho-so/{job.pk}/")
    status = _get(client, reverse("parindex_pack_status", args=[job.pk])).json()
    assert status["status"] == "done" and status["progress"] == 100
    assert status["download"] == reverse("parindex_pack_download", args=[job.pk])
    page = _get(client, reverse("parindex_pack_job", args=[job.pk])).content.decode()
    assert "Tải hồ sơ minh chứng (ZIP)" in page and job.sha256 in page
    response = _get(client, status["download"])
    data = b"".join(response.streaming_content)
    assert hashlib.sha256(data).hexdigest() == status["sha256"]
    assert "00-muc-luc.docx" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert 'filename="ho-so-minh-chung-cchc-duc-tho-2026.zip"' in response["Content-Disposition"]


@pytest.mark.django_db
def test_a_year_without_a_plan_starts_no_job(client, commune_a, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("parindex_pack_start"),
                           {"xa": commune_a.pk, "nam": 2026}, follow=True, **HOST)  # fmt: skip
    assert "chưa có kế hoạch tuyên truyền năm 2026" in response.content.decode()
    assert not EvidencePackJob.objects.exists()


@pytest.mark.django_db
def test_other_communes_and_unit_editors_get_404(client, year_a, year_b, commune_b):
    coordinator_b = staff("dieuphoi-b", Membership.Role.COORDINATOR, commune_b)
    client.force_login(coordinator_b)
    assert client.post(reverse("parindex_pack_start"), {"xa": year_b.commune_id, "nam": 2026},
                       **HOST).status_code == 302  # fmt: skip
    job_b = EvidencePackJob.objects.get()
    officer = staff("so-noi-vu", Membership.Role.PROVINCE_OFFICER, province=year_a.commune.province)
    editor = staff("bientap", Membership.Role.EDITOR, year_a.commune)
    for user in (officer, editor):
        client.force_login(user)
        for name in ("parindex_pack_job", "parindex_pack_status", "parindex_pack_download"):
            assert _get(client, reverse(name, args=[job_b.pk])).status_code == 404
        assert _get(client, reverse("parindex_index"), xa=commune_b.pk).status_code == 404
        assert client.post(reverse("parindex_pack_start"), {"xa": commune_b.pk, "nam": 2026},
                           **HOST).status_code == 404  # fmt: skip
    client.force_login(officer)  # the province officer follows commune A
    assert "1,75/2 điểm" in _get(client, reverse("parindex_index"), nam=2026).content.decode()
    client.force_login(editor)  # a unit editor has no «Chỉ số CCHC»
    assert _get(client, reverse("parindex_index")).status_code == 404

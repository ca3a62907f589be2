"""The index stays current: signals, bulk changes, the rebuild command, failures contained."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from cchc.procedures.models import Procedure
from cchc.procedures.signals import procedures_changed
from cchc.search import documents
from cchc.search.models import SearchEntry, SearchTerm, SearchVocabulary

pytestmark = pytest.mark.django_db


def found(client, q):
    return [r["title"] for r in client.get("/api/search", {"q": q}).json()["results"]]


def test_postings_hold_folded_and_exact_forms(commune_a, make_procedure):
    procedure = make_procedure(commune_a, "1.001193", "Đăng ký khai sinh")
    terms = dict(
        SearchTerm.objects.filter(entry__procedure=procedure).values_list("term", "weight")
    )
    assert terms["dang"] == terms["đăng"] == terms["khai"] == 4  # title
    assert terms["ho"] == terms["hộ"] == 2  # field "Hộ tịch"
    assert terms["1.001193"] == 4
    vocabulary = set(SearchVocabulary.objects.values_list("term", flat=True))
    assert {"dang", "ky", "khai", "sinh"} <= vocabulary
    assert "đăng" not in vocabulary  # typos are corrected in folded space only


def test_saving_a_procedure_reindexes_it(client_a, commune_a, make_procedure):
    procedure = make_procedure(commune_a, "1", "Thủ tục cũ")
    procedure.name = "Thủ tục đăng ký kết hôn"
    procedure.save()
    assert found(client_a, "ket hon") == ["Thủ tục đăng ký kết hôn"]
    assert found(client_a, "cu") == []
    assert SearchEntry.objects.filter(procedure=procedure).count() == 1


def test_bulk_changes_are_indexed_from_the_signal(client_a, commune_a):
    created = Procedure.objects.bulk_create(  # no post_save: the importer sends the signal
        [
            Procedure(commune=commune_a, code=f"2.{i}", name=f"Thủ tục chứng thực bản sao {i}")
            for i in range(3)
        ]
    )
    ids = [p.id for p in Procedure.objects.filter(commune=commune_a).order_by("id")]
    assert len(created) == 3 and found(client_a, "chung thuc") == []
    procedures_changed.send(sender=Procedure, commune=commune_a, procedure_ids=ids)
    assert len(found(client_a, "chung thuc")) == 3

    Procedure.objects.filter(id=ids[0]).update(name="Thủ tục đã đổi tên")
    Procedure.objects.filter(id=ids[1]).delete()
    procedures_changed.send(sender=Procedure, commune=commune_a, procedure_ids=ids[:2])
    assert found(client_a, "chung thuc") == ["Thủ tục chứng thực bản sao 2"]
    assert found(client_a, "doi ten") == ["Thủ tục đã đổi tên"]


def test_reindex_command_rebuilds_everything(client_a, commune_a, commune_b, make_article):
    make_article(commune_a, "Tin về dịch vụ công trực tuyến")
    Procedure.objects.bulk_create([Procedure(commune=commune_a, code="3", name="Thủ tục ABC")])
    SearchEntry.objects.all().delete()
    assert found(client_a, "dich vu cong") == []
    out = io.StringIO()
    call_command("search_reindex", stdout=out)
    assert "Xã Đức Thọ: 2 mục" in out.getvalue()
    assert found(client_a, "dich vu cong") == ["Tin về dịch vụ công trực tuyến"]
    assert found(client_a, "abc") == ["Thủ tục ABC"]
    call_command("search_reindex", "duc-tho", stdout=out)  # idempotent
    assert SearchEntry.objects.filter(commune=commune_a).count() == 2


def test_reindex_command_rejects_unknown_communes(db):
    with pytest.raises(Exception, match="khong-co"):
        call_command("search_reindex", "khong-co", stdout=io.StringIO())


def test_other_page_types_and_pages_outside_a_commune_are_not_indexed(commune_a):
    from cchc.portal.models import StandardPage

    home = commune_a.root_page
    page = StandardPage(title="Giới thiệu khai sinh", slug="gioi-thieu-khai-sinh")
    home.add_child(instance=page)
    page.save_revision().publish()
    assert not SearchEntry.objects.exists()


def test_a_moved_page_keeps_a_working_url(client_a, commune_a, make_article):
    page = make_article(commune_a, "Tin khai sinh")
    index = page.get_parent().specific
    index.slug = "tin-moi"
    index.save_revision().publish()
    assert client_a.get("/api/search", {"q": "khai sinh"}).json()["results"][0]["url"] == (
        f"/cai-cach-hanh-chinh/tin-moi/{page.slug}/"
    )


def test_an_indexing_failure_never_breaks_publishing(commune_a, make_procedure, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("index broken")

    monkeypatch.setattr(documents, "procedure_document", broken)
    procedure = make_procedure(commune_a, "1", "Thủ tục vẫn được lưu")
    assert Procedure.objects.filter(id=procedure.id).exists()
    assert not SearchEntry.objects.exists()


def test_synonyms_are_staff_editable_in_the_back_office(client, commune_a, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw")
    client.force_login(admin)
    client.defaults["HTTP_HOST"] = "duc-tho.localhost"
    response = client.get("/quan-tri/snippets/cchc_search/searchsynonym/")
    assert response.status_code == 200
    assert "cccd" in response.content.decode()
    response = client.get("/quan-tri/snippets/cchc_search/searchsynonym/add/")
    assert response.status_code == 200

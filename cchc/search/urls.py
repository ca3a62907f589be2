from __future__ import annotations

from django.urls import path

from cchc.search import views

urlpatterns = [
    path("tim-kiem/", views.search_page, name="search"),
    path("api/search", views.search_api, name="search_api"),
]

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cchc.search"
    label = "cchc_search"
    verbose_name = "Tìm kiếm"

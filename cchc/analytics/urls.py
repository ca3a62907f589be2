from django.urls import path

from cchc.analytics import views

urlpatterns = [
    path("api/stats/section", views.section_stats, name="analytics_section_stats"),
    path("api/stats/beacon", views.beacon, name="analytics_beacon"),
]

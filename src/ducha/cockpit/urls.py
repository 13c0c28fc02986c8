"""Cockpit routes, mounted at /cockpit/ (namespace ``cockpit``)."""

from django.urls import path

from ducha.cockpit import views

app_name = "cockpit"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("overview.json", views.overview_json, name="overview_json"),
    path("ranking/", views.ranking, name="ranking"),
    path("ranking.xlsx", views.ranking_export, name="ranking_export"),
    path("indicators/", views.indicators, name="indicators"),
    path("tasks/", views.tasks, name="tasks"),
    path("recurring/", views.recurring, name="recurring"),
    path("search/", views.search_view, name="search"),
    path("weights/", views.weights, name="weights"),
]

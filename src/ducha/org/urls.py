from django.urls import path

from ducha.org import views

app_name = "org"
urlpatterns = [
    path("unknown/", views.unknown_units, name="unknown_units"),
]

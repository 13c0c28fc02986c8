from django.urls import path

from ducha.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.auditor_home, name="auditor_home"),
    path("export.<str:fmt>", views.export, name="export"),
]

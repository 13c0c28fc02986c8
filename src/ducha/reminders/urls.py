from django.urls import path

from ducha.reminders import views

app_name = "reminders"

urlpatterns = [
    path("", views.board, name="board"),
    path("export.xlsx", views.export, name="export"),
    path("escalation/", views.escalation, name="escalation"),
    path("unit/", views.my_unit, name="my_unit"),
    path("unit/<int:unit_id>/", views.unit, name="unit"),
    path("run/", views.run, name="run"),
]

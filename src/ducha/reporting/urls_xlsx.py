"""Routes of the Excel ledger (台账), mounted at /duban/ledger/ inside the ``reporting``
namespace (no namespace of their own, so the names read ``reporting:ledger_xlsx_*``)."""

from django.urls import path

from ducha.reporting import views_xlsx as views

urlpatterns = [
    path("", views.ledger_home, name="ledger_xlsx_home"),
    path("<int:period_id>/export/", views.ledger_download, name="ledger_xlsx_export"),
    path("<int:period_id>/import/", views.ledger_upload, name="ledger_xlsx_upload"),
    path("<int:period_id>/import/confirm/", views.ledger_confirm,
         name="ledger_xlsx_confirm"),
]

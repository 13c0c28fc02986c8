"""Workflow routes, mounted at /duban/ (namespace ``reporting``)."""

from django.urls import include, path

from ducha.reporting import views_office as office
from ducha.reporting import views_reporter as reporter
from ducha.reporting import views_task as task
from ducha.reporting import views_vocabulary as vocabulary

app_name = "reporting"
urlpatterns = [
    # reporter (承办单位)
    path("report/", reporter.report_entry, name="report_entry"),
    path("periods/<int:period_id>/report/", reporter.period_report, name="period_report"),
    path("periods/<int:period_id>/report/<int:task_id>/", reporter.report_save_view,
         name="report_save"),
    path("periods/<int:period_id>/report/<int:task_id>/check/", reporter.report_check,
         name="report_check"),
    path("periods/<int:period_id>/ack/", reporter.acknowledge, name="acknowledge"),
    path("tasks/<int:task_id>/requests/", reporter.change_request_new, name="request_new"),
    # office (督查室)
    path("periods/", office.periods, name="periods"),
    path("periods/create/", office.period_create, name="period_create"),
    path("periods/<int:period_id>/open/", office.period_state, {"action": "open"},
         name="period_open"),
    path("periods/<int:period_id>/close/", office.period_state, {"action": "close"},
         name="period_close"),
    path("periods/<int:period_id>/reopen/", office.period_state, {"action": "reopen"},
         name="period_reopen"),
    path("periods/<int:period_id>/queue/", office.queue, name="queue"),
    path("periods/<int:period_id>/queue/accept/", office.queue_accept, name="queue_accept"),
    path("periods/<int:period_id>/missing/", office.missing, name="missing"),
    path("periods/<int:period_id>/tasks/<int:task_id>/", office.task_review, name="task_review"),
    path("periods/<int:period_id>/tasks/<int:task_id>/decide/", office.decide, name="decide"),
    path("reports/<int:report_id>/accept/", office.report_accept_view, name="report_accept"),
    path("reports/<int:report_id>/return/", office.report_return_view, name="report_return"),
    path("requests/", office.requests_list, name="requests"),
    path("requests/<int:request_id>/decide/", office.request_decide, name="request_decide"),
    path("causes/", office.causes, name="causes"),
    path("causes/<int:cause_id>/archive/", office.cause_archive, name="cause_archive"),
    path("vocabulary/", vocabulary.vocabulary, name="vocabulary"),
    # everyone who may see the task
    path("tasks/<int:task_id>/", task.task_detail, name="task"),
    path("evidence/<int:evidence_id>/", task.evidence_download, name="evidence"),
    path("ledger/", include("ducha.reporting.urls_xlsx")),
]

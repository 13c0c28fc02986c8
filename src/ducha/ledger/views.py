"""Ledger pages: upload → review and correct → import; the task ledger; tasks by hand.

Thin: each view checks access through accounts.permissions and calls a service or selector.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ducha.accounts.permissions import Action, get_task_for_user, require
from ducha.base import DuchaError
from ducha.ledger import services
from ducha.ledger.forms import AssignmentForm, NewTaskForm, TaskForm, UploadForm
from ducha.ledger.models import Assignment, ImportDraft, Source
from ducha.ledger.review import preview
from ducha.ledger.selectors import task_list


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    """Step 1: upload a document; it is read at once, so a bad file is refused here."""
    require(request.user, Action.EDIT_LEDGER)  # type: ignore[arg-type]
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            draft = services.import_draft_create(file_name=upload.name, content=upload.read(),
                                                 by=request.user)  # type: ignore[arg-type]
        except DuchaError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("ledger:import_review", pk=draft.pk)
    drafts = ImportDraft.objects.filter(created_by=request.user).defer("content")[:10]
    return render(request, "ledger/import_upload.html", {"form": form, "drafts": drafts})


@login_required
@require_http_methods(["GET", "POST"])
def import_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: the parsed ledger with each unit's resolution; corrections, then import."""
    require(request.user, Action.EDIT_LEDGER)  # type: ignore[arg-type]
    draft = get_object_or_404(ImportDraft, pk=pk)
    if request.method == "POST":
        try:
            if "discard" in request.POST:
                services.import_draft_discard(draft=draft, by=request.user)  # type: ignore[arg-type]
                messages.info(request, "已放弃导入该文件。")
                return redirect("ledger:import_upload")
            services.import_draft_confirm(draft=draft, corrections=request.POST.dict(),
                                          by=request.user)  # type: ignore[arg-type]
        except DuchaError as exc:
            messages.error(request, exc.message)
        return redirect("ledger:import_review", pk=draft.pk)
    context = {"draft": draft}
    if draft.state == ImportDraft.State.PENDING:
        context["documents"] = preview(services.import_draft_documents(draft))
    return render(request, "ledger/import_review.html", context)


@login_required
def tasks(request: HttpRequest) -> HttpResponse:
    """The task ledger (台账), filtered by the query string so a view can be shared."""
    require(request.user, Action.VIEW_LEDGER)  # type: ignore[arg-type]
    filters = {k: request.GET.get(k, "") for k in ("source", "chapter", "unit")}
    filters = {k: v if k == "chapter" or v.isdecimal() else "" for k, v in filters.items()}
    page = Paginator(task_list(user=request.user, filters=filters),  # type: ignore[arg-type]
                     100).get_page(request.GET.get("page"))
    return render(request, "ledger/tasks.html", {
        "page": page, "filters": filters, "sources": Source.objects.active(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def task_new(request: HttpRequest) -> HttpResponse:
    """Add a task by hand (leaders' instructions come without a document)."""
    require(request.user, Action.EDIT_LEDGER)  # type: ignore[arg-type]
    form = NewTaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            source = data["source"] or services.source_create(
                kind=data["new_source_kind"], title=data["new_source_title"],
                by=request.user)  # type: ignore[arg-type]
            task = services.task_create(
                source=source, title=data["title"], by=request.user,  # type: ignore[arg-type]
                lead_units=list(data["lead_units"]),
                responsible_units=list(data["responsible_units"]),
                **{k: data[k] for k in ("number", "text", "chapter", "deadline", "category",
                                        "lead_leaders")})
        except DuchaError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已添加督办事项“{task.title}”。")
            return redirect("ledger:task_edit", pk=task.pk)
    return render(request, "ledger/task_form.html", {"form": form, "task": None})


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a task and its units; every change is kept in its history."""
    require(request.user, Action.EDIT_LEDGER)  # type: ignore[arg-type]
    task = get_task_for_user(request.user, pk)  # type: ignore[arg-type]
    initial = {f: getattr(task, f) for f in ("number", "title", "text", "chapter", "deadline",
                                             "category", "lead_leaders")}
    form = TaskForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.task_update(task=task, by=request.user, **data)  # type: ignore[arg-type]
        except DuchaError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "已保存修改。")
            return redirect("ledger:task_edit", pk=task.pk)
    assignments = task.assignments.active().select_related("unit", "group")
    return render(request, "ledger/task_form.html", {
        "form": form, "task": task, "assignments": assignments,
        "assignment_form": AssignmentForm(),
    })


@login_required
@require_http_methods(["POST"])
def assignment_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a unit to a task, or take one off (archived, never deleted)."""
    require(request.user, Action.EDIT_LEDGER)  # type: ignore[arg-type]
    task = get_task_for_user(request.user, pk)  # type: ignore[arg-type]
    try:
        if archive := request.POST.get("archive"):
            assignment = get_object_or_404(Assignment.objects.active(), pk=archive, task=task)
            services.assignment_archive(assignment=assignment, by=request.user,  # type: ignore[arg-type]
                                        now=timezone.now())
        else:
            form = AssignmentForm(request.POST)
            if not form.is_valid():
                raise DuchaError("请选择单位和分工。")
            services.assignment_add(task=task, by=request.user,  # type: ignore[arg-type]
                                    **form.cleaned_data)
    except DuchaError as exc:
        messages.error(request, exc.message)
    return redirect("ledger:task_edit", pk=task.pk)

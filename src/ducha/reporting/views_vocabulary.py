"""The office's status vocabulary page: which statuses each kind of source is sorted into."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ducha.accounts.permissions import Action, require
from ducha.base import DuchaError
from ducha.choices import SourceKind, Status
from ducha.reporting.vocabulary import status_vocabulary_set, vocabulary_rows


@login_required
def vocabulary(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_CAUSES)  # type: ignore[arg-type]
    if request.method == "POST":
        kind = request.POST.get("source_kind", "")
        try:
            status_vocabulary_set(source_kind=kind, statuses=request.POST.getlist("statuses"),
                                  by=request.user)  # type: ignore[arg-type]
        except DuchaError as exc:
            messages.error(request, exc.message)
        else:
            label = dict(SourceKind.choices).get(kind, kind)
            messages.success(request, f"已保存“{label}”使用的状态。")
            return redirect("reporting:vocabulary")
    return render(request, "reporting/vocabulary.html",
                  {"rows": vocabulary_rows(), "statuses": Status.choices})

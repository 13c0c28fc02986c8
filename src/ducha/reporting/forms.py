"""Forms of the workflow pages: they parse input; the services decide what is allowed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django import forms

from ducha.choices import Confidence, Light, PeriodKind, RequestKind, Status
from ducha.docparse.pace import ForecastCheck
from ducha.docparse.vocab import STATUSES
from ducha.ledger.models import Indicator
from ducha.reporting.models import IndicatorActual, IndicatorForecast, LagCause, Report
from ducha.reporting.services import MAX_TEXT, ActualInput, ForecastInput
from ducha.reporting.sheet import (
    SheetRow,
    Suggestion,
    forecast_check,
    plain,
    suggest_actuals,
    target_text,
)
from ducha.reporting.similarity import normalise
from ducha.reporting.widgets import RENDERER


@dataclass
class IndicatorFields:
    """One indicator's row on the report form: what to enter and what to compare it with."""

    indicator: Indicator
    target: str
    value: forms.BoundField
    measure: forms.BoundField
    last: IndicatorActual | None  # last period's actual
    forecast: forms.BoundField | None  # next period's forecast (quantitative only)
    forecast_measure: forms.BoundField | None
    previous_forecast: IndicatorForecast | None  # what last period forecast for this one
    check: ForecastCheck | None  # that forecast against the actual as entered
    suggestion: Suggestion | None  # an actual read from the progress text


class ReportForm(forms.Form):
    """One task's report on the reporter's sheet; prefixed ``t<task id>`` on the page."""

    default_renderer = RENDERER  # its inputs and selects printed without widget templates

    text = forms.CharField(label="本期进展情况", required=False, max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 5}))
    confidence = forms.ChoiceField(label="按期完成把握", required=False,
                                   choices=[("", "请选择"), *Confidence.choices])
    next_milestone = forms.CharField(label="下一步节点", required=False, max_length=300)
    next_milestone_date = forms.DateField(label="节点计划日期", required=False,
                                          widget=forms.DateInput(attrs={"type": "date"}))
    confirm_duplicate = forms.BooleanField(label="确认与上期雷同仍报送", required=False)

    def __init__(self, *args: Any, indicators: list[Indicator] = (),  # type: ignore[assignment]
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self.evidence_error = ""
        self.previous_actuals: dict[int, IndicatorActual] = {}
        self.previous_forecasts: dict[int, IndicatorForecast] = {}
        self.carried_text = ""  # last period's text, prefilled and not yet saved
        for ind in self.indicators:
            self.fields[f"ind-{ind.pk}-value"] = forms.DecimalField(
                label=ind.name, required=False, max_digits=20, decimal_places=4)
            self.fields[f"ind-{ind.pk}-measure"] = forms.CharField(
                label="计量单位", required=False, max_length=20)
            if ind.value is not None:  # a qualitative target has no number to forecast
                self.fields[f"ind-{ind.pk}-forecast"] = forms.DecimalField(
                    label=f"{ind.name}下期预计值", required=False, max_digits=20,
                    decimal_places=4)
                self.fields[f"ind-{ind.pk}-forecast_measure"] = forms.CharField(
                    label="预计值计量单位", required=False, max_length=20)

    @classmethod
    def for_row(cls, row: SheetRow, data: Any = None) -> ReportForm:
        """A bound form (``data``) or one prefilled from this period's or last period's report."""
        prefix = f"t{row.task.pk}"
        if data is not None:
            form = cls(data, prefix=prefix, indicators=row.indicators)
            form.previous_actuals = row.previous_actuals
            form.previous_forecasts = row.previous_forecasts
            form.carried_text = row.previous.text if row.prefilled and row.previous else ""
            return form
        source: Report | None = row.report or row.previous
        initial: dict[str, Any] = {}
        if source is not None:
            initial.update(text=source.text, confidence=source.confidence)
        if row.report is not None:
            initial.update(next_milestone=row.report.next_milestone,
                           next_milestone_date=row.report.next_milestone_date)
        actuals, previous, forecasts = row.actuals, row.previous_actuals, row.forecasts
        for ind in row.indicators:
            mine = actuals.get(ind.pk)
            initial[f"ind-{ind.pk}-value"] = plain(mine.value) if mine else None
            last = mine or previous.get(ind.pk)
            initial[f"ind-{ind.pk}-measure"] = last.measure if last else ind.measure
            forecast = forecasts.get(ind.pk)  # made this period; never carried over
            initial[f"ind-{ind.pk}-forecast"] = plain(forecast.value) if forecast else None
            initial[f"ind-{ind.pk}-forecast_measure"] = (
                forecast.measure if forecast else initial[f"ind-{ind.pk}-measure"])
        form = cls(prefix=prefix, indicators=row.indicators, initial=initial)
        form.previous_actuals = previous
        form.previous_forecasts = row.previous_forecasts
        form.carried_text = row.previous.text if row.prefilled and row.previous else ""
        return form

    def entered_actuals(self) -> dict[int, tuple[object, object]]:
        """Indicator id → (value, measure) as the fields now show them."""
        return {ind.pk: (self[f"ind-{ind.pk}-value"].value(),
                         self[f"ind-{ind.pk}-measure"].value())
                for ind in self.indicators}

    def suggestions(self) -> dict[int, Suggestion]:
        """Actuals the progress text mentions that the fields do not yet say; none while the
        text is still last period's, carried over unchanged (its figures are last period's)."""
        text = self["text"].value() or ""
        carried = self.carried_text
        if carried and normalise(text) == normalise(carried):
            return {}
        return suggest_actuals(text, self.indicators, self.entered_actuals())

    def check_params(self) -> str:
        """The fields the text check posts (hx-params): the text and the actuals."""
        names = [self["text"].html_name]
        for ind in self.indicators:
            names += [self[f"ind-{ind.pk}-value"].html_name,
                      self[f"ind-{ind.pk}-measure"].html_name]
        return ",".join(names)

    def indicator_fields(self) -> list[IndicatorFields]:
        """Every indicator's row: fields, last period's actual and forecast, suggestion."""
        previous, forecasts = self.previous_actuals, self.previous_forecasts
        suggestions = self.suggestions()
        rows = []
        for ind in self.indicators:
            value, measure = self[f"ind-{ind.pk}-value"], self[f"ind-{ind.pk}-measure"]
            quantitative = f"ind-{ind.pk}-forecast" in self.fields
            rows.append(IndicatorFields(
                indicator=ind, target=target_text(ind), value=value, measure=measure,
                last=previous.get(ind.pk),
                forecast=self[f"ind-{ind.pk}-forecast"] if quantitative else None,
                forecast_measure=(self[f"ind-{ind.pk}-forecast_measure"] if quantitative
                                  else None),
                previous_forecast=forecasts.get(ind.pk),
                check=forecast_check(forecasts.get(ind.pk), value.value(), measure.value()),
                suggestion=suggestions.get(ind.pk)))
        return rows

    def actual_inputs(self) -> list[ActualInput]:
        data = self.cleaned_data
        return [ActualInput(ind, data.get(f"ind-{ind.pk}-value"),
                            (data.get(f"ind-{ind.pk}-measure") or "").strip())
                for ind in self.indicators]

    def forecast_inputs(self) -> list[ForecastInput]:
        """Every quantitative indicator's forecast; an emptied field withdraws it."""
        data = self.cleaned_data
        return [ForecastInput(ind, data.get(f"ind-{ind.pk}-forecast"),
                              (data.get(f"ind-{ind.pk}-forecast_measure") or "").strip())
                for ind in self.indicators if f"ind-{ind.pk}-forecast" in self.fields]

    def add_service_errors(self, fields: dict[str, str]) -> None:
        for key, message in fields.items():
            if key == "evidence":
                self.evidence_error = message
            elif key in self.fields:
                self.add_error(key, message)
            else:
                self.add_error(None, message)


class PeriodYearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label="周期类型", choices=PeriodKind.choices,
                             initial=PeriodKind.QUARTER)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=500)


class ChangeRequestForm(forms.Form):
    kind = forms.ChoiceField(label="申请类别", choices=RequestKind.choices)
    reason = forms.CharField(label="理由", max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    new_deadline = forms.DateField(label="申请的新完成时限", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))


class DecideForm(forms.Form):
    """The office's assessment; ``version`` is what the page showed (optimistic locking)."""

    status = forms.ChoiceField(label="评定状态", choices=Status.choices)
    light = forms.ChoiceField(label="灯号", choices=Light.choices)
    cause = forms.ModelChoiceField(label="滞后原因(需要加大力度、存在突出问题时必选)",
                                   queryset=LagCause.objects.active(), required=False,
                                   empty_label="不适用")
    note = forms.CharField(label="评定意见", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    evidence_citation = forms.CharField(label="佐证(销号时须有佐证材料或写明文号)",
                                        required=False, max_length=300)
    accept_submitted = forms.BooleanField(label="同时采纳本期已报送的进展", required=False,
                                          initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lights = {s.code: s.light for s in STATUSES}
        self.fields["status"].widget.attrs["data-lights"] = json.dumps(lights)


class NoteForm(forms.Form):
    note = forms.CharField(label="意见", required=False, max_length=2000)


class CauseForm(forms.Form):
    name = forms.CharField(label="原因名称", max_length=50)

"""The report form's widgets printed in code are exactly what Django's widget templates print."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from ducha.choices import Comparator, IndicatorKind
from ducha.ledger.models import Indicator
from ducha.reporting.forms import ReportForm
from ducha.reporting.widgets import RENDERER, ReportFormRenderer

TEMPLATES = DjangoTemplates()
AWKWARD = 'a"b<c>&d\'e 万元'


class Everything(forms.Form):
    """Every widget kind the fast path takes, with values and attributes that need escaping."""

    text = forms.CharField(max_length=20, required=False,
                           widget=forms.TextInput(attrs={"data-x": AWKWARD, "autofocus": True,
                                                         "hidden": False}))
    number = forms.DecimalField(max_digits=20, decimal_places=4, required=False)
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    plain = forms.CharField(required=True)
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    choice = forms.ChoiceField(required=False, choices=[("", "请选择"), ("a&b", AWKWARD),
                                                        ("low", "低")])
    grouped = forms.ChoiceField(required=False, choices=[
        ("", "—"), ("组<一>", [("1", "一"), ("2", "二")]), ("3", "三")])
    area = forms.CharField(required=False, widget=forms.Textarea)
    multi = forms.MultipleChoiceField(required=False, choices=[("x", "X"), ("y", "Y")])
    radio = forms.ChoiceField(required=False, widget=forms.RadioSelect,
                              choices=[("x", "X"), ("y", "Y")])


def _both(form_class: type[forms.Form], **kwargs: Any) -> list[tuple[str, str, str]]:
    fast = form_class(renderer=RENDERER, **kwargs)
    slow = form_class(renderer=TEMPLATES, **kwargs)
    fast.is_bound and fast.is_valid()
    slow.is_bound and slow.is_valid()
    return [(name, str(fast[name]), str(slow[name])) for name in fast.fields]


@pytest.mark.parametrize("kwargs", [
    {},
    {"initial": {"text": AWKWARD, "number": Decimal("1000.5"), "choice": "a&b", "grouped": "2",
                 "area": AWKWARD, "multi": ["y"], "radio": "x",
                 "date": __import__("datetime").date(2026, 3, 31)}},
    {"data": {"text": AWKWARD * 3, "number": "abc", "date": "2026-13-40", "plain": "",
              "choice": "nope", "grouped": "3", "hidden": "<h>"}},
    {"data": {"text": "好", "number": "12.3456", "date": "2026-03-31", "plain": "x",
              "choice": "low"}, "prefix": "t7"},
])
def test_fast_widgets_print_what_the_templates_print(kwargs):
    for name, fast, slow in _both(Everything, **kwargs):
        assert fast == slow, name


@pytest.mark.django_db
@pytest.mark.parametrize("data", [None, {
    "t1-text": "进展", "t1-confidence": "high", "t1-next_milestone": AWKWARD,
    "t1-next_milestone_date": "bad", "t1-ind-{pk}-value": "x<y", "t1-ind-{pk}-measure": AWKWARD,
    "t1-ind-{pk}-forecast": "12", "t1-ind-{pk}-forecast_measure": "%"}])
def test_the_report_form_prints_as_with_the_templates(world, data):
    indicator = Indicator.objects.create(task=world.task_a, name="投资", value=Decimal(8),
                                         comparator=Comparator.AT_LEAST, measure="%",
                                         kind=IndicatorKind.GROWTH)
    if data is not None:
        data = {key.format(pk=indicator.pk): value for key, value in data.items()}
    fast = ReportForm(data, prefix="t1", indicators=[indicator],
                      initial={f"ind-{indicator.pk}-measure": "%", "confidence": "low"})
    slow = ReportForm(data, prefix="t1", indicators=[indicator], renderer=TEMPLATES,
                      initial={f"ind-{indicator.pk}-measure": "%", "confidence": "low"})
    assert isinstance(fast.renderer, ReportFormRenderer)
    if data is not None:
        assert not fast.is_valid() and not slow.is_valid()
    for name in fast.fields:
        assert str(fast[name]) == str(slow[name]), name
        assert str(fast[name].errors) == str(slow[name].errors), name

"""The report form's widgets printed without the template engine.

A unit's period sheet shows some thirty inputs per page (confidence, milestone and its date,
each indicator's value, measure, forecast and its measure) and each would otherwise render
two or three of Django's small widget templates (``input.html`` → ``attrs.html``;
``select.html`` → ``select_option.html`` per option) — most of the sheet's rendering time
during a deadline rush. ``ReportFormRenderer`` prints exactly what those built-in templates
print (same attributes, order, escaping and whitespace; ``tests/reporting/test_widgets.py``
compares both) for the plain ``<input>`` and ``<select>`` widgets, and hands every other
template (error lists, anything a later field might use) to the template engine as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import escape

INPUT_TEMPLATES = frozenset(f"django/forms/widgets/{name}.html" for name in (
    "input", "text", "number", "date", "email", "url", "password", "hidden", "datetime",
    "time", "search", "tel", "color"))
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _text(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` under autoescaping."""
    return escape(str(value))


def _attrs(attrs: Mapping[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``: False omitted, True as a bare attribute."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {escape(name)}" if value is True else f' {escape(name)}="{_text(value)}"')
    return "".join(out)


def render_input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown = f' value="{_text(value)}"' if value is not None else ""
    return (f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{shown}'
            f'{_attrs(widget["attrs"])}>')


def render_option(option: Mapping[str, Any]) -> str:
    return (f'<option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
            f'{escape(option["label"])}</option>')


class ReportFormRenderer(DjangoTemplates):
    """Django's template renderer, with the plain input and select widgets printed in code."""

    def render(self, template_name: str, context: dict[str, Any],
               request: Any = None) -> str:
        widget = context.get("widget")
        if widget is not None and template_name in INPUT_TEMPLATES:
            return render_input(widget)
        if widget is not None and template_name == SELECT_TEMPLATE and all(
                option["template_name"] == OPTION_TEMPLATE
                for _group, options, _index in widget["optgroups"] for option in options):
            return self._select(widget)
        return super().render(template_name, context, request)  # type: ignore[no-any-return]

    @staticmethod
    def _select(widget: Mapping[str, Any]) -> str:
        out = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group, options, _index in widget["optgroups"]:
            if group:
                out.append(f'\n  <optgroup label="{escape(group)}">')
            out.extend(f"\n  {render_option(option)}\n" for option in options)
            if group:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return "".join(out)


RENDERER = ReportFormRenderer()

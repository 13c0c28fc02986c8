from __future__ import annotations

from django import forms

from ducha.audit.models import AuditAction, AuditResult


class AuditFilterForm(forms.Form):
    username = forms.CharField(label="用户名", required=False, max_length=150)
    action = forms.ChoiceField(label="操作", required=False,
                               choices=[("", "全部"), *AuditAction.choices])
    result = forms.ChoiceField(label="结果", required=False,
                               choices=[("", "全部"), *AuditResult.choices])
    date_from = forms.DateField(label="起始日期", required=False,
                                widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"invalid": "起始日期格式应为 2026-01-31。"})
    date_to = forms.DateField(label="截止日期", required=False,
                              widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": "截止日期格式应为 2026-01-31。"})

"""Forms of the ledger pages; they only collect input, the services decide."""

from __future__ import annotations

from django import forms

from ducha.choices import SourceKind, TaskCategory
from ducha.ledger.models import Source
from ducha.org.models import Unit


class UploadForm(forms.Form):
    file = forms.FileField(label="公文文件",
                           help_text="支持 .txt .docx .pdf .html,单个文件不超过 20 MB",
                           error_messages={"required": "请选择要上传的公文文件。"})


class UnitChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return obj.name


class TaskForm(forms.Form):
    """A task entered or corrected by hand."""

    number = forms.CharField(label="序号", max_length=20, required=False)
    title = forms.CharField(label="事项标题", max_length=500)
    text = forms.CharField(label="事项内容", widget=forms.Textarea(attrs={"rows": 4}),
                           required=False)
    chapter = forms.CharField(label="所属章节", max_length=200, required=False)
    deadline = forms.DateField(label="完成时限", required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={"invalid": "日期格式应为 2026-06-30。"})
    category = forms.ChoiceField(label="类别", choices=TaskCategory.choices)
    lead_leaders = forms.CharField(label="牵头领导", max_length=200, required=False)


class NewTaskForm(TaskForm):
    source = forms.ModelChoiceField(label="来源文件", queryset=Source.objects.none(),
                                    required=False, empty_label="(新建来源,如领导批示)")
    new_source_kind = forms.ChoiceField(label="新来源类别", choices=SourceKind.choices,
                                        initial=SourceKind.INSTRUCTION, required=False)
    new_source_title = forms.CharField(label="新来源标题", max_length=300, required=False)
    lead_units = UnitChoices(label="牵头单位", queryset=Unit.objects.none(),
                             error_messages={"required": "请至少选择一个牵头单位。"})
    responsible_units = UnitChoices(label="责任单位", queryset=Unit.objects.none(),
                                    required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        units = Unit.objects.active().order_by("sort_order", "name")
        self.fields["lead_units"].queryset = units  # type: ignore[attr-defined]
        self.fields["responsible_units"].queryset = units  # type: ignore[attr-defined]
        self.fields["source"].queryset = Source.objects.active()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("source") and not (data.get("new_source_title") or "").strip():
            self.add_error("new_source_title", "请选择来源文件,或填写新来源的标题。")
        return data


class AssignmentForm(forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=Unit.objects.none())
    role = forms.ChoiceField(label="分工", choices=[("lead", "牵头单位"),
                                                  ("responsible", "责任单位")])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].queryset = Unit.objects.active()  # type: ignore[attr-defined]

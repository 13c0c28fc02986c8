"""Forms of the identity and administration pages; every label and message is Chinese."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordChangeForm

from ducha.choices import SUPERVISION_ROLES, UnitKind, UserRole
from ducha.org.models import Unit

SUPERVISION_ROLE_CHOICES = [(r.value, r.label) for r in SUPERVISION_ROLES]


class ChangePasswordForm(PasswordChangeForm):
    error_messages = {
        "password_incorrect": "当前密码不正确;请输入您登录时使用的密码(区分大小写)。",
        "password_mismatch": "两次输入的新密码不一致;请重新输入。",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["old_password"].label = "当前密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "再次输入新密码"


class TotpForm(forms.Form):
    code = forms.CharField(label="动态口令(6 位数字)", max_length=10,
                           error_messages={"required": "请输入验证器显示的 6 位数字。"})


def _unit_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label="所属单位(仅承办单位联络员)", required=False,
                                  queryset=Unit.objects.active(), empty_label="(无)")


class AccountCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    display_name = forms.CharField(label="姓名", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    role = forms.ChoiceField(label="申请的角色", choices=SUPERVISION_ROLE_CHOICES,
                             initial=UserRole.REPORTER)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"] = _unit_field()


class AccountEditForm(forms.Form):
    display_name = forms.CharField(label="姓名", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="角色", choices=SUPERVISION_ROLE_CHOICES)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"] = _unit_field()


class UnitForm(forms.Form):
    name = forms.CharField(label="单位全称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=50, required=False)
    kind = forms.ChoiceField(label="类别", choices=UnitKind.choices)

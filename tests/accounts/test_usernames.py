"""Usernames are checked by the services with Django's own rule, whoever creates the account."""

from __future__ import annotations

import pytest
from django.test import Client

from ducha.accounts.models import User
from ducha.accounts.services import supervisor_create, username_clean
from ducha.audit.models import AuditEvent
from ducha.base import DuchaError
from ducha.choices import UserRole
from ducha.security.services import account_create, admin_create

pytestmark = pytest.mark.django_db

BAD = ["zhang san", "a/b", "<script>", "x;drop", "tab\there", "a" * 151, "  ", "李#"]
GOOD = ["zhangsan", "张三", "li.si@fgw", "w+1", "lly-001_b"]


@pytest.fixture
def sysadmin(db: None) -> User:
    user = User(username="sys9", role=UserRole.SYSADMIN, display_name="系统管理员")
    user.set_unusable_password()
    user.save()
    return user


@pytest.mark.parametrize("name", BAD)
def test_the_service_refuses_names_django_would_refuse(world, sysadmin, name):
    with pytest.raises(DuchaError) as caught:
        account_create(username=name, display_name="", phone="", role=UserRole.LEADER,
                       unit=None, by=sysadmin)
    assert caught.value.code == "username"
    assert "用户名" in caught.value.message
    assert not User.objects.filter(username=name.strip()).exists()
    assert not AuditEvent.objects.filter(action="account_create").exists()


@pytest.mark.parametrize("name", GOOD)
def test_the_service_accepts_ordinary_names_including_chinese(world, sysadmin, name):
    user = account_create(username=f" {name} ", display_name="", phone="",
                          role=UserRole.LEADER, unit=None, by=sysadmin)
    assert user.username == name


def test_the_length_limit_is_the_models(world, sysadmin):
    limit = User._meta.get_field("username").max_length
    with pytest.raises(DuchaError, match=f"不能超过 {limit} 个字符"):
        username_clean("a" * (limit + 1))
    assert username_clean("a" * limit) == "a" * limit


def test_full_width_look_alikes_are_normalised_to_the_existing_name(world, sysadmin):
    """NFKC: 'ｏｆｆｉｃｅ' is the same account name as 'office', so it is refused as taken."""
    with pytest.raises(DuchaError) as caught:
        account_create(username="ｏｆｆｉｃｅ", display_name="", phone="", role=UserRole.LEADER,
                       unit=None, by=sysadmin)
    assert caught.value.code == "exists"


def test_command_line_creations_check_the_name_too(db):
    with pytest.raises(DuchaError, match="只能由字母、数字、汉字"):
        admin_create(username="sec admin", role=UserRole.SECADMIN)
    with pytest.raises(DuchaError, match="只能由字母、数字、汉字"):
        supervisor_create(username="du cha")
    assert not User.objects.exists()


def test_the_sysadmin_form_shows_the_chinese_error_on_the_field(world, sysadmin):
    client = Client()
    client.force_login(sysadmin)
    response = client.post("/security/sys/accounts/new/", {
        "username": "zhang san", "display_name": "张三", "phone": "",
        "role": UserRole.LEADER, "unit": ""})
    assert response.status_code == 200
    assert "只能由字母、数字、汉字" in response.content.decode()
    assert "username" in response.context["form"].errors
    assert not User.objects.filter(display_name="张三").exists()
    ok = client.post("/security/sys/accounts/new/", {
        "username": "张三", "display_name": "张三", "phone": "",
        "role": UserRole.LEADER, "unit": ""})
    assert ok.status_code == 302
    assert User.objects.get(display_name="张三").username == "张三"

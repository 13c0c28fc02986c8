"""Password rules, the password history, and the forced change of a one-time password."""

from __future__ import annotations

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from ducha.security.models import PasswordHistory
from ducha.security.validators import character_classes

pytestmark = pytest.mark.django_db


def _errors(password, user=None) -> list[str]:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        return [e.code for e in exc.error_list]
    return []


@pytest.mark.parametrize(("password", "code"), [
    ("Ab1-xyz", "password_too_short"),
    ("abcdefghijkl", "password_too_simple"),
    ("abcdefgh1234", "password_too_simple"),
    ("ABCDEFGH-***", "password_too_simple"),
])
def test_weak_passwords_are_refused_with_the_rule_they_break(password, code):
    assert code in _errors(password)


def test_three_of_four_classes_are_enough():
    assert character_classes("abcDEF1234") == 3
    assert _errors("Qx7-river-lamp") == []
    assert _errors("qx7-river-lamp") == []  # lower, digit, symbol


def test_password_may_not_contain_the_username(world):
    assert "password_contains_username" in _errors("Xx-office-2026", world.supervisor)


def test_messages_are_chinese_and_say_what_to_do():
    with pytest.raises(ValidationError) as info:
        password_validation.validate_password("abcdefghijkl")
    assert any("请" in m for m in info.value.messages)


def test_none_of_the_last_five_passwords_may_be_reused(world):
    user = world.reporter_a
    used = [f"Reuse-{i}-Abcdef" for i in range(6)]
    for pw in used:
        user.set_password(pw)
        user.save()
    assert PasswordHistory.objects.filter(user=user).count() >= 6
    for recent in used[-5:]:
        assert "password_reused" in _errors(recent, user), recent
    assert "password_reused" not in _errors(used[0], user)  # six passwords ago
    assert _errors("Brand-New-Pw-99", user) == []


def test_a_user_with_a_one_time_password_is_sent_to_change_it(world, client, password):
    world.supervisor.must_change_password = True
    world.supervisor.save()
    response = client.post("/accounts/login/", {"username": "office", "password": password},
                           follow=True)
    assert response.redirect_chain[-1][0] == "/security/password/"
    assert "请先设置自己的新密码" in response.content.decode()
    for page in ("/office/", "/cockpit/", "/ledger/"):
        assert client.get(page)["Location"] == "/security/password/"


def test_changing_the_one_time_password_opens_the_product(world, client, password):
    world.supervisor.must_change_password = True
    world.supervisor.save()
    client.force_login(world.supervisor)
    bad = client.post("/security/password/", {"old_password": password,
                                               "new_password1": "short",
                                               "new_password2": "short"})
    assert bad.status_code == 200 and "10" in bad.content.decode()
    reused = client.post("/security/password/", {"old_password": password,
                                                  "new_password1": password,
                                                  "new_password2": password})
    assert "最近 5 次" in reused.content.decode()
    ok = client.post("/security/password/", {"old_password": password,
                                              "new_password1": "Fresh-Start-2026",
                                              "new_password2": "Fresh-Start-2026"})
    assert ok.status_code == 302
    world.supervisor.refresh_from_db()
    assert world.supervisor.must_change_password is False
    assert world.supervisor.check_password("Fresh-Start-2026")
    assert client.get("/office/").status_code == 200  # session kept after the change


def test_wrong_current_password_is_refused_in_chinese(world, login_as):
    client = login_as(world.reporter_a)
    response = client.post("/security/password/", {"old_password": "nope",
                                                    "new_password1": "Fresh-Start-2026",
                                                    "new_password2": "Fresh-Start-2026"})
    assert "当前密码不正确" in response.content.decode()

from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """The login form with Chinese messages that say what to do."""

    error_messages = {
        "invalid_login": "用户名或密码不正确,请检查后重新输入(密码区分大小写)。",
        "inactive": "该账户已停用,请联系系统管理员。",
    }

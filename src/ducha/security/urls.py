from django.urls import path

from ducha.security import views

app_name = "security"
urlpatterns = [
    path("password/", views.password_change, name="password_change"),
    path("2fa/enrol/", views.totp_enrol, name="totp_enrol"),
    path("2fa/verify/", views.totp_verify, name="totp_verify"),
    path("sys/", views.sysadmin_home, name="sysadmin_home"),
    path("sys/accounts/new/", views.account_new, name="account_new"),
    path("sys/accounts/<int:pk>/edit/", views.account_edit, name="account_edit"),
    path("sys/accounts/<int:pk>/deactivate/", views.account_deactivate,
         name="account_deactivate"),
    path("sys/units/new/", views.unit_new, name="unit_new"),
    path("sys/units/<int:pk>/archive/", views.unit_archive, name="unit_archive"),
    path("sec/", views.secadmin_home, name="secadmin_home"),
    path("sec/accounts/<int:pk>/role/", views.role_edit, name="role_edit"),
    path("sec/accounts/<int:pk>/activate/", views.account_activate, name="account_activate"),
    path("sec/accounts/<int:pk>/password-reset/", views.password_reset, name="password_reset"),
    path("sec/accounts/<int:pk>/2fa-reset/", views.totp_reset, name="totp_reset"),
    path("sec/locks/<int:pk>/release/", views.lock_release, name="lock_release"),
]

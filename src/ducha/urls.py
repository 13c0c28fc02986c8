from django.urls import include, path

# No Django admin: it would bypass the services, the audit log and the separated
# administrator roles (三权分立); see docs/security.md.
urlpatterns = [
    path("accounts/", include("ducha.accounts.urls")),
    path("ledger/", include("ducha.ledger.urls")),
    path("org/", include("ducha.org.urls")),
    path("bulletins/", include("ducha.bulletins.urls")),
    path("cockpit/", include("ducha.cockpit.urls")),
    path("duban/", include("ducha.reporting.urls")),
    path("audit/", include("ducha.audit.urls")),
    path("security/", include("ducha.security.urls")),
    path("reminders/", include("ducha.reminders.urls")),
    path("api/", include("ducha.api.urls")),
    path("", include("ducha.web.urls")),
]

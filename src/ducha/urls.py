from django.contrib import admin
from django.urls import include, path

# The admin is a read-only 数据查看 for the system administrator (see ducha.adminbase): every
# write goes through the services, the audit log and the separated roles (三权分立).
urlpatterns = [
    path("admin/", admin.site.urls),
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

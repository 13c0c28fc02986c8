from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "督查督办系统管理"
admin.site.site_title = "督查督办"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("accounts/", include("ducha.accounts.urls")),
    path("admin/", admin.site.urls),
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

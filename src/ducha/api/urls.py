"""/api/: the token page (session login) first, then the JSON API and its docs."""

from django.urls import path

from ducha.api import views
from ducha.api.api import api

urlpatterns = [
    path("tokens/", views.tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
    path("", api.urls),
]

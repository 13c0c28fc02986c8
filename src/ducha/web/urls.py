from django.urls import path

from ducha.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("office/", views.supervisor_home, name="supervisor_home"),
    path("unit/", views.reporter_home, name="reporter_home"),
    path("leader/", views.leader_home, name="leader_home"),
]

from django.urls import path

from ducha.bulletins import views, views_notices

app_name = "bulletins"
urlpatterns = [
    path("", views.bulletin_list, name="list"),
    path("new/", views.bulletin_new, name="new"),
    path("preview.css", views.preview_css, name="preview_css"),
    path("<int:pk>/", views.bulletin_detail, name="detail"),
    path("<int:pk>/issue/", views.bulletin_issue, name="issue"),
    path("<int:pk>/download.<str:fmt>", views.bulletin_download, name="download"),
    path("notices/task/<int:pk>/assignment.<str:fmt>", views_notices.assignment,
         name="notice_assignment"),
    path("notices/task/<int:pk>/reminder.<str:fmt>", views_notices.reminder,
         name="notice_reminder"),
]

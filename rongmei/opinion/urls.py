from django.urls import path

from . import views

app_name = "opinion"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("mentions/", views.mention_list, name="mentions"),
    path("mentions/new/", views.mention_new, name="mention_new"),
    path("mentions/import/", views.import_file, name="import"),
    path("mentions/<int:pk>/", views.mention_detail, name="mention"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/new/", views.topic_new, name="topic_new"),
    path("topics/check/", views.topic_check, name="topic_check"),
    path("topics/<int:pk>/", views.topic_detail, name="topic"),
    path("topics/<int:pk>/edit/", views.topic_edit, name="topic_edit"),
    path("topics/<int:pk>/progress/", views.topic_progress, name="topic_progress"),
    path("sources/", views.source_list, name="sources"),
    path("sources/new/", views.source_new, name="source_new"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source_edit"),
    path("sources/<int:pk>/fetch/", views.source_fetch, name="source_fetch"),
]

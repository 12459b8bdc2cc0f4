from django.urls import path

from . import views

app_name = "assets"
urlpatterns = [
    path("", views.library, name="library"),
    path("upload/", views.upload, name="upload"),
    path("picker/", views.picker, name="picker"),
    path("editor/upload/", views.editor_upload, name="editor_upload"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/crop/", views.crop, name="crop"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/file/", views.file, name="file"),
    path("<int:pk>/thumb/", views.thumb, name="thumb"),
    path("<int:pk>/crop/<slug:ratio>/", views.crop_file, name="crop_file"),
]

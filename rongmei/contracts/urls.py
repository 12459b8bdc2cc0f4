from django.urls import path

from . import views

app_name = "contracts"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("evidence/<str:ob>/", views.evidence, name="evidence"),
    path("chart/<str:ob>.json", views.chart, name="chart"),
    path("definition/", views.definition, name="definition"),
    path("from-template/", views.from_template, name="from_template"),
    path("templates/<str:tid>.yaml", views.template_yaml, name="template_yaml"),
    path("versions/", views.versions, name="versions"),
    path("versions/<int:number>/", views.version_detail, name="version"),
    path("facts/", views.facts, name="facts"),
    path("facts/new/", views.fact_new, name="fact_new"),
    path("facts/import/", views.facts_import, name="facts_import"),
    path("imports/<int:pk>/delete/", views.import_delete, name="import_delete"),
    path("facts/<int:pk>/delete/", views.fact_delete, name="fact_delete"),
    path("snapshots/", views.snapshots, name="snapshots"),
    path("snapshots/<int:pk>/", views.snapshot, name="snapshot"),
    path("snapshots/<int:pk>/<str:fmt>/", views.snapshot_download, name="snapshot_download"),
]

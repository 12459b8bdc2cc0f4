from django.urls import path

from . import views
from .views import planning as planning_views

app_name = "production"
urlpatterns = [
    path("", views.items, name="items"),
    path("my/", views.my_work, name="my_work"),
    path("new/", views.item_new, name="item_new"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
    path("<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("<int:pk>/autosave/", views.item_autosave, name="item_autosave"),
    path("<int:pk>/draft/discard/", views.item_draft_discard, name="item_draft_discard"),
    path("<int:pk>/lock/", views.item_lock_status, name="item_lock_status"),
    path("preview/", views.item_preview, name="item_preview"),
    path("<int:pk>/do/<slug:action>/", views.item_action, name="item_action"),
    path("<int:pk>/decide/", views.item_decide, name="item_decide"),
    path("<int:pk>/findings/<int:fid>/", views.finding_resolve, name="finding_resolve"),
    path("<int:pk>/revisions/", views.revisions, name="revisions"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/attachments/<int:aid>/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/attachments/<int:aid>/delete/", views.attachment_delete, name="attachment_delete"),
    path("<int:pk>/approval-form.docx", views.approval_form, name="approval_form"),
    path("calendar/", planning_views.calendar, name="calendar"),
    path("calendar/week/", planning_views.calendar_week, name="calendar_week"),
    path("plans/", planning_views.plans, name="plans"),
    path("plans/<slug:what>/new/", planning_views.planning_edit, name="planning_new"),
    path("plans/<slug:what>/<int:pk>/", planning_views.planning_edit, name="planning_edit"),
    path("windows/preset/", planning_views.window_action, name="windows_preset"),
    path("windows/<int:pk>/delete/", planning_views.window_action, name="window_delete"),
    path("chains/", planning_views.chains, name="chains"),
    path("chains/install/", planning_views.chain_install, name="chain_install"),
    path("chains/<int:chain_pk>/stages/new/", planning_views.stage_edit, name="stage_new"),
    path("chains/<int:chain_pk>/stages/<int:pk>/", planning_views.stage_edit, name="stage_edit"),
]

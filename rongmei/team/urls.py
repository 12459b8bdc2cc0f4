from django.urls import path

from . import views

app_name = "team"
urlpatterns = [
    path("", views.roster, name="roster"),
    path("members/new/", views.member_new, name="member_new"),
    path("members/<int:pk>/", views.member_edit, name="member_edit"),
    path("changes/", views.changes, name="changes"),
    path("changes/<int:pk>/decide/", views.change_decide, name="change_decide"),
    path("leaves/", views.leaves, name="leaves"),
    path("leaves/<int:pk>/", views.leave_detail, name="leave_detail"),
    path("leaves/<int:pk>/decide/", views.leave_decide, name="leave_decide"),
    path("leaves/<int:pk>/return/", views.leave_return, name="leave_return"),
    path("leaves/<int:pk>/cancel/", views.leave_cancel, name="leave_cancel"),
    path("rota/", views.rota, name="rota"),
    path("rota/word/", views.rota_docx, name="rota_docx"),
    path("rota/fill/", views.rota_fill, name="rota_fill"),
    path("rota/bands/", views.bands, name="bands"),
    path("rota/shifts/new/", views.shift_add, name="shift_add"),
    path("rota/shifts/<int:pk>/delete/", views.shift_remove, name="shift_remove"),
    path("rota/shifts/<int:pk>/swap/", views.swap_new, name="swap_new"),
    path("rota/swaps/<int:pk>/decide/", views.swap_decide, name="swap_decide"),
    path("checks/", views.checks, name="checks"),
    path("assessments/", views.assessments, name="assessments"),
    path("assessments/excel/", views.assessments_xlsx, name="assessments_xlsx"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/sign/", views.assessment_sign, name="assessment_sign"),
    path("assessments/<int:pk>/word/", views.assessment_docx, name="assessment_docx"),
]

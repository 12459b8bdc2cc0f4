from django.urls import path

from . import views
from .views import apply, expert, register, results, review

app_name = "cases"
urlpatterns = [
    path("", views.index, name="index"),
    path("calls/new/", views.call_new, name="call_new"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    path("calls/<int:pk>/publish/", views.call_publish, name="call_publish"),
    path("calls/<int:pk>/review/", views.call_start_review, name="call_start_review"),
    path("calls/<int:pk>/scoring/", views.scoring, name="scoring"),
    path("calls/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("calls/<int:pk>/attachments/<int:att>/", views.attachment, name="attachment"),
    path("categories/<int:pk>/", views.category_edit, name="category_edit"),
    path("units/", views.units, name="units"),
    path("units/<int:pk>/confirm/", views.unit_confirm, name="unit_confirm"),
    path("units/<int:pk>/reject/", views.unit_reject, name="unit_reject"),
    # 申报
    path("calls/<int:pk>/cases/new/", apply.case_new, name="case_new"),
    path("cases/<int:pk>/", apply.case_detail, name="case"),
    path("cases/<int:pk>/edit/", apply.case_edit, name="case_edit"),
    path("cases/<int:pk>/files/", apply.file_add, name="file_add"),
    path("cases/<int:pk>/submit/", apply.case_submit, name="case_submit"),
    path("cases/<int:pk>/form.docx", apply.case_form_docx, name="case_form_docx"),
    path("cases/<int:pk>/versions/<int:number>/", apply.version_detail, name="version"),
    path("files/<int:pk>/", apply.file_download, name="file"),
    path("files/<int:pk>/remove/", apply.file_remove, name="file_remove"),
    # 地区初审与推荐排序
    path("calls/<int:pk>/region/", review.region, name="region"),
    path("calls/<int:pk>/region/order/", review.region_order, name="region_order"),
    path("calls/<int:pk>/region/export.<str:fmt>", review.region_export, name="region_export"),
    path("calls/<int:pk>/region/scan/", review.region_scan, name="region_scan"),
    path("calls/<int:pk>/region/scan/file/", review.region_scan_download, name="region_scan_file"),
    path("cases/<int:pk>/review/", review.case_review, name="case_review"),
    # 评审
    path("calls/<int:pk>/panels/", expert.panels, name="panels"),
    path("calls/<int:pk>/panels/<int:panel>/experts/", expert.panel_add_expert, name="panel_add_expert"),
    path("calls/<int:pk>/panels/<int:panel>/close/", expert.panel_close, name="panel_close"),
    path("review/<int:panel>/", expert.expert_panel, name="expert_panel"),
    path("review/<int:panel>/declare/", expert.declare, name="declare"),
    path("review/<int:panel>/cases/<int:case>/", expert.expert_case, name="expert_case"),
    path("review/<int:panel>/cases/<int:case>/files/<int:pk>/", expert.expert_file, name="expert_file"),
    # 结果
    path("calls/<int:pk>/results/", results.results, name="results"),
    path("calls/<int:pk>/results/<int:case>/", results.decide, name="decide"),
    path("calls/<int:pk>/results/finish/", results.finish, name="finish"),
    path("calls/<int:pk>/results/notice.docx", results.notice_docx, name="notice_docx"),
    path("calls/<int:pk>/results/national.xlsx", results.national_xlsx, name="national_xlsx"),
]

# 站点根下的对外页面（不需登录），由 rongmei/urls.py 挂在 /cases/ 下
global_urlpatterns = [
    path("calls/<int:pk>/register/", register.register, name="register"),
]

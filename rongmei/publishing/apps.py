from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "rongmei.publishing"
    label = "publishing"
    verbose_name = "发布"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from django.urls import reverse

        from rongmei.core import archive, crypto, facts, home, item_actions, labels, nav
        from rongmei.core import calendar as cal

        from . import archive as publication_archive
        from . import calendar, permissions, tasks  # noqa: F401  permissions、tasks：导入即登记权限与任务
        from .facts import publication_facts, publication_facts_revision
        from .permissions import PublishingPerm
        from .widgets import changes_widget, publishing_widget

        nav.register(nav.NavItem("publishing", "发布队列", "publishing:queue", PublishingPerm.VIEW,
                                 icon="send", order=10, group=nav.PUBLISH, roles=nav.OPERATIONS))
        nav.register(nav.NavItem("publishing_log", "发布记录", "publishing:log", PublishingPerm.VIEW,
                                 icon="list", order=20, group=nav.PUBLISH,
                                 roles=nav.OPERATIONS | nav.roles("analyst", "client_leader")))
        home.register(home.Widget("publishing", PublishingPerm.VIEW, publishing_widget, order=8, size=home.HALF,
                                  roles=nav.OPERATIONS))
        home.register(home.Widget("publishing.changes", PublishingPerm.APPROVE_ACCOUNT_CHANGE, changes_widget,
                                  order=12, size=home.HALF))
        facts.register("publishing", publication_facts, revision=publication_facts_revision)
        # 密文字段：轮换凭据密钥（rongmei secrets rotate）时重新加密
        crypto.register_field("publishing.AccountCredential", "encrypted", "平台接口凭证")
        crypto.register_field("publishing.PlatformToken", "encrypted", "平台授权令牌")
        archive.register(archive.ArchiveSection("publications", "信息发布记录（含宣传审批表与审核记录）",
                                                publication_archive.collect, order=10, retention_years=30))
        labels.register("fact_source", {"publishing": "发布记录"})
        # 本系统自己的发布错误码（平台返回的数字错误码原样显示，说明在错误说明里）
        labels.register("platform_error", {
            "no_credentials": "未配置发布凭证", "missing_credentials": "发布凭证不完整", "no_oauth": "账号未授权",
            "no_refresh_token": "授权已过期，需要重新授权", "interrupted": "发布中断", "network": "网络故障",
            "invalid_content": "内容不符合平台要求", "invalid_url": "链接无效", "naive_datetime": "时间缺少时区",
            "unknown_platform": "不支持的平台", "system_error": "系统内部错误", "unknown_datacube": "不支持的数据接口",
            "video_status_2": "视频处理失败", "failed": "平台返回发布失败",
        })
        labels.register("job", {
            "publishing.publish_one": "发布一条内容",
            "publishing.publish_due": "按计划时间发布",
            "publishing.poll_publishing": "查询发布结果",
            "publishing.detect_stuck": "检查卡住的发布",
            "publishing.manual_reminders": "人工发布提醒",
            "publishing.daily_digest": "每日发布汇总",
            "publishing.reauthorization_reminder": "重新授权提醒",
        })
        cal.register(cal.Layer("publications", "发布排期", PublishingPerm.VIEW, calendar.pub_entries, order=30,
                               colour="blue", notes=calendar.warning_notes, controls=calendar.controls,
                               script=calendar.drag_script))
        item_actions.register(item_actions.ItemAction(
            "publishing_schedule", "排期发布", PublishingPerm.SCHEDULE,
            url=lambda item: reverse("publishing:schedule", kwargs={"ws": item.workspace.slug, "item_pk": item.pk}),
            applies=lambda item: item.is_approved, order=10, primary=True))

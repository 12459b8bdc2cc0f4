from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "rongmei.contracts"
    label = "contracts"
    verbose_name = "合同履约"

    def ready(self) -> None:
        # 这些模块要用模型，应用注册表就绪后才能导入（Django 的规定），所以写在 ready() 里
        from rongmei.core import archive, contract_terms, facts, home, labels, nav
        from rongmei.engines import kpi
        from rongmei.engines.kpi import vocab

        from . import archive as contract_archive
        from . import permissions, selectors, tasks, widgets  # noqa: F401  tasks：登记按名字排队的任务

        archive.register(archive.ArchiveSection("contract_snapshots", "合同考核快照", contract_archive.collect,
                                                order=50, retention_years=None))

        nav.register(nav.NavItem("contracts", "合同履约", "contracts:overview", permissions.ContractPerm.VIEW,
                                 icon="file-certificate", order=10, group=nav.CONTRACT))
        facts.register(selectors.OWN_SOURCE, selectors.stored_fact_dicts)
        contract_terms.provide(selectors.current_contract)  # 团队读人员条款（旁支应用不 import 合同）
        labels.register("fact_source", {selectors.OWN_SOURCE: "手工录入与导入"})
        home.register(home.Widget("contracts", permissions.ContractPerm.VIEW, widgets.pace_card, order=1,
                                  roles=home.roles("manager", "analyst", "client_officer", "client_leader")))
        labels.register("platform", vocab.PLATFORMS)
        labels.register("kind", vocab.KINDS)
        labels.register("fact_type", vocab.FACT_TYPES)
        labels.register("placement_level", vocab.PLACEMENT_LEVELS)
        labels.register("period_unit", vocab.PERIOD_UNITS)
        labels.register("pace_status", {code: text for code, (text, _colour) in kpi.STATUS_LABELS.items()})
        labels.register("metric", vocab.METRICS)
        labels.register("fact_field", vocab.FACT_FIELDS)
        labels.register("field", vocab.FACT_FIELDS)
        labels.register("job", {
            "contracts.daily_pace_check": "每日合同进度检查",
            "contracts.pace_check": "合同进度检查",
            "contracts.facts_import": "导入履约事实",
        })

from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "rongmei.contracts"
    label = "contracts"
    verbose_name = "合同履约"

    def ready(self) -> None:
        from rongmei.core import facts, home, nav

        from . import permissions, selectors, widgets

        nav.register(nav.NavItem("contracts", "合同履约", "contracts:overview", permissions.ContractPerm.VIEW,
                                 icon="file-certificate", order=10))
        facts.register(selectors.OWN_SOURCE, selectors.stored_fact_dicts)
        home.register(home.Widget("contracts", permissions.ContractPerm.VIEW, widgets.pace_card, order=10))

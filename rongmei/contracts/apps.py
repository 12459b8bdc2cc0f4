from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "rongmei.contracts"
    label = "contracts"
    verbose_name = "合同履约"

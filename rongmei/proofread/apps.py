from django.apps import AppConfig


class ProofreadConfig(AppConfig):
    name = "rongmei.proofread"
    label = "proofread"
    verbose_name = "AI审校"

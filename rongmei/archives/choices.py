"""档案的选项（TextChoices）。"""

from django.db import models


class SetState(models.TextChoices):
    READY = "ready", "已打包"
    DISPOSED = "disposed", "已销毁"


STATE_COLOURS = {SetState.READY: "green", SetState.DISPOSED: "secondary"}

"""舆情的信号：新信息入库（事务提交后发送），供预警、事件等上层功能订阅，不必轮询。

mentions_created.send(sender=Source, workspace=ws, source=source, mention_ids=[...])
"""

from django.dispatch import Signal

mentions_created = Signal()

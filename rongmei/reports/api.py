from ninja import Router

router = Router(tags=["报告"])

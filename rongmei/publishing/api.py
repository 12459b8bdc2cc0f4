from ninja import Router

router = Router(tags=["发布"])

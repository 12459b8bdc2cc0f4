from ninja import Router

router = Router(tags=["档案"])

from ninja import Router

router = Router(tags=["互动"])

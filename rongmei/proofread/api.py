from ninja import Router

router = Router(tags=["AI审校"])

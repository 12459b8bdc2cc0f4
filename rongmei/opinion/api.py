from ninja import Router

router = Router(tags=["舆情"])

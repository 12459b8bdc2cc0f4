from ninja import Router

router = Router(tags=["策划与采编"])

from ninja import Router

router = Router(tags=["合同履约"])

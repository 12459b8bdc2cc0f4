app_name = "proofread"
urlpatterns: list = []

app_name = "interaction"
urlpatterns: list = []

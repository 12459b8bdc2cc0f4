app_name = "production"
urlpatterns: list = []

app_name = "assist"
urlpatterns: list = []

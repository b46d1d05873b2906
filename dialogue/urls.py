app_name = "dialogue"

urlpatterns: list = []

from django.urls import path

from foundation.accounts import views

# Included at /<lang>/my/secretariat/delegates/ by portal/urls.py.
app_name = "accounts"

urlpatterns = [
    path("", views.delegate_list, name="delegate_list"),
    path("<int:pk>/verify/", views.delegate_verify_view, name="delegate_verify"),
]

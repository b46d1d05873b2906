from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<slug:slug>/", views.detail, name="detail"),
]

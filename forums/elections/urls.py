from django.urls import path

from forums.elections import views

app_name = "elections"

urlpatterns = [
    path("", views.election_list, name="list"),
    path("<slug:slug>/", views.election_detail, name="detail"),
    path("<slug:slug>/nominate/", views.nominate, name="nominate"),
    path("<slug:slug>/candidatures/<int:pk>/cv/", views.candidature_cv, name="cv"),
    path("<slug:slug>/review/", views.review, name="review"),
    path("<slug:slug>/candidatures/<int:pk>/decide/", views.candidature_decide, name="decide"),
    path("<slug:slug>/roll/close/", views.roll_close, name="roll_close"),
    path("<slug:slug>/vote/", views.vote, name="vote"),
    path("<slug:slug>/paper-count/", views.paper_count, name="paper_count"),
    path("<slug:slug>/count/", views.count, name="count"),
    path("<slug:slug>/ballots/", views.ballots, name="ballots"),
    path("<slug:slug>/ballots.json", views.ballots_json, name="ballots_json"),
]

"""A tiny site with a 500 and a broken link, for the crawl gate's self-test."""

from django.http import HttpResponse
from django.urls import path


def index(request):
    return HttpResponse(
        '<!DOCTYPE html><html lang="en" dir="ltr"><title>x</title>'
        '<a href="/boom/">boom</a> <a href="/missing/">missing</a> <a href="/ok/">ok</a>'
        ' <a href="https://example.org/">elsewhere</a> <a href="mailto:a@example.org">mail</a>'
    )


def ok(request):
    return HttpResponse('<!DOCTYPE html><html lang="en"><title>ok</title><a href="/">home</a>')


def boom(request):
    raise RuntimeError("a deliberate 500")


urlpatterns = [path("", index), path("ok/", ok), path("boom/", boom)]


def not_found(request, exception):
    from django.http import HttpResponseNotFound

    return HttpResponseNotFound("<!DOCTYPE html><title>not found</title>")


handler404 = not_found

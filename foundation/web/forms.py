"""How a form view answers: GET shows the form, POST validates it and calls a
service, anything else is 405.

A refused POST (invalid input or a service's ValidationError) is answered 400
with the page again and every message beside its field, so a browser, a
screen reader and a test all see the same thing whichever way the refusal came.
"""

from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render

FORM_METHODS = ("GET", "POST")


def bind(request: HttpRequest) -> dict:
    """The form's data and files on POST, nothing on GET.

    `Form(**bind(request))` rather than `Form(request.POST or None)`: an empty
    POST is still a submission and must be validated, not shown as a new form.
    """
    if request.method == "POST":
        return {"data": request.POST, "files": request.FILES}
    return {}


def add_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on the form: each message beside the field it
    names, the rest (and names the form does not have) at the top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            name = field if field in form.fields and field != NON_FIELD_ERRORS else None
            form.add_error(name, messages)
    else:
        form.add_error(None, error.messages)


def handle_form(
    request: HttpRequest,
    form: BaseForm,
    *,
    on_valid: Callable[[BaseForm], HttpResponse],
    template: str,
    context: dict | Callable[[], dict] | None = None,
) -> HttpResponse:
    """Answer a form view.

    - GET: the page with `form`, 200.
    - POST with valid input: `on_valid(form)`, which calls the service, adds
      the success message and returns the response (normally a redirect). A
      `ValidationError` it raises lands on the form (see `add_service_errors`).
    - POST refused: the page again with the errors, 400.
    - any other method: 405.

    `context` (or a function returning it, so that a page built from several
    queries is only built when shown) is given to `template` with `form`
    added under that name unless it already holds it under another.
    """
    if request.method not in FORM_METHODS:
        return HttpResponseNotAllowed(FORM_METHODS)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                return on_valid(form)
            except ValidationError as error:
                add_service_errors(form, error)
        status = 400
    page = context() if callable(context) else dict(context or {})
    page.setdefault("form", form)
    return render(request, template, page, status=status)

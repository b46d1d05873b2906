"""The Secretariat's import page (/<lang>/my/secretariat/import/).

Uploading checks the file and shows what it would change, writing nothing;
the file waits in the private storage, named by a signed token in the
confirmation form. Confirming needs a recent re-authentication (allauth
replays the POST after it, which is why the file is not sent twice: a
replayed POST carries no file), reads the stored file again and imports it.
"""

import datetime

from django.core.files.base import File
from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from foundation.accounts.decorators import fresh_authentication_required, secretariat_required
from foundation.links import LinkExpired, LinkInvalid, make_link_token, read_link_token
from foundation.uploads import private_storage, random_name
from foundation.web.forms import bind
from partners.imports.forms import ConfirmForm, ImportForm
from partners.imports.reader import FileRefused, open_source
from partners.imports.report import summary_lines
from partners.imports.services import import_partners
from partners.imports.template import template_filename, template_workbook

TOKEN_PURPOSE = "partners-import"
TOKEN_AGE = datetime.timedelta(hours=2)
TEMPLATE = "partners/curation/import.html"


def _store(upload, kind: str) -> str:
    upload.seek(0)
    return private_storage().save(random_name(folder="imports", extension=kind), File(upload))


@require_http_methods(["GET", "POST"])
@secretariat_required
def partner_import(request):
    """Upload and dry run: the report of what the file would change."""
    form = ImportForm(**bind(request))
    if request.method == "GET" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, TEMPLATE, {"form": form}, status=status)
    source, decisions = form.source, form.decisions_source
    report = import_partners(source=source, decisions=decisions, dry_run=True)
    context = {
        "form": ImportForm(),
        "report": report,
        "summary": summary_lines(report, dry_run=True),
    }
    if report.refused:
        form.add_error("file", report.refused)
        return render(request, TEMPLATE, {"form": form}, status=400)
    if not report.nothing_to_change:
        stored = [[_store(source.handle, source.kind), source.kind]]
        if decisions is not None:
            stored.append([_store(decisions.handle, decisions.kind), decisions.kind])
        token = make_link_token(TOKEN_PURPOSE, {"user": request.user.pk, "files": stored})
        context["confirm"] = ConfirmForm(initial={"token": token})
    return render(request, TEMPLATE, context)


def _stored_sources(request, token: str):
    value = read_link_token(TOKEN_PURPOSE, token, TOKEN_AGE)
    if not isinstance(value, dict) or value.get("user") != request.user.pk:
        raise LinkInvalid
    names = [name for name, _kind in value["files"]]
    handles = [private_storage().open(name, "rb") for name in names]
    return names, handles


@require_POST
@secretariat_required
@fresh_authentication_required
def partner_import_apply(request):
    """The confirmed import: everything or nothing, or the valid rows only."""
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            TEMPLATE,
            {
                "form": ImportForm(),
                "stale": _("The confirmation was incomplete: upload the file again."),
            },
            status=400,
        )
    try:
        names, handles = _stored_sources(request, form.cleaned_data["token"])
    except (LinkExpired, LinkInvalid, OSError, KeyError, TypeError):
        return render(
            request,
            TEMPLATE,
            {
                "form": ImportForm(),
                "stale": _(
                    "This confirmation has expired or was already used: upload the file again."
                ),
            },
            status=400,
        )
    try:
        sources = [
            open_source(File(handle, name=name), name=name)
            for handle, name in zip(handles, names, strict=True)
        ]
        report = import_partners(
            source=sources[0],
            decisions=sources[1] if len(sources) > 1 else None,
            user=request.user,
            valid_only=form.cleaned_data["mode"] == ConfirmForm.VALID_ONLY,
        )
    except FileRefused as refusal:
        return render(
            request, TEMPLATE, {"form": ImportForm(), "stale": str(refusal.message)}, status=400
        )
    finally:
        for handle in handles:
            handle.close()
    if report.applied or report.nothing_to_change:
        for name in names:
            private_storage().delete(name)
    context = {"form": ImportForm(), "report": report, "summary": summary_lines(report)}
    if not report.applied and not report.nothing_to_change:
        # Refused as a whole: the Secretariat may still choose the valid rows.
        context["confirm"] = ConfirmForm(
            initial={"token": form.cleaned_data["token"], "mode": ConfirmForm.VALID_ONLY}
        )
    return render(request, TEMPLATE, context)


@require_safe
@secretariat_required
def partner_import_template(request):
    return FileResponse(
        template_workbook(),
        as_attachment=True,
        filename=template_filename(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

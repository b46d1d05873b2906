"""The Secretariat's review cases (/<lang>/my/secretariat/reviews/) and the one
form that records every decision on a partnership (also behind the status
page, partners.views_editor.partner_status).

Secretariat only, with its second factor; recording a decision also needs a
recent re-authentication.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from foundation.accounts.decorators import fresh_authentication_required, secretariat_required
from foundation.web.forms import bind, handle_form
from partners.lifecycle import reviews, selectors
from partners.lifecycle.models import PeriodicReport, ReviewCase
from partners.lifecycle.report_forms import PartnershipDecisionForm

PAGE_SIZE = 20


@require_safe
@secretariat_required
def review_list(request):
    page = Paginator(selectors.review_cases_open(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partners/reports/reviews.html", {"page": page})


def decision_page(request, *, partner, case, template, redirect_to):
    """The decision form for `partner` (and its review `case`, if any)."""
    form = PartnershipDecisionForm(
        **bind(request), initial={"status": partner.status, "decision": "status"}
    )

    def record(form):
        data = dict(form.cleaned_data)
        reviews.review_decide(
            case=case,
            partner=partner,
            user=request.user,
            outcome=data.pop("decision"),
            status=data.pop("status") or partner.status,
            **data,
        )
        messages.success(request, _("The decision on the partnership is recorded."))
        return redirect(redirect_to)

    def context():
        return {
            "partner": partner,
            "case": case,
            "reports": PeriodicReport.objects.filter(partner=partner).order_by("-due_on"),
            "history": partner.status_changes.select_related("changed_by")[:50],
        }

    return handle_form(request, form, on_valid=record, template=template, context=context)


@require_http_methods(["GET", "POST"])
@secretariat_required
@fresh_authentication_required
def review_detail(request, pk):
    case = get_object_or_404(ReviewCase.objects.select_related("partner"), pk=pk)
    if not case.is_open and request.method == "POST":
        messages.error(request, _("This review has already been decided."))
        return redirect("curation:review_detail", pk=case.pk)
    return decision_page(
        request,
        partner=case.partner,
        case=case,
        template="partners/reports/review_detail.html",
        redirect_to=reverse("curation:review_detail", kwargs={"pk": case.pk}),
    )

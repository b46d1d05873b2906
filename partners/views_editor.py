"""NGO self-service (/<lang>/my/organisation/…) and Secretariat curation
(/<lang>/my/secretariat/…) of partner profiles, actions and statuses.

Editors never name their partner: it is the one they are linked to, and every
object is looked up through it. Secretariat pages need two-factor
authentication; deciding on a revision and changing a status also need a
recent re-authentication.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from foundation.accounts.decorators import (
    fresh_authentication_required,
    role_required,
    secretariat_required,
)
from foundation.links import LinkExpired, LinkInvalid, read_link_token
from foundation.web.forms import add_service_errors, bind, handle_form
from partners import revisions, services
from partners.emails import INVITATION_SALT
from partners.forms import (
    MAX_DELEGATES,
    ActionForm,
    BaseDelegateFormSet,
    ContactFormSet,
    DelegateForm,
    InvitationAcceptForm,
    LockedForm,
    ProfileForm,
    RevisionDecisionForm,
)
from partners.lifecycle.views_reviews import decision_page
from partners.models import Action, Partner, PartnerInvitation, PartnerRevision
from partners.permissions import editor_partner, get_own_action_or_404
from partners.selectors import revision_pending_for, revision_queue

PAGE_SIZE = 20


def _error_messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


# --- NGO editor: profile ------------------------------------------------------


# The profile is edited in three parts, each on its own page with its own
# submit: the mission and headquarters, the public contacts, the delegates (a
# partner may have 75 of them). Each part is merged into the one pending
# revision (or the public profile when there is none) and saved as the whole
# proposed profile, as `partners.revisions` describes it.
SECTION_TEMPLATES = {
    "mission": "partners/editor/profile.html",
    "contacts": "partners/editor/profile_contacts.html",
    "delegates": "partners/editor/profile_delegates.html",
}
SECTION_URLS = {
    "mission": "partners_editor:profile",
    "contacts": "partners_editor:profile_contacts",
    "delegates": "partners_editor:profile_delegates",
}
# How many empty delegate rows "Add a country" may ask for at once.
MAX_NEW_DELEGATE_ROWS = 20


def _new_rows(request) -> int:
    """Empty delegate rows to offer: 1, or what `?rows=` asks within bounds."""
    try:
        return max(1, min(int(request.GET.get("rows", "1")), MAX_NEW_DELEGATE_ROWS))
    except ValueError:
        return 1


def _section_forms(section: str, request, data: dict, lock_version: int):
    """(lock form, part's form or formset) for `section`, bound on POST."""
    post = request.POST if request.method == "POST" else None
    lock_initial = {"lock_version": lock_version}
    if section == "mission":
        initial = {k: v for k, v in data.items() if k not in {"contacts", "delegates"}}
        form = ProfileForm(post, initial={**initial, **lock_initial})
        return form, form
    lock = LockedForm(post, initial=lock_initial)
    if section == "contacts":
        return lock, ContactFormSet(post, initial=data["contacts"], prefix="contacts")
    formset_class = forms.formset_factory(
        DelegateForm,
        formset=BaseDelegateFormSet,
        extra=_new_rows(request),
        can_delete=True,
        max_num=MAX_DELEGATES,
        validate_max=True,
        absolute_max=MAX_DELEGATES,
    )
    return lock, formset_class(post, initial=data["delegates"], prefix="delegates")


def _changes(section: str, part) -> dict:
    if section == "mission":
        return {k: v for k, v in part.cleaned_data.items() if k != "lock_version"}
    return {section: part.rows()}


def _profile_section(request, section: str):
    partner = editor_partner(request.user)
    pending = revision_pending_for(partner)
    data = dict(pending.proposed if pending else revisions.snapshot(partner))
    lock_version = pending.lock_version if pending else 0
    lock, part = _section_forms(section, request, data, lock_version)
    status = 200
    if request.method == "POST":
        if lock.is_valid() and part.is_valid():
            try:
                services.revision_save(
                    partner=partner,
                    editor=request.user,
                    proposed={**data, **_changes(section, part)},
                    lock_version=lock.cleaned_data["lock_version"],
                )
            except ValidationError as error:
                add_service_errors(lock, error)
            else:
                messages.success(
                    request,
                    _(
                        "Your changes are saved and wait for the Secretariat's review. "
                        "The public profile is unchanged until then."
                    ),
                )
                return redirect(SECTION_URLS[section])
        status = 400
    context = {
        "partner": partner,
        "pending": pending,
        "section": section,
        "form": lock,
        "part": part,
        "counts": {"contacts": len(data["contacts"]), "delegates": len(data["delegates"])},
        "more_rows": min(_new_rows(request) + 5, MAX_NEW_DELEGATE_ROWS),
        "last_decided": partner.revisions.exclude(state=PartnerRevision.State.PENDING)
        .order_by("-decided_at")
        .first(),
    }
    return render(request, SECTION_TEMPLATES[section], context, status=status)


@require_http_methods(["GET", "POST"])
@role_required("editor")
def profile_edit(request):
    """The mission, the headquarters, the website and the sectors."""
    return _profile_section(request, "mission")


@require_http_methods(["GET", "POST"])
@role_required("editor")
def profile_contacts(request):
    return _profile_section(request, "contacts")


@require_http_methods(["GET", "POST"])
@role_required("editor")
def profile_delegates(request):
    return _profile_section(request, "delegates")


@require_POST
@role_required("editor")
def profile_withdraw(request):
    partner = editor_partner(request.user)
    pending = revision_pending_for(partner)
    form = LockedForm(request.POST)
    if pending is None or not form.is_valid():
        messages.error(request, _("There is no pending proposal to withdraw."))
        return redirect("partners_editor:profile")
    try:
        services.revision_withdraw(
            revision=pending, user=request.user, lock_version=form.cleaned_data["lock_version"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(_error_messages(error)))
    else:
        messages.success(request, _("Your proposal is withdrawn."))
    return redirect("partners_editor:profile")


# --- NGO editor: actions ------------------------------------------------------


@require_safe
@role_required("editor")
def action_list(request):
    partner = editor_partner(request.user)
    actions = (
        Action.objects.filter(partner=partner)
        .prefetch_related("sectors")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partners/editor/actions.html", {"partner": partner, "page": page})


def _action_initial(action: Action) -> dict:
    initial = {
        field: getattr(action, field)
        for field in ActionForm.base_fields
        if field not in {"countries", "sectors"}
    }
    initial["countries"] = [country.code for country in action.countries]
    initial["sectors"] = [sector.code for sector in action.sectors.all()]
    return initial


def _action_form_view(request, partner, action=None):
    form = ActionForm(**bind(request), initial=_action_initial(action) if action else None)

    def save(form):
        services.action_save(
            partner=partner, user=request.user, data=dict(form.cleaned_data), action=action
        )
        messages.success(request, _("The action is saved."))
        return redirect("partners_editor:actions")

    return handle_form(
        request,
        form,
        on_valid=save,
        template="partners/editor/action_form.html",
        context={"partner": partner, "action": action},
    )


@require_http_methods(["GET", "POST"])
@role_required("editor")
def action_create(request):
    partner = editor_partner(request.user)
    return _action_form_view(request, partner)


@require_http_methods(["GET", "POST"])
@role_required("editor")
def action_edit(request, pk):
    return _action_form_view(
        request, editor_partner(request.user), get_own_action_or_404(request.user, pk)
    )


@require_POST
@role_required("editor")
def action_unpublish(request, pk):
    action = get_own_action_or_404(request.user, pk)
    services.action_set_published(action=action, published=False)
    messages.success(request, _("The action is no longer public."))
    return redirect("partners_editor:actions")


# --- Invitation ---------------------------------------------------------------


def _invalid_invitation(request, message, status):
    return render(request, "partners/editor/join_invalid.html", {"message": message}, status=status)


@require_http_methods(["GET", "POST"])
def invitation_join(request, token):
    try:
        # The signature's age limit is the invitation's own validity, so the
        # link lives exactly as long as the email says.
        data = read_link_token(INVITATION_SALT, token, services.invitation_validity())
        invitation = PartnerInvitation.objects.select_related("partner").get(pk=int(data["i"]))
        nonce = str(data["n"])
    except LinkExpired:
        return _invalid_invitation(request, _("This invitation link has expired."), 410)
    except (LinkInvalid, PartnerInvitation.DoesNotExist, KeyError, TypeError, ValueError):
        return _invalid_invitation(
            request,
            _("This invitation link is not valid. Ask the Secretariat for a new one."),
            400,
        )
    try:
        # The signature is ours, so the link was real once: say why it no
        # longer works (used, revoked, replaced by a resend, expired).
        services.invitation_check_usable(invitation=invitation, nonce=nonce)
    except ValidationError as error:
        return _invalid_invitation(request, " ".join(_error_messages(error)), 410)

    existing = get_user_model().objects.filter(email__iexact=invitation.email).first()
    user = request.user
    if user.is_authenticated and user.email.lower() != invitation.email.lower():
        return _invalid_invitation(
            request,
            _("This invitation is for another email address. Sign out, then open the link again."),
            403,
        )
    if existing is not None and not user.is_authenticated:
        context = {"invitation": invitation, "must_sign_in": True}
        return render(request, "partners/editor/join.html", context)

    form = None
    if request.method == "POST":
        form = None if existing else InvitationAcceptForm(request.POST, email=invitation.email)
        if form is None or form.is_valid():
            try:
                new_user = services.invitation_accept(
                    invitation=invitation,
                    password=form.cleaned_data["password1"] if form else None,
                    full_name=form.cleaned_data["full_name"] if form else "",
                )
            except ValidationError as error:
                return _invalid_invitation(request, " ".join(_error_messages(error)), 410)
            if not user.is_authenticated:
                login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome. You can now keep the profile of %(name)s current.")
                % {"name": invitation.partner.name},
            )
            return redirect("portal:dashboard")
        status = 400
    else:
        if not existing:
            form = InvitationAcceptForm(
                initial={"full_name": invitation.full_name}, email=invitation.email
            )
        status = 200
    context = {"invitation": invitation, "form": form, "must_sign_in": False}
    return render(request, "partners/editor/join.html", context, status=status)


# --- Secretariat: revisions, statuses, actions ---------------------------------


@require_safe
@secretariat_required
def revision_list(request):
    page = Paginator(revision_queue(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partners/curation/revisions.html", {"page": page})


def _revision_or_404(pk) -> PartnerRevision:
    revision = (
        PartnerRevision.objects.select_related("partner", "created_by", "updated_by", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if revision is None:
        raise Http404
    return revision


def _revision_context(revision, *, show_all: bool = False) -> dict:
    """The comparison shows the changed fields; the unchanged ones on request
    (`?all=1`): a profile with 72 delegates would otherwise bury the change."""
    partner = revision.partner
    rows = revisions.diff(revisions.snapshot(partner), revision.proposed)
    changed = [row for row in rows if row["changed"]]
    return {
        "revision": revision,
        "partner": partner,
        "rows": rows if show_all else changed,
        "show_all": show_all,
        "unchanged_count": len(rows) - len(changed),
        "stale": revision.is_pending and revision.base_version != partner.profile_version,
        "private_claimed": revisions.private_contacts_claimed(partner, revision.proposed),
    }


@require_safe
@secretariat_required
def revision_detail(request, pk):
    revision = _revision_or_404(pk)
    form = RevisionDecisionForm(
        initial={
            "lock_version": revision.lock_version,
            "profile_version": revision.partner.profile_version,
        }
    )
    show_all = request.GET.get("all") == "1"
    context = {**_revision_context(revision, show_all=show_all), "form": form}
    return render(request, "partners/curation/revision_detail.html", context)


def _decide(request, pk, decide, success):
    revision = _revision_or_404(pk)

    def record(form):
        decide(
            revision=revision,
            reviewer=request.user,
            lock_version=form.cleaned_data["lock_version"],
            profile_version=form.cleaned_data["profile_version"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, success)
        return redirect("curation:revision_list")

    def page():
        # A refused decision shows the revision and the profile as they are now.
        revision.refresh_from_db()
        revision.partner.refresh_from_db()
        return _revision_context(revision)

    return handle_form(
        request,
        RevisionDecisionForm(request.POST),
        on_valid=record,
        template="partners/curation/revision_detail.html",
        context=page,
    )


@require_POST
@secretariat_required
@fresh_authentication_required
def revision_approve(request, pk):
    return _decide(
        request,
        pk,
        services.revision_approve,
        _("The revision is approved and the profile is public."),
    )


@require_POST
@secretariat_required
@fresh_authentication_required
def revision_reject(request, pk):
    return _decide(
        request,
        pk,
        services.revision_reject,
        _("The revision is rejected; the editors are told why."),
    )


@require_http_methods(["GET", "POST"])
@secretariat_required
@fresh_authentication_required
def partner_status(request, slug):
    """Any decision on the partnership (admission, renewal, change of status,
    suspension, its end, termination); it closes the partner's open review."""
    partner = get_object_or_404(Partner, slug=slug)
    return decision_page(
        request,
        partner=partner,
        case=partner.review_cases.filter(outcome="").first(),
        template="partners/curation/status.html",
        redirect_to=reverse("curation:partner_status", kwargs={"slug": partner.slug}),
    )


@require_safe
@secretariat_required
def action_moderation(request):
    actions = Action.objects.select_related("partner").order_by("-created_at", "-pk")
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partners/curation/actions.html", {"page": page})


@require_POST
@secretariat_required
def action_hide(request, pk):
    action = get_object_or_404(Action, pk=pk)
    hidden = request.POST.get("hidden") != "0"
    services.action_set_hidden(action=action, hidden=hidden)
    if hidden:
        messages.success(request, _("The action is hidden from the public."))
    else:
        messages.success(request, _("The action is public again."))
    return redirect("curation:action_list")

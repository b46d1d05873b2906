"""Writing one checked row: through the partners' services wherever a rule
lives there (every decision goes through partner_set_status or
partner_set_standing, so the status history, `status_since`, the standing and
the next review stay as consistent as when the Secretariat decides by hand).
"""

from auditlog.context import disable_auditlog

from partners import services
from partners.lifecycle import rules
from partners.models import Contact, Partner, Sector, Standing, StatusChange
from partners.search import refresh_search_vectors, search_text_for

STANDING_KINDS = {
    StatusChange.Kind.SUSPENSION: Standing.SUSPENDED,
    StatusChange.Kind.REINSTATEMENT: Standing.ACTIVE,
    StatusChange.Kind.TERMINATION: Standing.ENDED,
}


def write_partner(
    *,
    importer,
    target,
    partner: Partner | None,
    slug: str,
    kind: str,
    status: str | None,
    parsed: dict,
    updates: dict,
    sectors: list[int] | None,
    contact: dict | None,
    decisions: list,
) -> Partner:
    """Create or update one partner, then add its new decisions in date order.

    Side effects: saves the Partner (the search index and the public cache
    follow through its signals), sets its sectors, creates or updates one
    contact, records the decisions. A partner created by the import gets no
    audit-trail entries (its decisions record who imported them): five log
    entries per new partner were a third of a go-live import's time, and
    say nothing the file does not. Updates of existing partners are logged.
    """
    if partner is None and all(d.resolved_kind not in STANDING_KINDS for d in decisions):
        importer.new_partners.add(
            slug=slug,
            kind=kind,
            status=status,
            parsed=parsed,
            updates=updates,
            sectors=sectors,
            contact=contact,
            decisions=decisions,
        )
        return None
    if partner is None:
        with disable_auditlog():
            return _create_partner(
                importer=importer,
                slug=slug,
                kind=kind,
                status=status,
                parsed=parsed,
                updates=updates,
                sectors=sectors,
                contact=contact,
                decisions=decisions,
            )
    if updates:
        for name, value in updates.items():
            setattr(partner, name, value)
        partner.save(update_fields=[*updates, "updated_at"])
        services.partner_bump_profile_version(partner=partner)
    if sectors is not None:
        partner.sectors.set(sectors)
    _finish(importer, partner, updates, contact, decisions)
    return partner


def _create_partner(*, importer, slug, kind, status, parsed, updates, sectors, contact, decisions):
    first = decisions[0] if decisions else None
    since = first.decided_on if first else updates["since"]
    fields = {name: value for name, value in updates.items() if name != "since"}
    partner = Partner(
        slug=slug,
        kind=kind,
        status=first.status if first else status,
        since=since,
        status_since=since,
        **fields,
    )
    if not decisions:
        # No history given: the partner as the file describes it, with the
        # dates the Directives give when the decision is recorded by hand.
        partner.standing = parsed.get("standing") or Standing.ACTIVE
        partner.next_review_date = fields.get("next_review_date") or rules.period_end(status, since)
        partner.next_report_due = rules.report_due_after(since)
        if partner.decision_reference:
            partner.admission_decision_date = since
    partner.save()
    if sectors:
        partner.sectors.add(*sectors)
    _finish(importer, partner, updates, contact, decisions)
    return partner


def _finish(importer, partner, updates, contact, decisions) -> None:
    if contact:
        _write_contact(partner, contact)
    if decisions:
        write_decisions(importer=importer, partner=partner, decisions=decisions)
        # The decisions set the next review from the Directives; a date the
        # file gives explicitly wins.
        if updates.get("next_review_date"):
            Partner.objects.filter(pk=partner.pk).update(
                next_review_date=updates["next_review_date"]
            )


def _write_contact(partner: Partner, contact: dict) -> None:
    if contact["pk"] is None:
        Contact.objects.create(
            partner=partner,
            name=contact["name"][:200],
            email=contact["email"],
            is_public=contact["public"],
        )
        return
    Contact.objects.filter(pk=contact["pk"]).update(
        name=contact["name"][:200], is_public=contact["public"]
    )


def write_decisions(*, importer, partner: Partner, decisions: list) -> None:
    """Record `decisions` (already checked, oldest first) on `partner`.

    Side effects: one StatusChange each, and the partner's status, standing,
    dates and next review as the services set them.
    """
    for decision in decisions:
        if decision.resolved_kind in STANDING_KINDS:
            change = services.partner_set_standing(
                partner=partner,
                standing=STANDING_KINDS[decision.resolved_kind],
                decided_on=decision.decided_on,
                reference=decision.reference,
                note=decision.note,
                changed_by=importer.user,
                decided_by=decision.decided_by,
            )
            if decision.board_session:
                StatusChange.objects.filter(pk=change.pk).update(
                    executive_board_session=decision.board_session
                )
            continue
        services.partner_set_status(
            partner=partner,
            status=decision.status,
            decided_on=decision.decided_on,
            reference=decision.reference,
            executive_board_session=decision.board_session,
            note=decision.note,
            changed_by=importer.user,
            decided_by=decision.decided_by,
            admission=decision.resolved_kind == StatusChange.Kind.ADMISSION,
        )


class NewPartners:
    """New partners whose history holds only status decisions (the go-live
    case: each with its admission), saved in bulk once per chunk.

    Saving them one by one through partner_set_status cost a dozen queries
    each; here a chunk costs five (partners, sectors, contacts, decisions,
    search vectors). The decisions' effects are the service's own rules
    (services.status_decision), applied in memory in date order; the search
    text is computed before the insert. bulk_create sends no signals: the
    import bumps the public cache once at the end, and new partners get no
    audit-trail entries in either path.
    """

    def __init__(self, importer):
        self.importer = importer
        self.pending: list[tuple] = []
        self.sectors = {sector.pk: sector for sector in Sector.objects.all()}

    def add(self, *, slug, kind, status, parsed, updates, sectors, contact, decisions) -> None:
        first = decisions[0] if decisions else None
        since = first.decided_on if first else updates["since"]
        fields = {name: value for name, value in updates.items() if name != "since"}
        partner = Partner(
            slug=slug,
            kind=kind,
            status=first.status if first else status,
            since=since,
            status_since=since,
            **fields,
        )
        changes = []
        if decisions:
            for decision in decisions:
                changes.append(
                    services.status_decision(
                        partner=partner,
                        status=decision.status,
                        decided_on=decision.decided_on,
                        reference=decision.reference,
                        executive_board_session=decision.board_session,
                        note=decision.note,
                        changed_by=self.importer.user,
                        decided_by=decision.decided_by,
                        admission=decision.resolved_kind == StatusChange.Kind.ADMISSION,
                    )
                )
            if fields.get("next_review_date"):
                partner.next_review_date = fields["next_review_date"]
        else:
            partner.standing = parsed.get("standing") or Standing.ACTIVE
            partner.next_review_date = fields.get("next_review_date") or rules.period_end(
                status, since
            )
            partner.next_report_due = rules.report_due_after(since)
            if partner.decision_reference:
                partner.admission_decision_date = since
        sector_ids = sectors or []
        partner.search_text = search_text_for(
            partner, sectors=[self.sectors[pk] for pk in sector_ids]
        )
        self.pending.append((partner, sector_ids, contact, changes))

    def flush(self) -> None:
        if not self.pending:
            return
        partners = Partner.objects.bulk_create([partner for partner, *_rest in self.pending])
        through = Partner.sectors.through
        through.objects.bulk_create(
            [
                through(partner_id=partner.pk, sector_id=sector_id)
                for partner, sector_ids, _contact, _changes in self.pending
                for sector_id in sector_ids
            ]
        )
        Contact.objects.bulk_create(
            [
                Contact(
                    partner=partner,
                    name=contact["name"][:200],
                    email=contact["email"],
                    is_public=contact["public"],
                )
                for partner, _sectors, contact, _changes in self.pending
                if contact
            ]
        )
        StatusChange.objects.bulk_create(
            [change for _partner, _sectors, _contact, changes in self.pending for change in changes]
        )
        refresh_search_vectors(Partner.objects.filter(pk__in=[partner.pk for partner in partners]))
        self.pending = []

"""The Secretariat sets up an election here: its session, rules, calendar and tellers.

Candidatures are validated, the roll closed and the count made through the
election's pages, where the rules are checked. Ballots and the records of
having voted have no admin: the admin's own history would write who opened
which row, and nobody needs to read them one by one.
"""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from forums.models import CommitteeSeat, Election
from foundation.languages import localized_field_names


@admin.register(Election)
class ElectionAdmin(TranslationAdmin):
    list_display = ["title", "event", "voting_opens", "roll_closed_at", "counted_at"]
    search_fields = [*localized_field_names("title"), "slug"]
    filter_horizontal = ["tellers"]
    readonly_fields = [
        "roll_closed_at",
        "counted_at",
        "counted_from_paper",
        "paper_ballots_cast",
        "term",
    ]


@admin.register(CommitteeSeat)
class CommitteeSeatAdmin(admin.ModelAdmin):
    """Seats of terms elected before the portal (typed from the minutes)."""

    list_display = ["term", "kind", "partner", "person_name"]
    list_filter = ["term", "kind"]
    autocomplete_fields = ["partner"]
    readonly_fields = ["candidature"]

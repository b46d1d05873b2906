"""The hearings' filters, shared by the public page /<lang>/dialogue/ and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from dialogue.models import PUBLIC_STATES, State


class HearingFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[(value, State(value).label) for value in PUBLIC_STATES],
        empty_label=_("All hearings"),
    )

    class Meta:
        fields = ["state"]

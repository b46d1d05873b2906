from django.contrib.auth.decorators import login_required
from django.shortcuts import render

import dialogue.dashboard
import forums.dashboard
import foundation.accounts.dashboard
import newsletter.dashboard
import partners.dashboard
import partners.lifecycle.dashboard

# Each app contributes the panels it owns; the order is the page's order.
PANEL_PROVIDERS = [
    foundation.accounts.dashboard.panels,
    partners.dashboard.panels,
    partners.lifecycle.dashboard.panels,
    dialogue.dashboard.panels,
    forums.dashboard.panels,
    newsletter.dashboard.panels,
]


@login_required
def dashboard_view(request):
    panels = [panel for provider in PANEL_PROVIDERS for panel in provider(request)]
    return render(request, "portal/dashboard.html", {"panels": panels})

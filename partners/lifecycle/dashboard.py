"""Dashboard panels of the application for partnership: the applicant's request,
and the examination queue for the Secretariat and the sector focal points."""

from foundation.roles import focal_point_sector_ids
from partners.lifecycle import selectors
from partners.permissions import can_examine_applications

PANEL_ITEMS = 5


def panels(request) -> list[dict]:
    user = request.user
    result = []
    own = selectors.application_open_for(user)
    if own is not None:
        result.append(
            {
                "template": "partners/lifecycle/panels/applicant.html",
                "context": {"application": own},
            }
        )
    if can_examine_applications(user) or focal_point_sector_ids(user):
        queue = selectors.examination_queue(user=user)
        result.append(
            {
                "template": "partners/lifecycle/panels/queue.html",
                "context": {
                    "applications": list(queue[:PANEL_ITEMS]),
                    "count": queue.count(),
                    "examiner": can_examine_applications(user),
                },
            }
        )
    return result

"""Who may do what with the newsletter. Views, admin and tasks ask here."""

from foundation.accounts.permissions import can_act_as_secretariat
from newsletter.models import Issue, Mailing


def can_manage_newsletter(user) -> bool:
    """Build, edit, preview, approve and follow issues: the Secretariat, with two-factor."""
    return can_act_as_secretariat(user)


def can_read_issue(user, issue: Issue) -> bool:
    """Anyone reads an approved issue in the archive; drafts only through the preview."""
    return issue.is_public


def can_edit_issue(user, issue: Issue) -> bool:
    return can_manage_newsletter(user) and issue.status == Issue.Status.DRAFT


def can_read_mailing(user, mailing: Mailing) -> bool:
    """A public mailing, once approved, is in the archive; the others are only mailed."""
    return mailing.is_public

"""Messages of Django itself that its catalogues leave untranslated.

Django 6.1's empty choice of a select ("- Select an option -") has no Spanish
translation in Django's own catalogue, so a Spanish form showed it in English.
Listing it here puts it in the portal's catalogue (locale/, which takes
precedence over Django's). Never imported: makemessages reads it.
"""

from django.utils.translation import gettext_noop

MESSAGES = (gettext_noop("- Select an option -"),)

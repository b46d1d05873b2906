"""`{{ value|single_line }}`: a value on one line, for the subject line of an
email template (the first line of the rendered text is the subject, so a line
break inside a value would push the rest of it into the body)."""

from django import template

from foundation.validators import single_line as _single_line

register = template.Library()


@register.filter
def single_line(value) -> str:
    return _single_line(value)

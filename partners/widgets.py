import functools

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


@functools.lru_cache(maxsize=64)
def _options(choices: tuple) -> tuple[tuple[str, str, str], ...]:
    """(value, option, selected option) for each choice, escaped once.

    The key is the choices themselves (labels in the active language), so a
    language or a list that changes gets options of its own."""
    return tuple(
        (
            str(value),
            format_html('<option value="{}">{}</option>', value, label),
            format_html('<option value="{}" selected>{}</option>', value, label),
        )
        for value, label in choices
    )


class PlainSelect(forms.Select):
    """A <select> rendered in Python rather than one template per option.

    The country filters have about 250 options each: rendered through the
    template engine they cost more than the rest of the directory page
    together.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = "" if value is None else str(value)
        if isinstance(self.choices, ModelChoiceIterator):
            # Rows of a table (a few thousand partners): read once, in one
            # query, and never kept, since they change with the data.
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (option_value, " selected" if str(option_value) == selected else "", label)
                    for option_value, label in self.choices
                ),
            )
        else:
            # Two selects of ~250 countries on every uncached directory page:
            # each option is escaped once per language, not once per request.
            options = mark_safe(  # noqa: S308 - each option was built by format_html
                "".join(
                    chosen if option_value == selected else plain
                    for option_value, plain, chosen in _options(tuple(self.choices))
                )
            )
        # Boolean attributes (required, disabled) are written bare or left out:
        # HTML allows no other value, so `required="True"` would be invalid.
        attributes = format_html_join(
            " ",
            "{}{}",
            (
                (key, "" if value is True else format_html('="{}"', value))
                for key, value in sorted(attrs.items())
                if value is not False and value is not None
            ),
        )
        return format_html('<select name="{}" {}>{}</select>', name, attributes, options)

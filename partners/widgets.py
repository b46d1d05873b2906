from django import forms
from django.utils.html import format_html, format_html_join


class PlainSelect(forms.Select):
    """A <select> rendered in Python rather than one template per option.

    The country filter has about 250 options: rendered through the template
    engine they cost more than the rest of the directory page together.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option_value, " selected" if str(option_value) == selected else "", label)
                for option_value, label in self.choices
            ),
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

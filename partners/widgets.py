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
        attributes = format_html_join(" ", '{}="{}"', sorted(attrs.items()))
        return format_html('<select name="{}" {}>{}</select>', name, attributes, options)

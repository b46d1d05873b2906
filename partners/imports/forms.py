from django import forms
from django.utils.translation import gettext_lazy as _

from partners.imports.reader import FileRefused, open_source


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Partners file"),
        help_text=_("CSV (UTF-8) or Excel workbook (XLSX); a workbook may hold a Decisions sheet."),
    )
    decisions = forms.FileField(
        label=_("Decisions file"),
        required=False,
        help_text=_("Only with a CSV partners file: the history of decisions, as a second CSV."),
    )

    def _source(self, name):
        upload = self.cleaned_data.get(name)
        if not upload:
            return None
        try:
            return open_source(upload, name=upload.name)
        except FileRefused as refusal:
            raise forms.ValidationError(str(refusal.message), code="refused") from None

    def clean_file(self):
        self.source = self._source("file")
        return self.cleaned_data["file"]

    def clean_decisions(self):
        self.decisions_source = self._source("decisions")
        return self.cleaned_data["decisions"]


class ConfirmForm(forms.Form):
    ALL = "all"
    VALID_ONLY = "valid-only"

    token = forms.CharField(widget=forms.HiddenInput, max_length=2000)
    mode = forms.ChoiceField(
        label=_("What to import"),
        choices=[
            (ALL, _("Everything, or nothing if any row has a problem")),
            (VALID_ONLY, _("Only the rows without problems; the others are listed")),
        ],
        initial=ALL,
        widget=forms.RadioSelect,
    )

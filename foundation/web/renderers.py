from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """The portal's form markup (settings.FORM_RENDERER).

    `{{ form }}` renders the error summary, then each field through the one
    field template: label, help text and error list, each with the id that
    the input's `aria-describedby` names (Django builds that attribute from
    `<id>_helptext` and `<id>_error`, so the template must render both ids).
    """

    form_template_name = "foundation/forms/form.html"
    field_template_name = "foundation/forms/field.html"

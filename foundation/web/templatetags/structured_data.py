"""{% load structured_data %} {{ json_ld|json_ld_script }}: a schema.org block
(foundation/structured_data.py)."""

from django import template

from foundation.structured_data import json_ld_script

register = template.Library()

register.filter("json_ld_script", json_ld_script, is_safe=True)

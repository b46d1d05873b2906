"""schema.org structured data (JSON-LD) embedded in public pages.

Search engines read a ``<script type="application/ld+json">`` block. It is a
data block, not a script: the browser never runs it, so the content security
policy (``script-src 'self'``) has nothing to refuse and no nonce is needed.

What goes inside is partner-supplied text (names, missions, venues). A name
like ``</script><script>…`` must not close the block: ``<``, ``>`` and ``&``
are written as JSON escapes (``\\u003C``…), as Django's ``json_script`` does,
which every JSON parser reads back as the same characters.
"""

from __future__ import annotations

import json

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _without_empty(value):
    """The same structure without empty values: schema.org validators warn
    on an empty string where a value is expected."""
    if isinstance(value, dict):
        cleaned = {key: _without_empty(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in ("", None, [], {})}
    if isinstance(value, list):
        cleaned = [_without_empty(item) for item in value]
        return [item for item in cleaned if item not in ("", None, [], {})]
    return value


def json_ld_script(data: dict | None) -> SafeString:
    """``<script type="application/ld+json">`` holding ``data``, or nothing."""
    if not data:
        return mark_safe("")  # noqa: S308 -- a constant empty string
    text = json.dumps(
        _without_empty(data), ensure_ascii=False, separators=(",", ":"), default=str
    ).translate(_ESCAPES)
    # format_html would escape the quotes of the JSON; the text is safe once
    # <, > and & are escaped (nothing else can end a script data block).
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308

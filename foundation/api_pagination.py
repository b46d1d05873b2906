"""The API's two ways of paging, documented in docs/api.md.

Page numbers (``?page=N``, with ``count``) stay on the lists that had them in
v1.0 (partners, forums, working groups): clients build those URLs, and the
directory's relevance and collation orders cannot be written as a cursor.
The lists added since (hearings, newsletters) and any long list added later
page with an opaque ``cursor``: each page costs the same however deep it is,
and a row added meanwhile neither repeats nor hides a row on the next page.
An unknown page or cursor answers 404 ``{"detail": ...}`` (foundation/api_schema.py).
"""

import re

from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination, PageNumberPagination

PAGE_SIZE = 25


class PortalPageNumberPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    # The schema says `page` is an integer: DRF also took "" and "last" as pages.
    last_page_strings = ()

    def get_page_number(self, request, paginator):
        value = request.query_params.get(self.page_query_param)
        if value is None:
            return 1
        if not re.fullmatch(r"[0-9]{1,9}", value):
            raise NotFound(self.invalid_page_message.format(page_number=value[:20], message=""))
        return value


class PortalCursorPagination(CursorPagination):
    page_size = PAGE_SIZE
    # Each view sets its own unique, never-null ordering.
    ordering = "-pk"

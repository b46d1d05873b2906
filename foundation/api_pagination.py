"""The API's ways of paging, documented in docs/api.md.

Page numbers (``?page=N``, with ``count``) stay on the lists that had them in
v1.0 (partners, forums, working groups): clients build those URLs, and the
directory's relevance and collation orders cannot be written as a cursor.
The lists added since (hearings, newsletters, a working group's documents) and
any long list added later page with an opaque ``cursor``: each page costs the
same however deep it is, and a row added meanwhile neither repeats nor hides a
row on the next page. The partners list offers both (``PageOrCursorPagination``).
An unknown page or cursor answers 404 ``{"detail": ...}`` (foundation/api_schema.py).
"""

import base64
import binascii
import re
from hashlib import sha256
from urllib import parse

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import (
    Cursor,
    CursorPagination,
    PageNumberPagination,
    _positive_int,
)
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

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
    """A cursor that names the list and the order it was made for.

    DRF's cursor carries the last row's value of the ordering field and
    compares it as is: a cursor from another list (a slug where an id is
    expected) or a made-up position reached the database and answered 500.
    Each cursor here carries a tag of its model and ordering, and its position
    must be a value of the ordering field; anything else is a 404
    ``Invalid cursor``.
    """

    page_size = PAGE_SIZE
    # Each view sets its own unique, never-null ordering.
    ordering = "-pk"

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def _tag(self) -> str:
        # `self.ordering` is set by paginate_queryset before any cursor is read.
        ordering = ",".join(self.ordering)
        return sha256(f"{self._model._meta.label_lower}:{ordering}".encode()).hexdigest()[:8]

    def encode_cursor(self, cursor):
        tokens = {"k": self._tag()}
        if cursor.offset != 0:
            tokens["o"] = str(cursor.offset)
        if cursor.reverse:
            tokens["r"] = "1"
        if cursor.position is not None:
            tokens["p"] = cursor.position
        encoded = base64.urlsafe_b64encode(parse.urlencode(tokens).encode()).decode("ascii")
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        invalid = NotFound(self.invalid_cursor_message)
        try:
            querystring = base64.urlsafe_b64decode(encoded.encode("ascii")).decode("ascii")
            tokens = parse.parse_qs(querystring, keep_blank_values=True, strict_parsing=True)
            offset = _positive_int(tokens.get("o", ["0"])[0], cutoff=self.offset_cutoff)
            reverse = tokens.get("r", ["0"])[0] == "1"
            position = tokens.get("p", [None])[0]
        except (TypeError, ValueError, binascii.Error):
            raise invalid from None
        if tokens.get("k", [""])[0] != self._tag():
            raise invalid
        if position is not None:
            self._check_position(position, invalid)
        return Cursor(offset=offset, reverse=reverse, position=position)

    def _check_position(self, position: str, invalid: Exception) -> None:
        # PostgreSQL refuses NUL in text, and a value of the wrong type fails
        # in the database: both must stop here.
        if "\x00" in position:
            raise invalid
        name = self.ordering[0].lstrip("-")
        try:
            field = self._model._meta.get_field("id" if name == "pk" else name)
            field.to_python(position)
        except (FieldDoesNotExist, DjangoValidationError, ValueError, TypeError):
            raise invalid from None


class PageOrCursorPagination(PortalPageNumberPagination):
    """Page numbers as in v1.0, or, on request, a cursor over a stable order.

    ``?paging=cursor`` (or any ``cursor``) pages with a cursor over
    ``cursor_ordering`` (unique, never null) instead of the list's own order,
    which may be a search's relevance; the answer keeps the page-number shape,
    ``count`` included, so that v1.0 clients and generated models read both.
    """

    paging_query_param = "paging"
    cursor_query_param = "cursor"
    cursor_ordering = ("slug",)

    def _wants_cursor(self, request) -> bool:
        value = request.query_params.get(self.paging_query_param, "page")
        if value not in ("page", "cursor"):
            raise ValidationError({self.paging_query_param: [_('Choose "page" or "cursor".')]})
        return value == "cursor" or self.cursor_query_param in request.query_params

    def paginate_queryset(self, queryset, request, view=None):
        self.cursor_paginator = None
        if not self._wants_cursor(request):
            return super().paginate_queryset(queryset, request, view)
        self.cursor_paginator = PortalCursorPagination()
        self.cursor_paginator.ordering = self.cursor_ordering
        self.cursor_paginator.cursor_query_param = self.cursor_query_param
        page = self.cursor_paginator.paginate_queryset(queryset, request, view)
        self.cursor_count = queryset.count()
        return page

    def get_paginated_response(self, data):
        if self.cursor_paginator is None:
            return super().get_paginated_response(data)
        return Response(
            {
                "count": self.cursor_count,
                "next": self.cursor_paginator.get_next_link(),
                "previous": self.cursor_paginator.get_previous_link(),
                "results": data,
            }
        )

    def get_schema_operation_parameters(self, view):
        ordering = ", ".join(self.cursor_ordering)
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number (from 1), when paging by page numbers.",
                "schema": {"type": "integer"},
            },
            {
                "name": self.paging_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "`page` (the default): page numbers in the list's own order. "
                    f"`cursor`: cursor paging ordered by {ordering}, whatever `q` and `sort` "
                    "say (they still filter); follow `next`."
                ),
                "schema": {"type": "string", "enum": ["page", "cursor"], "default": "page"},
            },
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "An opaque cursor from `next` or `previous`; implies `paging=cursor`."
                ),
                "schema": {"type": "string"},
            },
        ]

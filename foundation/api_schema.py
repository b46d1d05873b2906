"""The API's OpenAPI schema tells every answer an operation can give.

drf-spectacular documents the 200 answer it infers from the serializer and
nothing else, so a client generated from the schema met 304, 400, 404 and 429
answers it had never heard of (and crashed on them). ``PortalAutoSchema`` adds,
to every read operation, the answers the shared machinery gives whatever the
view: ``304`` to a conditional request (foundation/api_http.py and
foundation/public_cache.py), ``404`` (an unknown object, or a page or cursor
that does not exist), ``406`` (an ``Accept`` header no renderer satisfies),
``429`` (the throttle, foundation/api_throttle.py), and ``400`` on the
operations that filter. The bodies are the two shapes DRF
writes: ``{"detail": "..."}`` and ``{"field": ["message", ...]}``.
"""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """An error about the request as a whole, in the request's language."""

    detail = serializers.CharField()


# A named component, so that generated clients get one class for it.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Each refused query parameter with the reasons, in the request's language.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}

VALIDATOR_HEADERS = [
    OpenApiParameter(
        "ETag",
        str,
        OpenApiParameter.HEADER,
        response=[200],
        description="Validator of this representation; send it back in If-None-Match.",
    ),
    OpenApiParameter(
        "Last-Modified",
        str,
        OpenApiParameter.HEADER,
        response=[200],
        description="When the data behind the answer last changed (anonymous answers).",
    ),
]
CONDITIONAL_REQUEST_HEADERS = [
    OpenApiParameter(
        "If-None-Match",
        str,
        OpenApiParameter.HEADER,
        description="An ETag from an earlier answer: 304 with no body while it still matches.",
    ),
]


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ErrorSerializer, description=description)


# JSON Schema's "time" format wants an offset ("09:00:00Z"); DRF writes the
# wall-clock time of the event's own time zone ("09:00:00"), so a validator
# refused every programme: the schema says what the API writes.
TIME_SCHEMA = {
    "type": "string",
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$",
    "example": "09:30:00",
    "description": "Local time of day (HH:MM:SS), in the time zone of the event.",
}


class PortalAutoSchema(AutoSchema):
    def get_auth(self):
        # Anonymous and public: drf-spectacular wrote `security: [{}]`, which
        # generated clients read as "needs credentials".
        return []

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if isinstance(field, serializers.TimeField):
            return dict(TIME_SCHEMA)
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method == "GET":
            parameters += CONDITIONAL_REQUEST_HEADERS + VALIDATOR_HEADERS
        return parameters

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        filters = filterset_class.base_filters if filterset_class else {}
        for parameter in parameters:
            choice_filter = filters.get(parameter.get("name"))
            max_length = getattr(choice_filter, "extra", {}).get("max_length")
            if max_length:
                parameter["schema"]["maxLength"] = max_length
            if not isinstance(choice_filter, django_filters.ChoiceFilter):
                continue
            choices = choice_filter.extra.get("choices", ())
            if callable(choices):  # the countries, named in the active language
                choices = choices()
            # The empty value is the HTML form's "all": no filter.
            parameter["schema"]["enum"] = ["", *sorted(str(value) for value, _ in choices)]
        return parameters

    def _reads_query_parameters(self) -> bool:
        # A refused page or cursor is a 404 (foundation/api_pagination.py); a
        # refused filter value is a 400.
        if self._is_list_view() and self.get_filter_backends():
            return True
        return any(
            isinstance(p, OpenApiParameter) and p.location == OpenApiParameter.QUERY
            for p in super().get_override_parameters()
        )

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method != "GET":
            return responses
        extra = {
            "304": OpenApiResponse(
                description="Not modified: the If-None-Match validator still matches."
            ),
            "404": _error("No such object, page or cursor."),
            "406": _error("No representation matches the Accept header (the API answers JSON)."),
            "429": _error("Too many requests from this client; retry after Retry-After seconds."),
        }
        if self._reads_query_parameters():
            component = ResolvedComponent(
                name="ValidationError",
                type=ResolvedComponent.SCHEMA,
                schema=VALIDATION_ERROR_SCHEMA,
                object="ValidationError",
            )
            self.registry.register_on_missing(component)
            extra["400"] = OpenApiResponse(
                response=component.ref,
                description="A query parameter has a value the API does not accept.",
            )
        for code, response in extra.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return dict(sorted(responses.items()))


class FilterSetInSchema(DjangoFilterBackend):
    """Documents a view's ``filterset_class`` in the schema (drf-spectacular reads
    DjangoFilterBackend) and filters nothing itself: the view applies the filter
    set through the selector the HTML page uses, with its order and its errors
    as 400."""

    def filter_queryset(self, request, queryset, view):
        return queryset

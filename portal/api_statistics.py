"""The statistics page's tables in the read-only API, labels in the request's
language (``Accept-Language``), with the value codes where a row has one."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from portal.statistics import statistics_tables

# The tables of portal/statistics.py, in the page's order; a new table is an
# additive change of v1 (docs/api.md) and gets its line here.
TABLE_SLUGS = (
    "status",
    "standing",
    "region",
    "sector",
    "decisions",
    "countries",
    "events",
    "hearings",
)


@extend_schema_field(
    {
        "type": "array",
        "items": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        "description": "One row: a label, then counts (a year is a number).",
    }
)
class RowField(serializers.ListField):
    pass


class StatisticsTableSerializer(serializers.Serializer):
    title = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=RowField())
    codes = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Each row's value code (status, region, sector, country, event slug), "
        "for the tables whose rows have one.",
    )


StatisticsSerializer = type(
    "StatisticsSerializer",
    (serializers.Serializer,),
    {slug: StatisticsTableSerializer() for slug in TABLE_SLUGS},
)


@extend_schema(responses={200: StatisticsSerializer}, summary="The partnership in figures")
@api_view(["GET"])
def statistics(request):
    tables = statistics_tables()
    return Response(
        {
            table.slug: {
                "title": table.title,
                "columns": table.columns,
                "rows": table.rows,
                **({"codes": table.codes} if table.codes else {}),
            }
            for table in tables
        }
    )

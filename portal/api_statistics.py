"""The statistics page's tables in the read-only API, labels in the request's
language (``Accept-Language``), with the value codes where a row has one."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.response import Response

from portal.statistics import statistics_tables


@extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="The partnership in figures")
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

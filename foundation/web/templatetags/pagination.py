from django import template

register = template.Library()


@register.inclusion_tag("foundation/pagination.html", takes_context=True)
def pagination(context, page, previous_label="", next_label=""):
    """Links to the neighbouring pages of `page`, keeping the rest of the query
    string (filters, search) so that paging never drops what the user chose."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else None
    if query is not None:
        query.pop("page", None)
    return {
        "page": page,
        "query": query.urlencode() if query else "",
        "previous_label": previous_label,
        "next_label": next_label,
    }

"""Full-text search over partners.

On PostgreSQL each partner carries one tsvector per configured language
(search_<code>), built from its name, acronym and mission in that language
and the names of its sectors in every language (so that "éducation" finds
the education NGOs whose mission never says the word), with `unaccent`
applied, and GIN-indexed. A query is unaccented
the same way and parsed with the language's stemming configuration, so
"éducation", "Education" and "education" find the same partners.
On SQLite a lowercase, accent-free text column is matched with LIKE.
"""

import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Coalesce, NullIf

from foundation.languages import (
    fallback_languages,
    is_language,
    language_codes,
    localized_field_names,
    search_config,
)
from partners.models import Partner

MAX_QUERY_LENGTH = 200


def normalize(text: str) -> str:
    """Lowercase, strip accents and control characters (NUL included)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    kept = (
        char
        for char in decomposed
        if not unicodedata.combining(char) and unicodedata.category(char)[0] != "C"
    )
    return " ".join("".join(kept).lower().split())


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def _unaccent(expression):
    return Func(expression, function="unaccent", output_field=TextField())


def _localized(field: str, language: str):
    # The displayed value falls back (modeltranslation's order) when a
    # translation is missing; the indexed one must do the same.
    chain = [language, *(code for code in fallback_languages() if code != language)]
    return Coalesce(
        *(NullIf(F(f"{field}_{code}"), Value("")) for code in chain),
        Value(""),
        output_field=TextField(),
    )


def sector_names(sectors) -> list[str]:
    """The names of `sectors` in every configured language."""
    return [
        name
        for sector in sectors
        for name in (getattr(sector, f"name_{language}", "") for language in language_codes())
        if name
    ]


def search_text_for(partner, sectors=None) -> str:
    """The accent-free lowercase text that the SQLite fallback searches.

    `sectors` defaults to the saved partner's; an unsaved one has none.
    """
    if sectors is None:
        sectors = partner.sectors.all() if partner.pk else ()
    fields = [partner.acronym]
    for language in language_codes():
        fields.append(getattr(partner, f"name_{language}", "") or "")
        fields.append(getattr(partner, f"mission_{language}", "") or "")
    fields.extend(sector_names(sectors))
    return normalize(" ".join(fields))


def _sector_names_expression(partner_model):
    # One space-separated string of the partner's sector names in every
    # language, as a correlated subquery inside the UPDATE.
    links = partner_model.sectors.through.objects.filter(partner_id=OuterRef("pk"))
    names = [
        Coalesce(F(f"sector__name_{language}"), Value(""), output_field=TextField())
        for language in language_codes()
    ]
    joined = Func(Value(" "), *names, function="concat_ws", output_field=TextField())
    aggregated = links.values("partner_id").annotate(names=StringAgg(joined, delimiter=Value(" ")))
    return Coalesce(Subquery(aggregated.values("names")), Value(""), output_field=TextField())


# The partners whose search columns wait for the end of a bulk write.
_deferred: ContextVar[set | None] = ContextVar("partners_search_deferred", default=None)


@contextmanager
def refresh_deferred():
    """Within the block, refreshes are collected, and run once at its end.

    An import saves each partner several times (created, sectors set, each
    decision); rebuilding its search columns each time was most of the
    import's time. Nothing is refreshed if the block raises: its transaction
    is rolled back anyway.
    """
    pending: set = set()
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    if pending:
        refresh_search_documents(pending)


def refresh_search_documents(partner_ids) -> None:
    """Rebuild the search columns of the given partners.

    Side effects: one UPDATE per partner for search_text, then one UPDATE
    for all the per-language vectors on PostgreSQL.
    """
    pending = _deferred.get()
    if pending is not None:
        pending.update(partner_ids)
        return
    rebuild_search_documents(Partner, pk__in=list(partner_ids))


def rebuild_search_documents(partner_model=Partner, **filters) -> int:
    """Rebuild the search columns of the partners matching `filters` (all by default).

    Takes the model so that a data migration can pass its historical one.
    Side effects: one UPDATE per partner for search_text, then one UPDATE
    for all the per-language vectors on PostgreSQL. Returns the count.
    """
    partners = partner_model.objects.filter(**filters)
    known = {field.name for field in partner_model._meta.get_fields()}
    columns = [
        name
        for name in (*localized_field_names("name"), *localized_field_names("mission"))
        if name in known
    ]
    count = 0
    for partner in partners.only("pk", "acronym", *columns).prefetch_related("sectors"):
        partner_model.objects.filter(pk=partner.pk).update(search_text=search_text_for(partner))
        count += 1
    refresh_search_vectors(partners)
    return count


def refresh_search_vectors(partners) -> None:
    """Rebuild the PostgreSQL tsvectors of a queryset of partners in one UPDATE."""
    if not uses_postgres():
        return
    vectors = {}
    sectors = _sector_names_expression(partners.model)
    for language in language_codes():
        config = search_config(language)
        vectors[f"search_{language}"] = (
            SearchVector(_unaccent(F("acronym")), config="simple", weight="A")
            + SearchVector(_unaccent(_localized("name", language)), config=config, weight="A")
            + SearchVector(_unaccent(sectors), config=config, weight="B")
            + SearchVector(_unaccent(_localized("mission", language)), config=config, weight="B")
        )
    partners.update(**vectors)


def apply_search(queryset, query: str, language: str):
    """Filter and rank `queryset` by `query`; best match first on PostgreSQL."""
    cleaned = normalize(query)[:MAX_QUERY_LENGTH]
    if not cleaned:
        return queryset, False
    if not uses_postgres():
        for word in cleaned.split()[:10]:
            queryset = queryset.filter(search_text__contains=word)
        return queryset, False
    if not is_language(language):
        language = settings.LANGUAGE_CODE
    config = search_config(language)
    vector_field = f"search_{language}"
    # The acronym is indexed with the "simple" configuration, so the query is
    # matched against both the stemmed and the literal form.
    search_query = SearchQuery(cleaned, config=config, search_type="websearch") | SearchQuery(
        cleaned, config="simple", search_type="websearch"
    )
    ranked = (
        queryset.annotate(rank=SearchRank(F(vector_field), search_query))
        .filter(**{vector_field: search_query})
        .order_by("-rank", "name")
    )
    return ranked, True

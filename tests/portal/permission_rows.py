from tests.permission_matrix import Case, public, signed_in, wrong_method


def build(world: dict) -> None:
    # The open-data file exists once built (the tests' OPEN_DATA_ROOT is a
    # throw-away directory of the process).
    from portal.open_data.build import build_dump  # noqa: PLC0415 -- read at build time

    build_dump()


def _nothing_to_change(world: dict) -> bool:
    return True


CASES = [
    public("portal:home", "/en/"),
    public("healthz", "/healthz"),
    public("robots_txt", "/robots.txt"),
    public("sitemap", "/sitemap.xml"),
    signed_in("portal:dashboard", "/en/my/"),
    # The footer's pages: the same for everyone.
    public("portal:contact", "/en/about/contact/"),
    public("portal:privacy", "/fr/about/privacy/"),
    public("portal:terms", "/es/about/terms/"),
    public("portal:accessibility", "/en/about/accessibility/"),
    # The partnership in figures (issue 15): public, served from the shared
    # cache to visitors, rebuilt for each signed-in role.
    public("portal:statistics", "/en/statistics/"),
    public("portal:statistics", "/fr/statistics/?map=delegates"),
    public("portal:statistics_csv", "/en/statistics/status.csv"),
    public("portal:statistics_csv", "/es/statistics/events.csv"),
    Case("portal:statistics_csv", "/en/statistics/nothing.csv", expect={}, default=404),
    # The page only reads: a POST is 405 for everyone and writes nothing.
    wrong_method(
        "portal:statistics", "/en/statistics/", method="post", unchanged=_nothing_to_change
    ),
    public("api:statistics", "/api/v1/statistics/"),
    # Open data: the page in each language and the one file, the same for everyone.
    public("portal:open_data", "/en/open-data/"),
    public("portal:open_data", "/fr/open-data/"),
    public("portal:open_data", "/es/open-data/"),
    public("open_data_file", "/open-data/ngo-unesco-open-data.zip"),
    wrong_method("portal:open_data", "/en/open-data/", method="post", unchanged=_nothing_to_change),
    wrong_method(
        "open_data_file",
        "/open-data/ngo-unesco-open-data.zip",
        method="post",
        unchanged=_nothing_to_change,
    ),
]

from tests.permission_matrix import Case, public

PUBLISHED = "partner-a"


def build(world: dict) -> None:
    from tests.factories import PartnerFactory

    world["hidden_partner"] = PartnerFactory(
        name_en="Hidden", slug="hidden-partner", published=False
    )


CASES = [
    public("partners:directory", "/en/partners/"),
    public("partners:export_csv", "/en/partners/export.csv"),
    public("partners:export_xlsx", "/fr/partners/export.xlsx"),
    public("partners:detail", "/es/partners/partner-a/"),
    Case("partners:detail", "/en/partners/hidden-partner/", expect={}, default=404),
    public("api:partner-list", "/api/v1/partners/"),
    public("api:partner-detail", "/api/v1/partners/partner-a/"),
    Case("api:partner-detail", "/api/v1/partners/hidden-partner/", expect={}, default=404),
    public("api:schema", "/api/v1/schema/"),
]

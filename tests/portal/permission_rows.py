from tests.permission_matrix import ROLES, Case, public, signed_in


def build(world: dict) -> None:
    return None


CASES = [
    public("portal:home", "/en/"),
    public("healthz", "/healthz"),
    public("robots_txt", "/robots.txt"),
    public("sitemap", "/sitemap.xml"),
    signed_in("portal:dashboard", "/en/my/"),
    Case(
        "admin:index",
        "/admin/",
        expect=dict.fromkeys(ROLES, 302) | {"secretariat": 200},
    ),
    Case(
        "admin:partners_partner_changelist",
        "/admin/partners/partner/",
        expect=dict.fromkeys(ROLES, 302) | {"secretariat": 200},
    ),
]

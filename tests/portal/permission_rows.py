from tests.permission_matrix import public, signed_in


def build(world: dict) -> None:
    return None


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
]

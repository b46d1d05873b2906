from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from partners.selectors import partner_list_public


class StaticSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return [
            "portal:home",
            "partners:directory",
            "partnership:about",
            "portal:statistics",
            "portal:open_data",
        ]

    def location(self, item):
        return reverse(item)


class PartnerSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return partner_list_public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, partner):
        return partner.updated_at


SITEMAPS = {"static": StaticSitemap, "partners": PartnerSitemap}

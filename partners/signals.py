from django.db.models.signals import post_save
from django.dispatch import receiver

from partners.models import Partner
from partners.search import refresh_search_documents


# A signal rather than a service call: partners are saved by the admin,
# revision approval, imports and the seed command, and the search index
# must never lag behind any of them.
@receiver(post_save, sender=Partner, dispatch_uid="partners_refresh_search")
def refresh_partner_search(sender, instance, raw=False, **kwargs):
    if raw:
        return
    refresh_search_documents([instance.pk])

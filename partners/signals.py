from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from partners.models import Partner, Sector
from partners.search import rebuild_search_documents, refresh_search_documents


# A signal rather than a service call: partners are saved by the admin,
# revision approval, imports and the seed command, and the search index
# must never lag behind any of them.
@receiver(post_save, sender=Partner, dispatch_uid="partners_refresh_search")
def refresh_partner_search(sender, instance, raw=False, **kwargs):
    if raw:
        return
    refresh_search_documents([instance.pk])


# Sector names are searched too: a change of a partner's sectors, or of a
# sector's name, changes what finds the partner.
@receiver(m2m_changed, sender=Partner.sectors.through, dispatch_uid="partners_sectors_search")
def refresh_search_after_sectors_change(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        refresh_search_documents([instance.pk])
    elif pk_set:
        refresh_search_documents(pk_set)
    else:
        rebuild_search_documents(Partner, sectors=instance)


@receiver(post_save, sender=Sector, dispatch_uid="partners_sector_name_search")
def refresh_search_after_sector_save(sender, instance, created, raw=False, **kwargs):
    if raw or created:
        return
    rebuild_search_documents(Partner, sectors=instance)

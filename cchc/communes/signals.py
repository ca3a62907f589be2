"""Keep the host-name cache true when sites or communes change."""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Site

from cchc.communes.models import Commune
from cchc.communes.selectors import forget_hostnames


@receiver([post_save, post_delete], sender=Site)
@receiver([post_save, post_delete], sender=Commune)
def _forget_hosts(**kwargs) -> None:
    forget_hostnames()


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _admin_in_vietnamese(sender, instance, created: bool, **kwargs) -> None:
    # Without a stored preference Wagtail follows the browser's language; staff read Vietnamese.
    if created and not kwargs.get("raw"):
        from cchc.communes.services import admin_language_default_vietnamese

        admin_language_default_vietnamese(instance)

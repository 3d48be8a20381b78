from django.core.cache import cache
from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Site

from hetsite.core import content_version


@register_setting(icon="cog")
class SiteSettings(BaseGenericSetting):
    contact_email = models.EmailField(default="healthequitytown@luton.gov.uk")
    contact_phone = models.CharField(max_length=40, blank=True)
    footer_text = models.TextField(
        blank=True,
        default="Luton Health Equity Town is led by Luton Borough Council's public health "
        "team with partners across the town.",
    )

    panels = [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("footer_text")]

    CACHE_KEY = "hetsite:site-settings"
    CACHE_SECONDS = 60 * 60

    class Meta:
        verbose_name = "site settings"

    @classmethod
    def _get_or_create(cls):
        instance = cls.base_queryset().first()
        if instance is None:
            # Made with its defaults the first time anything reads it: nothing a visitor
            # sees changes, so no post_save and no new content version.
            (instance,) = cls.objects.bulk_create([cls()])
        return instance

    @classmethod
    def load(cls, request_or_site=None):
        """The settings for a page being served: from the shared cache, per content version.

        Every public page shows them in its footer. Saving them bumps the content
        version (``content_version.connect``), so a new version simply misses and no
        key is ever deleted. Without a request (the admin, scripts) they come from
        the database, as Wagtail does.
        """
        if request_or_site is None or isinstance(request_or_site, Site):
            return super().load(request_or_site)
        request = request_or_site
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        key = f"{cls.CACHE_KEY}:{content_version.current(request)}"
        instance = cache.get(key)
        if instance is None:
            instance = cls._get_or_create()
            cache.set(key, instance, cls.CACHE_SECONDS)
        setattr(request, attr_name, instance)
        return instance

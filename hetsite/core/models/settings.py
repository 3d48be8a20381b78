from django.core.cache import cache
from django.db import models, transaction

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


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

    CACHE_KEY = "hetsite:site-settings:v1"

    class Meta:
        verbose_name = "site settings"

    @classmethod
    def _get_or_create(cls):
        # Every public page shows these in its footer: keep them in the shared cache
        # (Wagtail only keeps them on the request) until they are next saved.
        instance = cache.get(cls.CACHE_KEY)
        if instance is None:
            instance = super()._get_or_create()
            cache.set(cls.CACHE_KEY, instance, 60 * 60)
        return instance

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.forget()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.forget()
        return result

    @classmethod
    def forget(cls):
        cache.delete(cls.CACHE_KEY)
        transaction.on_commit(lambda: cache.delete(cls.CACHE_KEY))

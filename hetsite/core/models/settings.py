from django.db import models

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

    class Meta:
        verbose_name = "site settings"

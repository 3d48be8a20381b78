from django.apps import AppConfig
from django.db.models.signals import post_save


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = "Places and indicators"

    def ready(self):
        from hetsite.core import content_version
        from hetsite.core.groups import register_editor_permissions
        from hetsite.core.models import MarmotPrinciple, Neighbourhood, Ward

        from . import areas
        from .figures import FIGURES_SCOPE
        from .models import Area, Indicator, IndicatorValue

        # Figures show on ward, neighbourhood and indicator pages and their charts. They
        # are read once per version of the figures (and of the names they show beside
        # them), not rebuilt every time a page is published.
        content_version.watch(Area, Indicator, IndicatorValue, scope=FIGURES_SCOPE)
        content_version.watch(Ward, Neighbourhood, MarmotPrinciple, scope=FIGURES_SCOPE)
        register_editor_permissions(
            "places",
            [
                f"{action}_{model}"
                for model in ("area", "indicator", "indicatorvalue")
                for action in ("add", "change", "delete", "view")
            ],
        )
        # Every ward and neighbourhood is an area figures can be published for.
        post_save.connect(areas.ward_saved, sender=Ward, dispatch_uid="places-ward-area")
        post_save.connect(
            areas.neighbourhood_saved, sender=Neighbourhood, dispatch_uid="places-nbhd-area"
        )

"""Wards and indicators with their figures (``places``), for ``api.endpoints``.

A figure's value (and its confidence interval) is a string, exactly as stored, so no
client reads a rounded float; ``unit`` says what it counts.
"""

from rest_framework import serializers

from django.core.exceptions import ObjectDoesNotExist

from wagtail.api.utils import get_full_url

from .fields import decimal_string


def source(indicator):
    return {"name": indicator.source_name, "url": indicator.source_url or None}


def figure(value):
    return {
        "period": value.period,
        "value": decimal_string(value.value),
        "lower_ci": decimal_string(value.lower_ci),
        "upper_ci": decimal_string(value.upper_ci),
        "comparison": value.comparison or None,
        "note": value.note or None,
    }


def item_url(serializer, slug):
    index_url = serializer.context.get("index_url")
    return f"{index_url}{slug}/" if index_url else None


def detail_url(serializer, slug):
    path = serializer.context["view"].detail_path(slug)
    return get_full_url(serializer.context["request"], path)


class WardSerializer(serializers.BaseSerializer):
    def to_representation(self, ward):
        try:
            values = ward.area.values.all()
        except ObjectDoesNotExist:
            values = []
        return {
            "name": ward.name,
            "slug": ward.slug,
            "meta": {
                "detail_url": detail_url(self, ward.slug),
                "html_url": item_url(self, ward.slug),
            },
            "neighbourhood": {"name": ward.neighbourhood.name, "slug": ward.neighbourhood.slug},
            "figures": [
                {
                    "indicator": {
                        "slug": value.indicator.slug,
                        "name": value.indicator.name,
                        "unit": value.indicator.unit,
                    },
                    **figure(value),
                    "source": source(value.indicator),
                }
                for value in values
            ],
        }


class IndicatorSerializer(serializers.BaseSerializer):
    def to_representation(self, indicator):
        principle = indicator.principle
        return {
            "name": indicator.name,
            "slug": indicator.slug,
            "meta": {
                "detail_url": detail_url(self, indicator.slug),
                "html_url": item_url(self, indicator.slug),
            },
            "group": indicator.group,
            "principle": (
                {"number": principle.number, "name": principle.name, "slug": principle.slug}
                if principle
                else None
            ),
            "in_table_4": indicator.in_table_4,
            "definition": indicator.definition,
            "unit": indicator.unit,
            "better": indicator.better,
            "frequency": indicator.frequency,
            "source": source(indicator),
            "report_reference": indicator.report_reference or None,
            "values": [
                {
                    "area": {
                        "name": value.area.name,
                        "slug": value.area.slug,
                        "kind": value.area.kind,
                    },
                    **figure(value),
                }
                for value in indicator.values.all()
            ],
        }

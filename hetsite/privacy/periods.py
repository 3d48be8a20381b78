"""Retention periods: read from ``settings.HETSITE_RETENTION`` and turned into cut-off times.

A period is written the way the privacy notice states it ("7 days", "6 months"), so the
setting is the one place both the purge and the notice take it from.
"""

import calendar
import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_PERIOD = re.compile(r"^\s*(\d+)\s+(day|week|month|year)s?\s*$")


def parse(text):
    """("6 months") → (6, "month"). Raises ImproperlyConfigured on anything else."""
    match = _PERIOD.match(str(text))
    if not match or int(match.group(1)) < 1:
        raise ImproperlyConfigured(
            f"HETSITE_RETENTION: {text!r} is not a period such as '7 days' or '6 months'."
        )
    return int(match.group(1)), match.group(2)


def _months_before(moment, months):
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def cutoff(text, now):
    """The moment before which data kept for the period ``text`` is due for removal."""
    number, unit = parse(text)
    if unit == "day":
        return now - timedelta(days=number)
    if unit == "week":
        return now - timedelta(weeks=number)
    return _months_before(now, number * 12 if unit == "year" else number)


def period(key):
    """The configured period for ``key`` (e.g. "unconfirmed_subscribers")."""
    try:
        return settings.HETSITE_RETENTION[key]
    except (AttributeError, KeyError) as exc:
        raise ImproperlyConfigured(f"HETSITE_RETENTION has no period for {key!r}.") from exc

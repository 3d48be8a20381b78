import datetime

import pytest


class Clock:
    """A settable ``django.utils.timezone.now`` (auto_now fields and log entries use it)."""

    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def set(self, now):
        self.now = now

    def advance(self, **delta):
        self.now += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(datetime.datetime(2025, 1, 15, 12, 0, tzinfo=datetime.UTC))
    monkeypatch.setattr("django.utils.timezone.now", clock)
    return clock

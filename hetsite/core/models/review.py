from django.db import models
from django.utils import timezone


class ReviewReminder(models.Model):
    """A weekly "content past its review date" email to the editors, one row per ISO week.

    The unique week is the claim: a second worker, or a worker restarted after sending,
    finds the row and sends nothing.
    """

    week = models.CharField(max_length=10, unique=True, help_text='The ISO week, e.g. "2026-W49".')
    sent_at = models.DateTimeField(default=timezone.now)
    overdue_count = models.PositiveIntegerField(default=0)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"Review reminder {self.week}"

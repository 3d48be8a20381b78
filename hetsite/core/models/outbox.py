"""The outbox: every email the site sends, and the task workers that send them.

See ``hetsite.core.outbox`` (queueing and sending emails) and ``hetsite.core.worker``
(heartbeats, recovery after a worker died, periodic tasks).
"""

from django.db import models
from django.utils import timezone


class OutgoingEmail(models.Model):
    """One email waiting to go, sent, or given up on.

    ``message`` holds the serialised message until it has been sent; then it is emptied
    (set-password links are credentials) and the row stays as the delivery log.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (no more automatic attempts)"

    kind = models.CharField(max_length=50, db_index=True)
    recipients = models.TextField(help_text="To, Cc and Bcc addresses.")
    subject = models.CharField(max_length=255, blank=True)
    message = models.JSONField(default=dict, blank=True, editable=False)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField("next attempt at", null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outgoing email"
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="core_outgoingemail_due"),
        ]

    def __str__(self):
        return f"{self.kind} to {self.recipients}"


class WorkerHeartbeat(models.Model):
    """A task worker (``manage.py run_worker``) that says it is alive every few seconds."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "task worker heartbeat"

    def __str__(self):
        return self.worker_id


class PeriodicTaskRun(models.Model):
    """When a periodic task (``HETSITE_PERIODIC_TASKS``) was last started, by which worker."""

    name = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_worker_id = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return self.name

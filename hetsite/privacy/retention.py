"""Retention: what ``purge_personal_data`` removes, and when.

Each kind of personal data is one ``Rule`` in ``RULES``: the ``HETSITE_RETENTION`` key
that holds its period, a sentence saying what happens, and two functions of the cut-off
time: ``count`` (what is due; changes nothing, used by ``--dry-run``) and ``apply`` (does
it; returns how many rows it changed). Every rule selects only rows that still need the
change, so a second run changes nothing. Add a data source with one more entry, e.g.

    function_rule("sent_emails", "Delete sent emails", lambda cutoff: Outbox.objects
                  .purge_sent_before(cutoff))
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from . import periods
from .addresses import address_hash

logger = logging.getLogger(__name__)

DEACTIVATE_ACTION = "projects.member.deactivate"
REACTIVATE_ACTION = "projects.member.reactivate"


@dataclass(frozen=True)
class Rule:
    key: str
    description: str
    count: Callable
    apply: Callable


def _deleted(queryset):
    """Delete ``queryset``; return how many of its own rows went (not cascades)."""
    _, per_model = queryset.delete()
    return per_model.get(queryset.model._meta.label, 0)


def delete_rule(key, description, queryset):
    """Delete the rows ``queryset(cutoff)`` selects."""
    return Rule(key, description, lambda c: queryset(c).count(), lambda c: _deleted(queryset(c)))


def update_rule(key, description, queryset, values):
    """Set ``values`` on the rows ``queryset(cutoff)`` selects (it must exclude done rows)."""
    return Rule(
        key, description, lambda c: queryset(c).count(), lambda c: queryset(c).update(**values)
    )


def function_rule(key, description, apply, count=None):
    """A data source with its own purge function; ``count`` is optional (None: unknown)."""
    return Rule(key, description, count or (lambda c: None), apply)


# --- Newsletter subscribers ------------------------------------------------------------


def _subscribers():
    return apps.get_model("newsletters", "Subscriber").objects


def unconfirmed_subscribers(cutoff):
    """Sign-ups never confirmed, whose last request is older than the cut-off."""
    return _subscribers().filter(state="pending", consent_given_at__lt=cutoff)


def unsubscribed_subscribers(cutoff):
    return _subscribers().filter(state="unsubscribed", unsubscribed_at__lt=cutoff)


def suppress_unsubscribed(cutoff):
    """Replace each old unsubscribed row with a hash of the address and the date."""
    SuppressedAddress = apps.get_model("privacy", "SuppressedAddress")
    done = 0
    for subscriber in unsubscribed_subscribers(cutoff).select_for_update():
        SuppressedAddress.objects.update_or_create(
            address_hash=address_hash(subscriber.email),
            defaults={"unsubscribed_at": subscriber.unsubscribed_at},
        )
        done += _deleted(_subscribers().filter(pk=subscriber.pk))
    return done


def on_subscriber_saved(sender, instance, **kwargs):
    """A confirmed subscription (a new consent) ends the address's suppression record."""
    if instance.state == "confirmed":
        apps.get_model("privacy", "SuppressedAddress").objects.filter(
            address_hash=address_hash(instance.email)
        ).delete()


def old_delivery_details(cutoff):
    """Finished deliveries older than the cut-off that still hold times or error text.

    The row itself (issue, subscriber, state) stays while the subscriber does: it is
    what stops an issue reaching the same person twice. It goes with the subscriber.
    """
    Delivery = apps.get_model("newsletters", "Delivery")
    return Delivery.objects.filter(
        created_at__lt=cutoff,
        state__in=["sent", "failed", "skipped", "interrupted"],
    ).filter(
        Q(sent_at__isnull=False)
        | Q(claimed_at__isnull=False)
        | Q(next_attempt_at__isnull=False)
        | ~Q(last_error="")
        | ~Q(claimed_by="")
    )


# --- Partner applications ----------------------------------------------------------------


def _applications():
    return apps.get_model("projects", "PartnerApplication").objects


def rejected_applications(cutoff):
    return _applications().filter(status="rejected", decided_at__lt=cutoff)


def delete_rejected_applications(cutoff):
    """Delete them, and the reasons given in their log entries (the decisions stay logged)."""
    queryset = rejected_applications(cutoff)
    ids = [str(pk) for pk in queryset.values_list("pk", flat=True)]
    apps.get_model("wagtailcore", "ModelLogEntry").objects.filter(
        content_type=ContentType.objects.get_for_model(queryset.model), object_id__in=ids
    ).update(data={})
    return _deleted(queryset)


def approved_application_contacts(cutoff):
    """Approved applications older than the cut-off that still name their contact."""
    return (
        _applications()
        .filter(status="approved", decided_at__lt=cutoff)
        .exclude(contact_name="", contact_email="", email_key="")
    )


# --- Partner member accounts -------------------------------------------------------------

ERASED_USERNAME_PREFIX = "erased-user-"


def deactivated_members(cutoff):
    """Accounts whose last activation change was a deactivation before the cut-off."""
    User = get_user_model()
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    last_change = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        action__in=[DEACTIVATE_ACTION, REACTIVATE_ACTION],
    ).order_by("-timestamp", "-pk")
    return (
        User.objects.filter(is_active=False, is_superuser=False)
        .exclude(username__startswith=ERASED_USERNAME_PREFIX)
        .annotate(
            last_action=Subquery(last_change.values("action")[:1]),
            last_action_at=Subquery(last_change.values("timestamp")[:1]),
        )
        .filter(last_action=DEACTIVATE_ACTION, last_action_at__lt=cutoff)
    )


def anonymise_deactivated_members(cutoff):
    from .people import anonymise_user

    done = 0
    for user in deactivated_members(cutoff):
        anonymise_user(user)
        done += 1
    return done


# --- Emails and sign-in attempts ----------------------------------------------------------


def _outbox():
    return apps.get_model("core", "OutgoingEmail").objects


def sent_emails(cutoff):
    return _outbox().filter(state="sent", sent_at__lt=cutoff)


def failed_emails(cutoff):
    return _outbox().filter(state="failed", created_at__lt=cutoff)


def sign_in_attempts(cutoff):
    """Failed sign-in records (account name, address, browser) older than the cut-off."""
    return apps.get_model("axes", "AccessAttempt").objects.filter(attempt_time__lt=cutoff)


# --- Background task records -------------------------------------------------------------


def finished_task_results(cutoff):
    """Finished task records (their arguments may include an email address)."""
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    return DBTaskResult.objects.filter(status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=cutoff)


RULES = [
    delete_rule(
        "unconfirmed_subscribers",
        "Delete newsletter sign-ups that were never confirmed",
        unconfirmed_subscribers,
    ),
    function_rule(
        "unsubscribed_subscribers",
        "Reduce unsubscribed addresses to a keyed hash and the unsubscribe date",
        suppress_unsubscribed,
        lambda cutoff: unsubscribed_subscribers(cutoff).count(),
    ),
    update_rule(
        "delivery_logs",
        "Clear times and error messages from newsletter delivery records",
        old_delivery_details,
        {
            "sent_at": None,
            "claimed_at": None,
            "next_attempt_at": None,
            "last_error": "",
            "claimed_by": "",
        },
    ),
    function_rule(
        "rejected_applications",
        "Delete rejected partner applications",
        delete_rejected_applications,
        lambda cutoff: rejected_applications(cutoff).count(),
    ),
    update_rule(
        "approved_applications",
        "Clear the contact's name and email from approved partner applications",
        approved_application_contacts,
        {"contact_name": "", "contact_email": "", "email_key": ""},
    ),
    function_rule(
        "deactivated_members",
        "Anonymise deactivated partner members' accounts (their pages' history stays)",
        anonymise_deactivated_members,
        lambda cutoff: deactivated_members(cutoff).count(),
    ),
    delete_rule("sent_emails", "Delete the delivery log of sent emails", sent_emails),
    delete_rule("failed_emails", "Delete emails that could not be delivered", failed_emails),
    delete_rule("sign_in_attempts", "Delete records of failed sign-in attempts", sign_in_attempts),
    delete_rule(
        "task_results",
        "Delete records of finished background tasks",
        finished_task_results,
    ),
]


@dataclass
class Outcome:
    rule: Rule
    period: str
    cutoff: object
    count: int | None

    def line(self, dry_run):
        verb = "would change" if dry_run else "changed"
        count = "an unknown number of" if self.count is None else self.count
        return (
            f"{self.rule.key} (older than {self.period}, before {self.cutoff:%Y-%m-%d %H:%M}): "
            f"{self.rule.description}: {verb} {count} row(s)"
        )


def purge(now=None, dry_run=False, rules=None):
    """Apply every retention rule (or, with ``dry_run``, count what each would change)."""
    now = now or timezone.now()
    outcomes = []
    for rule in RULES if rules is None else rules:
        period = periods.period(rule.key)
        cutoff = periods.cutoff(period, now)
        if dry_run:
            count = rule.count(cutoff)
        else:
            with transaction.atomic():
                count = rule.apply(cutoff)
        outcomes.append(Outcome(rule, period, cutoff, count))
    total = sum(o.count or 0 for o in outcomes)
    logger.info(
        "purge_personal_data%s: %s",
        " (dry run)" if dry_run else "",
        "; ".join(f"{o.rule.key}={o.count}" for o in outcomes) + f"; total={total}",
    )
    return outcomes

"""One person's data, found by email address: export it as JSON, or erase it.

What is covered: partner applications (contact email), newsletter subscriptions, member
accounts (email or username) with the authorship of their revisions, log entries,
comments and workflow actions, and log entries and task records that mention the address.
Erasure deletes the applications and subscriptions, anonymises the accounts (the pages
and their history stay, credited to "erased-user-<id>"), and removes the address from
log entries and task records. Published page content is not changed.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from .addresses import address_hash, normalise
from .retention import ERASED_USERNAME_PREFIX

ERASED_LABEL = "(erased)"


class ErasureRefused(Exception):
    """The address belongs to an account this tool must not erase (a superuser)."""


def _model(label):
    return apps.get_model(label)


def applications(email):
    return _model("projects.PartnerApplication").objects.filter(contact_email__iexact=email)


def subscribers(email):
    return _model("newsletters.Subscriber").objects.filter(email__iexact=email)


def accounts(email):
    return (
        get_user_model()
        .objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
        .exclude(username__startswith=ERASED_USERNAME_PREFIX)
    )


def _mentions(model, email, *fields):
    """Rows of ``model`` with the address in any of ``fields`` (JSON fields as text)."""
    query = Q()
    annotations = {}
    for field in fields:
        if isinstance(model._meta.get_field(field), TextField):
            query |= Q(**{f"{field}__icontains": email})
        else:
            annotations[f"_{field}_text"] = Cast(field, output_field=TextField())
            query |= Q(**{f"_{field}_text__icontains": email})
    return model.objects.annotate(**annotations).filter(query)


def log_entries_mentioning(email):
    for label in ("wagtailcore.ModelLogEntry", "wagtailcore.PageLogEntry"):
        yield _mentions(_model(label), email, "label", "data")


# Records deleted on erasure when any of the fields mention the address: (name, model,
# fields). Another store of addresses (an email outbox, say) is one more entry here.
DELETE_IF_MENTIONED = [
    ("emails", "core.OutgoingEmail", ("recipients", "subject", "message")),
    ("sign_in_attempts", "axes.AccessAttempt", ("username",)),
    (
        "task_records",
        "django_tasks_database.DBTaskResult",
        ("args_kwargs", "return_value", "traceback"),
    ),
]


def mentioning(email):
    for name, label, fields in DELETE_IF_MENTIONED:
        yield name, _mentions(_model(label), email, *fields)


def find(email):
    """How many of each kind of record hold the address (for the erasure confirm step)."""
    email = normalise(email)
    return {
        "partner_applications": applications(email).count(),
        "newsletter_subscriptions": subscribers(email).count(),
        "accounts": accounts(email).count(),
        "log_entries_mentioning_address": sum(q.count() for q in log_entries_mentioning(email)),
        **{f"{name}_mentioning_address": qs.count() for name, qs in mentioning(email)},
    }


# --- Export -----------------------------------------------------------------------------


def _application(app):
    return {
        "submitted_at": app.created_at,
        "organisation_name": app.organisation_name,
        "sector": app.sector,
        "registration_number": app.registration_number,
        "contact_name": app.contact_name,
        "contact_email": app.contact_email,
        "description": app.description,
        "website": app.website,
        "status": app.status,
        "rejection_reason": app.rejection_reason,
        "decided_at": app.decided_at,
        "organisation": app.organisation.name if app.organisation_id else None,
    }


def _subscription(subscriber):
    return {
        "email": subscriber.email,
        "state": subscriber.state,
        "consent_given_at": subscriber.consent_given_at,
        "consent_source": subscriber.consent_source,
        "consent_wording": subscriber.consent_wording,
        "signed_up_at": subscriber.created_at,
        "confirmed_at": subscriber.confirmed_at,
        "unsubscribed_at": subscriber.unsubscribed_at,
        "newsletters_sent": [
            {"issue": d.issue.title, "state": d.state, "sent_at": d.sent_at}
            for d in subscriber.deliveries.select_related("issue").order_by("created_at")
        ],
    }


def _account(user):
    Revision = _model("wagtailcore.Revision")
    Comment = _model("wagtailcore.Comment")
    CommentReply = _model("wagtailcore.CommentReply")
    WorkflowState = _model("wagtailcore.WorkflowState")
    TaskState = _model("wagtailcore.TaskState")
    Page = _model("wagtailcore.Page")
    log_entries = []
    for label in ("wagtailcore.PageLogEntry", "wagtailcore.ModelLogEntry"):
        log_entries += [
            {"action": e.action, "object": e.label, "at": e.timestamp}
            for e in _model(label).objects.filter(user=user).order_by("timestamp")
        ]
    return {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "pages_owned": [
            {"id": p.pk, "title": p.title, "live": p.live}
            for p in Page.objects.filter(owner=user).order_by("path")
        ],
        "revisions": [
            {"object": r.object_str, "object_id": r.object_id, "created_at": r.created_at}
            for r in Revision.objects.filter(user=user).order_by("created_at")
        ],
        "log_entries": sorted(log_entries, key=lambda e: e["at"]),
        "comments": [
            {"page": c.page.title, "text": c.text, "created_at": c.created_at}
            for c in Comment.objects.filter(user=user).select_related("page")
        ]
        + [
            {"page": r.comment.page.title, "text": r.text, "created_at": r.created_at}
            for r in CommentReply.objects.filter(user=user).select_related("comment__page")
        ],
        "review_requests": [
            {"object_id": w.object_id, "status": w.status, "created_at": w.created_at}
            for w in WorkflowState.objects.filter(requested_by=user).order_by("created_at")
        ],
        "review_decisions": [
            {
                "task": t.task.name,
                "status": t.status,
                "finished_at": t.finished_at,
                "comment": t.comment,
            }
            for t in TaskState.objects.filter(finished_by=user).select_related("task")
        ],
    }


def export(email):
    """Everything held about ``email``, as a JSON-serialisable dict (DjangoJSONEncoder)."""
    email = normalise(email)
    SuppressedAddress = _model("privacy.SuppressedAddress")
    suppressed = SuppressedAddress.objects.filter(address_hash=address_hash(email)).first()
    return {
        "email": email,
        "exported_at": timezone.now(),
        "partner_applications": [
            _application(a) for a in applications(email).select_related("organisation")
        ],
        "newsletter_subscriptions": [_subscription(s) for s in subscribers(email)],
        "newsletter_unsubscribed_record": (
            {"unsubscribed_at": suppressed.unsubscribed_at} if suppressed else None
        ),
        "accounts": [_account(u) for u in accounts(email).order_by("pk")],
    }


# --- Erasure ----------------------------------------------------------------------------


def anonymise_user(user):
    """Strip an account of everything that identifies its owner; keep its history.

    Revisions, log entries, comments and workflow actions keep pointing at the account,
    which is now called "erased-user-<id>", cannot sign in and belongs to no group.
    """
    user.username = f"{ERASED_USERNAME_PREFIX}{user.pk}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    profile = _model("wagtailusers.UserProfile").objects.filter(user=user).first()
    if profile is not None and profile.avatar:
        profile.avatar.delete(save=False)
        profile.avatar = None
        profile.save(update_fields=["avatar"])
    # Log entries about the account were labelled with its old username.
    _model("wagtailcore.ModelLogEntry").objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
    ).update(label=str(user))


def erase(email):
    """Erase ``email`` everywhere (see the module docstring). Returns counts."""
    email = normalise(email)
    users = list(accounts(email))
    if any(u.is_superuser for u in users):
        raise ErasureRefused(
            "This address belongs to a superuser account. Remove its superuser status first."
        )
    with transaction.atomic():
        counts = {
            "partner_applications_deleted": applications(email)
            .delete()[1]
            .get("projects.PartnerApplication", 0),
            "newsletter_subscriptions_deleted": subscribers(email)
            .delete()[1]
            .get("newsletters.Subscriber", 0),
        }
        for user in users:
            anonymise_user(user)
        counts["accounts_anonymised"] = len(users)
        scrubbed = 0
        for queryset in log_entries_mentioning(email):
            for entry in queryset:
                if email in entry.label.lower():
                    entry.label = ERASED_LABEL
                entry.data = {}
                entry.save(update_fields=["label", "data"])
                scrubbed += 1
        counts["log_entries_scrubbed"] = scrubbed
        for name, queryset in mentioning(email):
            counts[f"{name}_deleted"] = queryset.delete()[0]
    return counts

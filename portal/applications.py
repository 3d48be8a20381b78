"""What happens to a partner application: submitted, approved or rejected.

Approval creates, in one transaction, the PartnerOrganisation, its auth Group, its live
OrganisationPage under /partners/ and the member's account (no usable password, in the
organisation's group), and queues the member's email with a link to choose a password
(sent by a task after the commit, retried if the mail server is down). Approving
or rejecting twice does nothing more: the application row is locked and its state
checked first.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.users.models import UserProfile

from projects.models import (
    OrganisationPage,
    PartnerApplication,
    PartnerIndexPage,
    PartnerOrganisation,
)
from projects.models.applications import normalise_key
from projects.moderation import PARTNER_GROUP_PREFIX

from . import emails


class ApplicationError(Exception):
    """An application cannot be approved as it stands (shown to the editor)."""


def submit_application(form, request=None):
    """Store a valid application and queue the emails; a duplicate is a no-op.

    Returns (application, created). A second submit of the same pending application
    (same organisation name and email, ignoring case and spacing) creates nothing and
    sends nothing.
    """
    application = form.save(commit=False)
    application.name_key = normalise_key(application.organisation_name)
    application.email_key = normalise_key(application.contact_email)
    existing = PartnerApplication.objects.filter(
        status=PartnerApplication.Status.PENDING,
        name_key=application.name_key,
        email_key=application.email_key,
    ).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            application.save()
            form.save_m2m()  # the wards served
            # Queued with the application: both are stored, or neither.
            emails.send_application_received(application)
            emails.send_application_to_editors(application)
    except IntegrityError:
        # The same application arrived twice at once; the other request stored it.
        return PartnerApplication.objects.filter(
            status=PartnerApplication.Status.PENDING,
            name_key=application.name_key,
            email_key=application.email_key,
        ).first(), False
    log(instance=application, action="projects.application.submit")
    return application, True


def _unique(model, field, base, max_length):
    base = (base or "partner")[:max_length]
    candidate, n = base, 1
    while model.objects.filter(**{field: candidate}).exists():
        n += 1
        suffix = f"-{n}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
    return candidate


def _unique_username(email):
    User = get_user_model()
    base = email.strip().lower()[:150]
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        suffix = f"-{n}"
        candidate = f"{base[: 150 - len(suffix)]}{suffix}"
    return candidate


def create_member(organisation, email, first_name="", last_name=""):
    """A portal account in the organisation's group, with no usable password yet.

    Partners never use the Wagtail admin, so Wagtail's own workflow emails (which link
    to the admin) are switched off for them; the portal sends its own.
    """
    User = get_user_model()
    member = User(
        username=_unique_username(email),
        email=email.strip(),
        first_name=first_name[:150],
        last_name=last_name[:150],
    )
    member.set_unusable_password()
    member.save()
    member.groups.add(organisation.group)
    silence_admin_notifications(member)
    return member


def silence_admin_notifications(member):
    """Turn off Wagtail's workflow emails (they link to the admin); the portal sends its own."""
    profile = UserProfile.get_for_user(member)
    profile.submitted_notifications = False
    profile.approved_notifications = False
    profile.rejected_notifications = False
    profile.updated_comments_notifications = False
    profile.save()


def set_password_url(member):
    path = reverse(
        "projects:portal_set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(member.pk)),
            "token": default_token_generator.make_token(member),
        },
    )
    return emails.absolute_url(path)


def approve_application(application_id, editor, request=None):
    """Approve a pending application. Returns the organisation, or None if already decided."""
    with transaction.atomic():
        application = PartnerApplication.objects.select_for_update().get(pk=application_id)
        if application.status != PartnerApplication.Status.PENDING:
            return None
        index = PartnerIndexPage.objects.first()
        if index is None:
            raise ApplicationError(
                "There is no partner directory page (/partners/) to add the organisation to."
            )
        if PartnerOrganisation.objects.filter(name__iexact=application.organisation_name).exists():
            raise ApplicationError(
                f"An organisation called “{application.organisation_name}” already exists. "
                "Reject this application (giving the reason) or rename that organisation first."
            )
        name = application.organisation_name.strip()
        slug = _unique(PartnerOrganisation, "slug", slugify(name)[:200], 200)
        group = Group.objects.create(
            name=_unique(Group, "name", f"{PARTNER_GROUP_PREFIX}{name}", 150)
        )
        organisation = PartnerOrganisation.objects.create(
            name=name,
            slug=slug,
            sector=application.sector,
            registration_number=application.registration_number,
            group=group,
        )
        page = OrganisationPage(
            title=name,
            slug=slug if not index.get_children().filter(slug=slug).exists() else "",
            organisation=organisation,
            description=application.description,
            website=application.website,
            owner=editor,
        )
        # No wards means "across Luton", as on every organisation page.
        page.wards.set(list(application.wards.all()))
        index.add_child(instance=page)
        page.save_revision(user=editor, log_action=True).publish(user=editor)
        first, _, last = application.contact_name.strip().partition(" ")
        member = create_member(organisation, application.contact_email, first, last)

        application.status = PartnerApplication.Status.APPROVED
        application.decided_at = timezone.now()
        application.decided_by = editor
        application.organisation = organisation
        application.member = member
        application.save()
        log(instance=application, action="projects.application.approve", user=editor)
        link = set_password_url(member)
        # In the outbox in this transaction; sent (and retried) by a task after commit.
        emails.send_application_approved(application, member, link)
    return organisation


def reject_application(application_id, editor, reason):
    """Reject a pending application with a reason. Returns False if already decided."""
    with transaction.atomic():
        application = PartnerApplication.objects.select_for_update().get(pk=application_id)
        if application.status != PartnerApplication.Status.PENDING:
            return False
        application.status = PartnerApplication.Status.REJECTED
        application.rejection_reason = reason
        application.decided_at = timezone.now()
        application.decided_by = editor
        application.save()
        log(
            instance=application,
            action="projects.application.reject",
            user=editor,
            data={"reason": reason},
        )
        emails.send_application_rejected(application)
    return True


def organisation_pages(organisation):
    """Every page that belongs to ``organisation``: its profile and what is beneath it."""
    page = OrganisationPage.objects.filter(organisation=organisation).first()
    if page is None:
        return Page.objects.none()
    return Page.objects.descendant_of(page, inclusive=True)

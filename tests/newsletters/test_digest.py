"""Weekly alerts: what matches, when nothing is sent, at most once, and the links in them."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from newsletters import digest, subscriptions
from newsletters.models import Digest, DigestDelivery, Subscriber
from newsletters.tasks import send_digest_task
from tests import factories
from tests.core.factories import trap_fields
from tests.newsletters import factories as nf
from tests.newsletters.backends import FlakyBackend, SimulatedCrash
from tests.projects import factories as pf

pytestmark = pytest.mark.django_db


def last_digest(ended_ago=timedelta(days=1)):
    """Last week's digest, which ended ``ended_ago``: this week's starts there."""
    now = timezone.now()
    return Digest.objects.create(
        week_start=digest.week_start(now) - timedelta(days=7),
        period_start=now - timedelta(days=8),
        period_end=now - ended_ago,
    )


def run(now=None):
    return digest.send_digests(now=now or timezone.now() + timedelta(minutes=1))


def chooser(email, wards=(), principles=(), priority_groups=(), **kwargs):
    subscriber = nf.subscriber(email, **kwargs)
    subscriptions.set_preferences(
        subscriber, wards=wards, principles=principles, priority_groups=priority_groups
    )
    return subscriber


def published_at(page, when):
    type(page).objects.filter(pk=page.pk).update(first_published_at=when)


def mail_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def link_texts(message):
    html = message.alternatives[0][0]
    return {link.get_text() for link in BeautifulSoup(html, "html.parser").find_all("a")}


def test_what_each_subscriber_hears_about():
    previous = last_digest()
    biscot, dallow = factories.ward("Biscot"), factories.ward("Dallow")
    third = factories.principle(3, "Create fair employment and good work for all")
    housing = pf.priority_group("Housing and Health")
    jobs = pf.priority_group("Good Work")

    in_ward = nf.case_study(title="Biscot lunch club", wards=[biscot])
    other_ward = nf.case_study(title="Dallow walking group", wards=[dallow])
    nf.case_study(title="Biscot draft", wards=[biscot], publish=False)
    old = nf.case_study(title="Biscot last week", wards=[biscot])
    published_at(old, previous.period_end - timedelta(hours=1))
    ward_project = nf.project(title="Biscot food bank", wards=[biscot])
    principle_case = nf.case_study(title="Jobs fair", wards=[dallow], principles=[third])
    group_case = nf.case_study(title="Warm homes", priority_group=housing)
    housing_update = factories.add_page(
        housing,
        nf.PriorityUpdatePage(
            title="Housing update",
            slug="housing-update",
            date=timezone.localdate(),
            commitment="Homes.",
            progress="Done.",
        ),
    )
    factories.add_page(
        jobs,
        nf.PriorityUpdatePage(
            title="Jobs update",
            slug="jobs-update",
            date=timezone.localdate(),
            commitment="Work.",
            progress="Some.",
        ),
    )

    chooser("ward@example.org", wards=[biscot])
    chooser("principle@example.org", principles=[third])
    chooser("group@example.org", priority_groups=[housing])
    nf.subscriber("nothing-chosen@example.org")
    chooser("gone@example.org", wards=[biscot], state=Subscriber.State.UNSUBSCRIBED)
    chooser("pending@example.org", wards=[biscot], state=Subscriber.State.PENDING)

    result = run()

    assert sorted(m.to[0] for m in mail.outbox) == [
        "group@example.org",
        "principle@example.org",
        "ward@example.org",
    ]
    titles = {
        address: link_texts(mail_to(address)[0])
        for address in ["ward@example.org", "principle@example.org", "group@example.org"]
    }
    everything = {
        in_ward.title,
        other_ward.title,
        "Biscot draft",
        old.title,
        ward_project.title,
        principle_case.title,
        group_case.title,
        housing_update.title,
        "Jobs update",
    }
    assert titles["ward@example.org"] & everything == {in_ward.title, ward_project.title}
    assert titles["principle@example.org"] & everything == {principle_case.title}
    assert titles["group@example.org"] & everything == {group_case.title, housing_update.title}
    assert result.sent == 3
    text = mail_to("ward@example.org")[0].body
    assert "Case study: Biscot lunch club" in text and "Project: Biscot food bank" in text
    assert "Dallow walking group" not in text and "Biscot last week" not in text
    assert mail_to("ward@example.org")[0].subject.startswith("2 new pages for you")
    assert set(DigestDelivery.objects.values_list("email", "state", "items")) == {
        ("ward@example.org", "sent", 2),
        ("principle@example.org", "sent", 1),
        ("group@example.org", "sent", 2),
    }


def test_nothing_new_means_no_email_and_no_delivery():
    last_digest()
    biscot = factories.ward("Biscot")
    chooser("ward@example.org", wards=[biscot])
    nf.case_study(title="Elsewhere", wards=[factories.ward("Dallow")])

    result = run()

    assert mail.outbox == []
    assert not DigestDelivery.objects.exists()
    assert result.nothing_new == 1 and result.sent == 0


def test_a_second_run_in_the_same_week_sends_nothing_and_new_pages_wait_for_next_week():
    last_digest()
    biscot = factories.ward("Biscot")
    chooser("ward@example.org", wards=[biscot])
    nf.case_study(title="First news", wards=[biscot])
    now = timezone.now() + timedelta(minutes=1)

    run(now)
    run(now + timedelta(minutes=5))
    assert [m.to for m in mail.outbox] == [["ward@example.org"]]

    later = nf.case_study(title="Second news", wards=[biscot])
    run(now + timedelta(hours=1))  # same week: this week's digest has gone
    assert len(mail.outbox) == 1
    published_at(later, now + timedelta(hours=1))

    run(now + timedelta(days=7))  # next week: only what is new since
    assert len(mail.outbox) == 2
    assert "Second news" in mail.outbox[1].body and "First news" not in mail.outbox[1].body
    assert Digest.objects.count() == 3


def test_the_task_twice_sends_once():
    last_digest()
    biscot = factories.ward("Biscot")
    chooser("ward@example.org", wards=[biscot])
    nf.case_study(title="News", wards=[biscot])

    send_digest_task.enqueue()
    send_digest_task.enqueue()

    assert [m.to for m in mail.outbox] == [["ward@example.org"]]
    assert DigestDelivery.objects.get().state == DigestDelivery.State.SENT


def test_a_run_that_dies_mid_send_is_never_resent_and_the_next_run_finishes(settings):
    settings.EMAIL_BACKEND = "tests.newsletters.backends.FlakyBackend"
    FlakyBackend.reset()
    last_digest()
    biscot = factories.ward("Biscot")
    readers = [chooser(f"reader{n}@example.org", wards=[biscot]) for n in range(4)]
    nf.case_study(title="News", wards=[biscot])
    now = timezone.now() + timedelta(minutes=1)
    try:
        FlakyBackend.crash_before_handoff = 2  # dies while handing over the second email
        with pytest.raises(SimulatedCrash):
            run(now)
        assert [m.to[0] for m in mail.outbox] == [readers[0].email]
        FlakyBackend.crash_before_handoff = None
        run(now + timedelta(minutes=10))  # a new worker
    finally:
        FlakyBackend.reset()

    received = [m.to[0] for m in mail.outbox]
    assert len(received) == len(set(received))  # nobody twice
    assert received == [readers[0].email, readers[2].email, readers[3].email]
    states = dict(DigestDelivery.objects.values_list("email", "state"))
    assert states[readers[1].email] == DigestDelivery.State.SENDING  # may have gone out
    assert [states[r.email] for r in (readers[0], readers[2], readers[3])] == ["sent"] * 3


def test_digest_has_one_click_unsubscribe_and_a_preferences_link(client):
    last_digest()
    biscot = factories.ward("Biscot")
    reader = chooser("ward@example.org", wards=[biscot])
    nf.case_study(title="News", wards=[biscot])
    run()

    (message,) = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    one_click = message.extra_headers["List-Unsubscribe"].strip("<>").split(">")[0]
    assert one_click.endswith("/one-click/")
    html = message.alternatives[0][0]
    assert preferences_url(reader) in html and preferences_url(reader) in message.body
    token = subscriptions.unsubscribe_token(reader)
    assert reverse("newsletters:unsubscribe", args=[token]) in html

    response = client.post(urlsplit(one_click).path)
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.state == Subscriber.State.UNSUBSCRIBED

    nf.case_study(title="More news", wards=[biscot])
    run(timezone.now() + timedelta(days=7))
    assert len(mail.outbox) == 1  # unsubscribed: no more digests


def test_every_issue_email_links_to_the_subscribers_own_preferences(client, editor):
    issue = nf.issue()
    reader = nf.subscriber("amira@example.org")
    client.force_login(editor)
    client.post(reverse("newsletters_admin:send_confirm", args=[issue.pk]))
    (message,) = mail.outbox
    url = reverse("newsletters:preferences", args=[subscriptions.preferences_token(reader)])
    assert url in message.body and url in message.alternatives[0][0]
    assert "NEWSLETTER-PREFERENCES-URL" not in message.body + message.alternatives[0][0]


def preferences_url(subscriber):
    return reverse("newsletters:preferences", args=[subscriptions.preferences_token(subscriber)])


def test_preferences_form_groups_wards_by_neighbourhood_and_saves(client):
    biscot = factories.ward("Biscot", "West Central")
    dallow = factories.ward("Dallow", "West Central")
    stopsley = factories.ward("Stopsley", "North Luton")
    third = factories.principle(3, "Create fair employment and good work for all")
    housing = pf.priority_group("Housing and Health")
    reader = nf.subscriber("amira@example.org")
    url = preferences_url(reader)

    page = BeautifulSoup(client.get(url).content, "html.parser")
    groups = {
        fieldset.legend.get_text(strip=True): [
            label.get_text(strip=True) for label in fieldset.find_all("label")
        ]
        for fieldset in page.select("fieldset.checkbox-group")
    }
    assert groups == {"North Luton": ["Stopsley"], "West Central": ["Biscot", "Dallow"]}
    assert "a•" in page.get_text()  # the address, masked
    assert "amira@example.org" not in page.get_text()

    response = client.post(
        url,
        {
            "wards": [biscot.pk, stopsley.pk],
            "principles": [third.pk],
            "priority_groups": [housing.pk],
        },
    )
    assert response.status_code == 200 and b"Your choices are saved" in response.content
    assert set(reader.wards.all()) == {biscot, stopsley}
    assert list(reader.principles.all()) == [third]
    assert list(reader.priority_groups.all()) == [housing]
    checked = BeautifulSoup(client.get(url).content, "html.parser").select("input[checked]")
    assert {box["value"] for box in checked if box["name"] == "wards"} == {
        str(biscot.pk),
        str(stopsley.pk),
    }
    assert dallow not in reader.wards.all()

    client.post(url, {})  # nothing chosen: no digest
    assert not reader.wards.exists() and not reader.principles.exists()


def test_preferences_form_refuses_unknown_choices_and_bad_links(client):
    biscot = factories.ward("Biscot")
    reader = nf.subscriber("amira@example.org")
    subscriptions.set_preferences(reader, wards=[biscot])
    response = client.post(preferences_url(reader), {"wards": ["99999"]})
    assert response.status_code == 400
    assert b"Choose wards from the list." in response.content
    assert list(reader.wards.all()) == [biscot]  # unchanged

    token = subscriptions.preferences_token(reader)
    for bad in [token[:-2] + "xx", subscriptions.unsubscribe_token(reader), "preview"]:
        response = client.get(reverse("newsletters:preferences", args=[bad]))
        assert response.status_code == 400
        assert b"Wards" not in response.content


def test_choosing_alerts_when_signing_up(client):
    biscot = factories.ward("Biscot")
    third = factories.principle(3, "Create fair employment and good work for all")
    form = BeautifulSoup(client.get(reverse("newsletters:subscribe")).content, "html.parser")
    assert form.find("input", attrs={"name": "wards", "value": str(biscot.pk)})
    from newsletters.forms import SubscribeForm

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("newsletters:subscribe"),
            {
                "email": "new@example.org",
                "consent": "on",
                "wards": [biscot.pk],
                "principles": [third.pk],
                **trap_fields(SubscribeForm),
            },
        )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get(email="new@example.org")
    assert subscriber.state == Subscriber.State.PENDING
    assert list(subscriber.wards.all()) == [biscot]
    assert list(subscriber.principles.all()) == [third]
    (message,) = mail.outbox
    assert preferences_url(subscriber) in message.body


def test_with_the_outbox_as_email_backend_issues_and_digests_still_go_straight_out(
    settings, client, editor
):
    """Production sets EMAIL_BACKEND to the outbox's queueing backend; issues and digests
    keep their own at-most-once record, so they must not also be queued there (the outbox
    resends after a crash)."""
    from hetsite.core.models import OutgoingEmail

    settings.OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.EMAIL_BACKEND = "hetsite.core.outbox.QueueingEmailBackend"
    last_digest()
    biscot = factories.ward("Biscot")
    chooser("ward@example.org", wards=[biscot])
    nf.case_study(title="News", wards=[biscot])
    issue = nf.issue()
    client.force_login(editor)

    run()
    client.post(reverse("newsletters_admin:send_confirm", args=[issue.pk]))

    assert sorted(m.subject.split(" – ")[0] for m in mail.outbox) == [
        "1 new page for you",
        issue.title,
    ]
    assert not OutgoingEmail.objects.exists()

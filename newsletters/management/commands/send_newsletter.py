"""Send a published issue to every confirmed subscriber from the shell.

    python manage.py send_newsletter 2024-Q3      # or the page id
    python manage.py send_newsletter 42 --test-to editor@example.org   # via the outbox

Does what the admin's "Send to subscribers" does, in this process, with a progress bar
(redrawn in place on a terminal, one line per batch otherwise). Safe to run again: nobody
gets the issue twice, and addresses that failed are retried once their time has come.
"""

import re

from django.core.management.base import BaseCommand, CommandError

from newsletters import emails, sending
from newsletters.models import NewsletterIssuePage

ISSUE_RE = re.compile(r"^(?P<year>\d{4})-?Q(?P<quarter>[1-4])$", re.IGNORECASE)
BAR_WIDTH = 30


def find_issue(value):
    value = value.strip()
    match = ISSUE_RE.match(value)
    if match:
        issue = NewsletterIssuePage.objects.filter(
            year=int(match["year"]), quarter=int(match["quarter"])
        ).first()
    elif value.isdigit():
        issue = NewsletterIssuePage.objects.filter(pk=int(value)).first()
    else:
        raise CommandError(f"“{value}” is not an issue id or a quarter like 2024-Q3.")
    if issue is None:
        raise CommandError(f"There is no newsletter issue {value}.")
    if not issue.live:
        raise CommandError(f"“{issue.title}” is not published; publish it first.")
    return issue


def progress_line(progress):
    total = progress.total or 0
    done = progress.finished
    filled = round(BAR_WIDTH * done / total) if total else BAR_WIDTH
    bar = "#" * filled + "-" * (BAR_WIDTH - filled)
    line = f"[{bar}] sent {progress.sent} of {total}"
    if progress.failed:
        line += f", {progress.failed} failed"
    if progress.interrupted:
        line += f", {progress.interrupted} interrupted"
    if progress.waiting:
        line += f", {progress.waiting} waiting"
    return line


class Command(BaseCommand):
    help = "Send a published newsletter issue (id or YEAR-QN) to confirmed subscribers."

    def add_arguments(self, parser):
        parser.add_argument("issue", help="The issue's page id, or its quarter, e.g. 2024-Q3.")
        parser.add_argument(
            "--test-to",
            metavar="EMAIL",
            help="Send one test copy to this address instead of sending to subscribers.",
        )
        parser.add_argument(
            "--batch-size", type=int, default=sending.BATCH_SIZE, help="Emails per batch."
        )

    def handle(self, *args, **options):
        issue = find_issue(options["issue"])
        if options["test_to"]:
            emails.send_test_email(issue, options["test_to"])
            self.stdout.write(
                f"Queued a test of “{issue.title}” for {options['test_to']} (see Reports → "
                "Emails in the admin)."
            )
            return
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        interactive = self.stdout.isatty()
        self.stdout.write(f"Sending “{issue.title}” ({issue.issue_label})")

        def show(progress):
            line = progress_line(progress)
            if interactive:
                self.stdout.write("\r" + line, ending="")
                self.stdout.flush()
            else:
                self.stdout.write(line)

        result = sending.send_issue(issue.pk, batch_size=options["batch_size"], on_progress=show)
        if interactive:
            self.stdout.write("")
        summary = f"Done: sent {result.sent} of {result.total}."
        if result.failed or result.interrupted:
            summary += (
                f" {result.failed} failed, {result.interrupted} interrupted (see the admin)."
            )
        if result.waiting:
            when = result.next_retry_at.strftime("%H:%M") if result.next_retry_at else "later"
            summary += f" {result.waiting} to retry after {when}: run this command again then."
        self.stdout.write(self.style.SUCCESS(summary))

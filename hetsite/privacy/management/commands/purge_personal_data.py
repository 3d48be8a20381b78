"""Remove personal data older than its retention period (``settings.HETSITE_RETENTION``)."""

from django.core.management.base import BaseCommand

from hetsite.privacy.retention import purge


class Command(BaseCommand):
    help = (
        "Delete or anonymise personal data kept longer than the periods in the privacy "
        "notice (settings.HETSITE_RETENTION). Safe to run repeatedly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be removed and change nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        outcomes = purge(dry_run=dry_run)
        for outcome in outcomes:
            self.stdout.write(outcome.line(dry_run))
        total = sum(o.count or 0 for o in outcomes)
        self.stdout.write(
            f"{'Dry run: nothing changed; ' if dry_run else ''}"
            f"{total} row(s) {'due' if dry_run else 'changed'} in all."
        )

"""Load the demo site: taxonomy, pages and (in dev) demo logins, from the 2024 report.

Each installed app that has a ``demo`` module gets its ``load(ctx)`` called, in
INSTALLED_APPS order. Every loader is idempotent, so running this twice is harmless.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from hetsite.core.database import refresh_planner_statistics


class DemoContext:
    """What loaders share: where to log, whether to make logins, what earlier ones made."""

    def __init__(self, command, with_users, site_port=None):
        self.command = command
        self.with_users = with_users
        self.site_port = site_port
        self.login_lines = []
        self.home = None

    def log(self, message):
        self.command.stdout.write(f"  {message}")


class Command(BaseCommand):
    help = "Create or update the demo content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-demo-users",
            action="store_true",
            help="Create the demo logins even when settings.HETSITE_DEMO_USERS is off.",
        )
        parser.add_argument(
            "--site-port",
            type=int,
            help="Point the default Site at http://127.0.0.1:PORT (what `make run` serves).",
        )
        parser.add_argument(
            "--skip-index", action="store_true", help="Do not rebuild the search index."
        )

    def handle(self, *args, **options):
        with_users = options["with_demo_users"] or getattr(settings, "HETSITE_DEMO_USERS", False)
        ctx = DemoContext(self, with_users, options["site_port"])
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                if not module_has_submodule(app_config.module, "demo"):
                    continue
                self.stdout.write(f"Loading demo content: {app_config.verbose_name}")
                import_module(f"{app_config.name}.demo").load(ctx)
        if not options["skip_index"]:
            call_command("update_index", verbosity=0)
        call_command("rebuild_references_index", verbosity=0)
        refresh_planner_statistics()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        if ctx.login_lines:
            self.stdout.write("Demo logins (for this local copy only):")
            for line in ctx.login_lines:
                self.stdout.write(line)

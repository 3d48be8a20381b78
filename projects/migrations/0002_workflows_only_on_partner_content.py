"""Workflows only where they belong: partner content.

Wagtail's own migrations put a "Moderators approval" workflow on the root of the page
tree, so every page (newsletter issues, prize rounds, the home page) went through it.
Editors publish their own pages; only partner content (under /partners/, which
``projects.moderation`` assigns the "Partner content review" workflow) needs review.
This removes any workflow from the tree root, once; a workflow an administrator later
assigns anywhere is left alone.
"""

from django.db import migrations

PARTNER_WORKFLOW = "Partner content review"


def remove_workflows_from_root(apps, schema_editor):
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowPage.objects.filter(page__depth=1).exclude(workflow__name=PARTNER_WORKFLOW).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(remove_workflows_from_root, migrations.RunPython.noop)]

from django import template

from prizes.models import PrizeWinner

register = template.Library()


@register.simple_tag
def prize_wins_for(project):
    """The live prize rounds ``project`` won, newest first, in one query."""
    if project is None or getattr(project, "pk", None) is None:
        return []
    return list(
        PrizeWinner.objects.filter(project_id=project.pk, page__live=True)
        .select_related("page")
        .order_by("-page__year", "sort_order")
    )

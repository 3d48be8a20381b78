"""Words people use for each kind of page: search results, the home page's latest items.

Models are named by string label, so the core layer never imports an app.
"""

from django.utils.translation import gettext_lazy as _

# (model label in lower case, filter value, label), in the order the search filter offers them.
PAGE_TYPES = [
    ("casestudies.casestudypage", "case-study", _("Case study")),
    ("projects.projectpage", "project", _("Project")),
    ("newsletters.newsletterissuepage", "newsletter", _("Newsletter")),
    ("priorities.priorityupdatepage", "priority-update", _("Priority update")),
    ("projects.organisationpage", "partner", _("Partner")),
    ("prizes.prizeroundpage", "prize", _("Prize")),
]
OTHER_TYPE = ("page", _("Page"))
LABELS = {model: label for model, _value, label in PAGE_TYPES}
MODELS_BY_VALUE = {value: model for model, value, _label in PAGE_TYPES}


def type_label(page):
    """What to call ``page`` in a list of mixed pages: "Case study", "Project", … or "Page"."""
    return LABELS.get(page._meta.label_lower, OTHER_TYPE[1])


def type_choices():
    """The choices of the search type filter: every labelled type, then other pages."""
    return [(value, label) for _model, value, label in PAGE_TYPES] + [OTHER_TYPE]

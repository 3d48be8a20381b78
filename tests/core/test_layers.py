"""The apps form layers: a module imports only its own app and the apps below it.

hetsite (core, media, privacy, httpcache) < projects < casestudies < places, priorities
< prizes, newsletters < portal < api. Every import statement counts, including those inside
functions, so a cycle cannot come back behind a local import.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# For each app, the apps it may import besides itself. hetsite imports no app at all.
ALLOWED = {
    "hetsite": set(),
    "projects": {"hetsite"},
    "casestudies": {"hetsite", "projects"},
    "places": {"hetsite", "projects", "casestudies"},
    "priorities": {"hetsite", "projects", "casestudies"},
    "prizes": {"hetsite", "projects", "casestudies", "priorities"},
    "newsletters": {"hetsite", "projects", "casestudies", "priorities"},
    "portal": {"hetsite", "projects", "casestudies", "priorities", "prizes", "newsletters"},
    "api": {
        "hetsite",
        "projects",
        "casestudies",
        "places",
        "priorities",
        "prizes",
        "newsletters",
    },
}
APPS = set(ALLOWED)


def module_name(path, root):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path, root=ROOT):
    """Absolute names of every module imported anywhere in the file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    name = module_name(path, root)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                yield node.lineno, ".".join([*base, node.module] if node.module else base)
            else:
                yield node.lineno, node.module


def violations(app, root=ROOT):
    found = []
    for path in sorted((root / app).rglob("*.py")):
        for lineno, module in imported_modules(path, root):
            top = module.split(".")[0]
            if top in APPS and top != app and top not in ALLOWED[app]:
                found.append(f"{path.relative_to(root)}:{lineno} imports {module}")
    return found


@pytest.mark.parametrize("app", sorted(APPS))
def test_no_upward_imports(app):
    assert (ROOT / app).is_dir()
    assert violations(app) == []


def test_the_check_sees_local_and_relative_imports(tmp_path):
    """A function-level import of a higher app is caught; relative imports resolve."""
    package = tmp_path / "projects" / "sub"
    package.mkdir(parents=True)
    (tmp_path / "projects" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("from ..models import X\n")
    (package / "views.py").write_text(
        "from . import forms\n\ndef f():\n    from casestudies.models import CaseStudyPage\n"
    )
    assert [m for _, m in imported_modules(package / "__init__.py", tmp_path)] == [
        "projects.models"
    ]
    assert [m for _, m in imported_modules(package / "views.py", tmp_path)] == [
        "projects.sub",
        "casestudies.models",
    ]
    assert violations("projects", tmp_path) == [
        "projects/sub/views.py:4 imports casestudies.models"
    ]

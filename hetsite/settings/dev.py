"""Local development: embedded defaults, nothing to install or configure."""

from .base import *  # noqa: F403

DEBUG = True
# A fixed key is fine here and only here: dev settings never serve the public.
SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
INTERNAL_IPS = ["127.0.0.1"]

# ``load_demo_content`` creates the demo editor, administrator and partner logins only
# when this is true (or when it is run with --with-demo-users).
HETSITE_DEMO_USERS = True

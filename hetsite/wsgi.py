"""WSGI entry point. Defaults to production settings: a server must never run dev."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hetsite.settings.production")

application = get_wsgi_application()

from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# Editors and partners type web addresses that become links: only http and https, never
# javascript:, data: or anything else a browser might run.
http_url_validator = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://.")
)

from django.core.validators import URLValidator

# Editors and partners type web addresses that become links: only http and https, never
# javascript:, data: or anything else a browser might run.
http_url_validator = URLValidator(
    schemes=["http", "https"], message="Enter a web address starting with http:// or https://."
)

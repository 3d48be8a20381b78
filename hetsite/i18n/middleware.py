from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import cc_delim_re


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, taking the language from the URL prefix only.

    With English unprefixed (``prefix_default_language=False``) the language never
    depends on the browser's Accept-Language, so the response does not vary on it:
    Django adds ``Vary: Accept-Language`` to unprefixed responses, which would split the
    HTTP cache in front into one copy per browser language for the same English page.
    """

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.has_header("Vary"):
            kept = [
                value
                for value in cc_delim_re.split(response["Vary"])
                if value and value.lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response

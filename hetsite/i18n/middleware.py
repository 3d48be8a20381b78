from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import cc_delim_re
from django.utils.translation import activate, deactivate, get_language, get_language_from_path

from hetsite.core.languages import URL_LANGUAGE, end_request, is_default, new_request


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, taking the language from the URL prefix only.

    With English unprefixed (``prefix_default_language=False``) the language never
    depends on the browser's Accept-Language, so the response does not vary on it:
    Django adds ``Vary: Accept-Language`` to unprefixed responses, which would split the
    HTTP cache in front into one copy per browser language for the same English page.
    """

    def __call__(self, request):
        # Links to English pages on a page served under /<code>/ keep that prefix
        # (BasePage.get_url_parts); for this request only.
        language = get_language_from_path(request.path_info)
        token = URL_LANGUAGE.set(None if not language or is_default(language) else language)
        request_token = new_request()
        # Django leaves the request's language active in the thread afterwards; put back
        # what was there, so work done later in the same thread (a test, a task run in
        # process) is not in the last reader's language.
        previous = get_language()
        try:
            return super().__call__(request)
        finally:
            end_request(request_token)
            URL_LANGUAGE.reset(token)
            if previous:
                activate(previous)
            else:
                deactivate()

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

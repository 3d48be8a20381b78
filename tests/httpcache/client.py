"""A visitor for the tests through Varnish: its own cookies, no redirects followed."""

import http.client
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Visitor:
    def __init__(self, base_url):
        self.netloc = urlsplit(base_url).netloc
        self.cookies = {}

    def request(self, method, path, data=None):
        headers = {"Host": self.netloc}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.netloc, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response.status, response.headers, text

    def get(self, path):
        return self.request("GET", path)

    def post_form(self, path, data, form_path=None):
        """GET the form (for its CSRF token), then POST ``data`` with the token."""
        status, _, html = self.get(form_path or path)
        assert status == 200, (form_path or path, status)
        token = CSRF_INPUT.search(html).group(1)
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": token})

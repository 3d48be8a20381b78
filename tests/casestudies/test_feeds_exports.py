import csv
import io
import json
import xml.etree.ElementTree as ET  # our own feed, parsed to check it is well-formed

import pytest

from tests import factories
from tests.casestudies import factories as cs

pytestmark = pytest.mark.django_db


def parse_xml(content):
    return ET.fromstring(content)  # noqa: S314  (the site's own feed, not untrusted input)


@pytest.fixture
def data(home_page):
    p1 = factories.principle(1)
    biscot = factories.ward("Biscot", "West Central")
    org_page = cs.organisation_page("NOAH Enterprises")
    a = cs.case_study(
        parent=org_page,
        title="Homelessness",
        authors="Paul Prosser",
        organisation_name="NOAH Enterprises",
        principles=[p1],
        wards=[biscot],
        year=2023,
    )
    b = cs.case_study(title='=HYPERLINK("http://evil")', authors="Jane Named", year=2024)
    c = cs.case_study(title="Draft", authors="Hidden Person", publish=False)
    return {"a": a, "b": b, "c": c}


def test_feed_is_rss_xml_of_live_case_studies(client, data):
    response = client.get("/case-studies/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = parse_xml(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("./channel/item")
    assert [item.findtext("title") for item in items] == [
        '=HYPERLINK("http://evil")',
        "Homelessness",
    ]
    assert items[1].findtext("link") == "http://testserver/partners/noah-enterprises/homelessness/"
    assert [c.text for c in items[1].findall("category")] == ["Principle 1"]
    assert b"Paul Prosser" not in response.content
    assert b"Draft" not in response.content


def test_feed_holds_the_latest_twenty(client, home_page):
    cs.case_studies(22)
    root = parse_xml(client.get("/case-studies/feed/").content)
    assert len(root.findall("./channel/item")) == 20


def test_feed_honours_filters(client, data):
    root = parse_xml(client.get("/case-studies/feed/?ward=biscot").content)
    assert [i.findtext("title") for i in root.findall("./channel/item")] == ["Homelessness"]


def test_feed_with_nonsense_filters_is_still_a_feed(client, data):
    response = client.get("/case-studies/feed/?ward=atlantis&page=abc&q=%22")
    assert response.status_code == 200
    parse_xml(response.content)


def test_csv_export_is_metadata_without_personal_data(client, data):
    response = client.get("/case-studies/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert "authors" not in rows[0]
    assert "Paul Prosser" not in body and "Jane Named" not in body and "Hidden" not in body
    assert [r["title"] for r in rows] == ['\'=HYPERLINK("http://evil")', "Homelessness"]
    noah = rows[1]
    assert noah["organisation"] == "NOAH Enterprises"
    assert noah["wards"] == "Biscot"
    assert noah["marmot_principles"] == "Principle 1"
    assert noah["year"] == "2023"
    assert noah["url"] == "http://testserver/partners/noah-enterprises/homelessness/"


def test_csv_cells_cannot_start_a_formula():
    from casestudies.exports import csv_cell

    for value in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "＝1"]:
        assert csv_cell(value).startswith("'")
    assert csv_cell("Safe text") == "Safe text"
    assert csv_cell(["a", "=b"]) == "a; =b"  # joined list starts with "a": safe
    assert csv_cell(["=a"]) == "'=a"
    assert csv_cell(None) == ""


def test_json_export_matches_filters_and_has_no_personal_data(client, data):
    response = client.get("/case-studies/export.json?ward=biscot&year=2023")
    assert response.status_code == 200
    payload = json.loads(response.content)
    assert payload["count"] == 1
    assert payload["filters"] == {"ward": ["biscot"], "year": "2023"}
    item = payload["case_studies"][0]
    assert item["title"] == "Homelessness"
    assert item["wards"] == ["Biscot"]
    assert "authors" not in item
    assert "Paul Prosser" not in response.content.decode()
    everything = json.loads(client.get("/case-studies/export.json").content)
    assert everything["count"] == 2


@pytest.mark.parametrize("query", ["year=2024", "q=hyperlink", "principle=principle-1"])
def test_exports_honour_the_same_filters_as_the_library(client, data, query):
    listed = [p.title for p in client.get(f"/case-studies/?{query}").context["case_studies"]]
    exported = json.loads(client.get(f"/case-studies/export.json?{query}").content)
    assert [c["title"] for c in exported["case_studies"]] == listed
    body = b"".join(client.get(f"/case-studies/export.csv?{query}").streaming_content).decode()
    assert len(list(csv.DictReader(io.StringIO(body)))) == len(listed)


def test_exports_reject_unknown_filter_values_clearly(client, data):
    for url in ["/case-studies/export.json?ward=atlantis", "/case-studies/export.csv?year=x"]:
        response = client.get(url)
        assert response.status_code == 400
        assert "errors" in json.loads(response.content)


def test_exports_and_feed_only_answer_get(client, data):
    for url in ["/case-studies/export.json", "/case-studies/export.csv", "/case-studies/feed/"]:
        assert client.post(url).status_code == 405

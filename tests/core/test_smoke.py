from hetsite.core.models import HomePage


def test_home_page_renders(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert isinstance(response.context["page"].specific, HomePage)
    assert b'href="#main-content"' in response.content

from django.urls import reverse

from wagtail.models import WorkflowState

from . import factories as pf


def test_member_creates_and_submits_a_project(client, member_a, org_a, editor):
    client.force_login(member_a)
    response = client.get(reverse("projects:portal_dashboard"))
    assert response.status_code == 200
    response = client.get(reverse("projects:portal_project_new"))
    assert response.status_code == 200
    response = client.post(
        reverse("projects:portal_project_new"), pf.project_post_data(action="submit")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    state = WorkflowState.objects.get()
    assert state.status == "in_progress"

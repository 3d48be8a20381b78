"""Wagtail admin hooks for partners: log actions and partner members' image access.

The admin screens for applications and organisations are the portal's
(``portal.wagtail_hooks``).
"""

from wagtail import hooks


@hooks.register("register_log_actions")
def register_partner_log_actions(actions):
    actions.register_action(
        "projects.application.submit", "Submit application", "Application submitted"
    )
    actions.register_action(
        "projects.application.approve", "Approve application", "Application approved"
    )
    actions.register_action(
        "projects.application.reject", "Reject application", "Application rejected"
    )
    actions.register_action(
        "projects.member.deactivate", "Deactivate member", "Portal member deactivated"
    )
    actions.register_action(
        "projects.member.reactivate", "Reactivate member", "Portal member reactivated"
    )


@hooks.register("hetsite_can_view_private_image")
def members_see_their_organisations_uploads(user, image):
    """A partner member sees images uploaded by anyone in their organisation (drafts)."""
    from .moderation import organisation_for

    organisation = organisation_for(user)
    return (
        organisation is not None
        and image.uploaded_by_user_id is not None
        and organisation.group_id is not None
        and organisation.group.user_set.filter(pk=image.uploaded_by_user_id).exists()
    )

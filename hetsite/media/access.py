"""Who may fetch an image that is not (or not yet) on the public site."""

from wagtail import hooks

# Other apps add rules with ``@hooks.register(CAN_VIEW_PRIVATE_IMAGE_HOOK)``: a function
# ``(user, image) -> bool`` (the partner portal lets members see their own uploads).
CAN_VIEW_PRIVATE_IMAGE_HOOK = "hetsite_can_view_private_image"


def can_view_private_image(user, image):
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm("wagtailadmin.access_admin"):
        return True
    if image.uploaded_by_user_id == user.pk:
        return True
    return any(rule(user, image) for rule in hooks.get_hooks(CAN_VIEW_PRIVATE_IMAGE_HOOK))

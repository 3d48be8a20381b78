"""The public application form and the partner portal.

Every portal view runs through ``MemberRequiredMixin``: it signs out a member who has
been deactivated or removed from their organisation, and gives every other view the
member's organisation. Pages are always looked up inside that organisation's part of
the page tree, so another organisation's page id is simply "not found".
"""

import logging

from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout, password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Page, TaskState, WorkflowState

from casestudies.models import CaseStudyImage, CaseStudyPage
from hetsite.core.ratelimit import (
    apply_limit,
    client_ip,
    too_many_requests,
    wait_message,
)
from hetsite.core.signin import UniformPasswordResetMixin
from hetsite.media.storage import is_storage_full
from projects.models import OrganisationPage, ProjectPage, ProjectPageImage
from projects.moderation import organisation_for, page_state, partner_workflow, uploads_collection

from . import forms
from .applications import organisation_pages, submit_application
from .tasks import send_password_reset_task

logger = logging.getLogger(__name__)
STORAGE_FULL_MESSAGE = _(
    "We could not store your image because our file storage is full. Nothing has been "
    "saved. Please try again later, or email us if this keeps happening."
)

PAGE_KINDS = {
    # Translators: a kind of page, as in the portal titles "New project", "Edit project: …".
    "project": (ProjectPage, forms.ProjectPageForm, ProjectPageImage, _("project")),
    # Translators: a kind of page, as in the portal titles "New project", "Edit project: …".
    "case-study": (CaseStudyPage, forms.CaseStudyPageForm, CaseStudyImage, _("case study")),
}


# --- Applying -----------------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class ApplyView(View):
    template_name = "projects/portal/apply.html"

    def get(self, request):
        return render(request, self.template_name, {"form": forms.ApplicationForm()})

    def post(self, request):
        form = forms.ApplicationForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        decision = apply_limit.hit(ip=client_ip(request))
        if not decision:
            messages.error(
                request,
                gettext(
                    "We have received several applications from your connection in the "
                    "last hour. %(wait)s Or email us instead."
                )
                % {"wait": wait_message(decision)},
            )
            return too_many_requests(
                request, self.template_name, {"form": form}, decision=decision
            )
        if not form.is_spam:
            submit_application(form, request)
        # Spam and duplicates see the same thank-you page: nothing tells a bot it failed.
        return redirect("projects:apply_done")


class ApplyDoneView(TemplateView):
    template_name = "projects/portal/apply_done.html"


# --- Signing in and out ------------------------------------------------------------------------


class PortalLoginView(auth_views.LoginView):
    template_name = "projects/portal/login.html"
    authentication_form = forms.PortalLoginForm
    next_page = reverse_lazy("projects:portal_dashboard")


class PortalLogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("projects:portal_login")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, gettext("You have signed out."))
        return response


@method_decorator(never_cache, name="dispatch")
class PortalPasswordResetView(UniformPasswordResetMixin, auth_views.PasswordResetView):
    """Ask for a reset link: the same answer, and the same work, for any address.

    Every valid request enqueues ``tasks.send_password_reset_task``, which looks the
    address up and emails a partner member or nobody; the limits and their failure mode
    are the admin's too (``hetsite.core.signin.UniformPasswordResetMixin``).
    """

    template_name = "projects/portal/password_reset.html"
    form_class = forms.MemberPasswordResetForm
    success_url = reverse_lazy("projects:portal_password_reset_done")
    reset_task = send_password_reset_task


class PortalPasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "projects/portal/password_reset_done.html"


class PortalSetPasswordView(auth_views.PasswordResetConfirmView):
    """Choose a password from an emailed link (a new member's first, or a reset)."""

    template_name = "projects/portal/set_password.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("projects:portal_dashboard")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # Django's help text here is HTML; the portal shows plain text.
        form.fields["new_password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )
        return form

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, gettext("Your password is set and you are signed in."))
        return response


# --- The portal --------------------------------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class MemberRequiredMixin:
    """Only active members of an active partner organisation get past this."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        login_url = reverse("projects:portal_login")
        if not user.is_authenticated:
            if request.session.get(SESSION_KEY):
                # The session belongs to an account that has since been deactivated.
                logout(request)
                messages.info(request, gettext("You have been signed out."))
            return redirect_to_login(request.get_full_path(), login_url)
        organisation = organisation_for(user)
        if organisation is None:
            if user.has_perm("wagtailadmin.access_admin"):
                # Editors work in the Wagtail admin; do not sign them out of it.
                return render(request, "projects/portal/not_a_member.html", status=403)
            logout(request)
            messages.info(
                request,
                gettext("You have been signed out: your account no longer has portal access."),
            )
            return redirect_to_login(request.get_full_path(), login_url)
        self.organisation = organisation
        self.org_page = OrganisationPage.objects.filter(organisation=organisation).first()
        if self.org_page is None:
            return render(request, "projects/portal/not_a_member.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def scoped_pages(self):
        return organisation_pages(self.organisation).type(
            OrganisationPage, ProjectPage, CaseStudyPage
        )

    def get_member_page(self, page_id):
        """A page of the member's own organisation, or 404 (whoever else owns it)."""
        return get_object_or_404(self.scoped_pages(), pk=page_id).specific

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(organisation=self.organisation, org_page=self.org_page)
        return context


class DashboardView(MemberRequiredMixin, TemplateView):
    template_name = "projects/portal/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pages = (
            self.scoped_pages()
            .specific()
            .prefetch_workflow_states()
            .select_related("latest_revision")
            .order_by("path")
        )
        rows = []
        for page in pages:
            state, comment = page_state(page)
            rows.append({"page": page, "state": state, "comment": comment})
        context["rows"] = rows
        return context


def _store_image(upload, title, user):
    Image = get_image_model()
    image = Image(title=title[:255], collection=uploads_collection(), uploaded_by_user=user)
    image.file = upload
    image._set_image_file_metadata()
    image.save()
    return image


def _unique_child_slug(parent, title):
    base = slugify(title)[:80].strip("-") or "page"
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


class PageFormView(MemberRequiredMixin, TemplateView):
    """Create or edit a project, a case study or the organisation's profile.

    "Save draft" saves a revision; "Save and preview" saves it and shows the preview;
    "Submit for review" saves a revision and starts the
    Partner content review workflow (or resumes it after changes were requested). The
    live version of a page is never touched here: it changes only when an editor
    approves the new revision.
    """

    template_name = "projects/portal/page_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = None
        self.kind = kwargs.get("kind")

    def load(self):
        page_id = self.kwargs.get("page_id")
        if page_id is None:
            if self.kind == "profile":
                self.page = self.org_page.specific
            elif self.kind in PAGE_KINDS:
                self.page = None
            else:
                raise Http404
        else:
            self.page = self.get_member_page(page_id)
        if self.page is None:
            self.model, self.form_class, self.image_model, self.noun = PAGE_KINDS[self.kind]
            self.draft = self.model(owner=self.request.user)
        else:
            if isinstance(self.page, OrganisationPage):
                self.model, self.form_class, self.image_model = (
                    OrganisationPage,
                    forms.OrganisationProfileForm,
                    None,
                )
                # Translators: a kind of page, as in "Edit organisation profile: …".
                self.noun = gettext("organisation profile")
            else:
                kind = "project" if isinstance(self.page, ProjectPage) else "case-study"
                self.model, self.form_class, self.image_model, self.noun = PAGE_KINDS[kind]
            self.draft = self.page.get_latest_revision_as_object()
        self.state, self.comment = page_state(self.page) if self.page else (gettext("New"), "")

    @property
    def locked(self):
        """A page awaiting review cannot change until it is decided or withdrawn."""
        return self.page is not None and self.page.workflow_in_progress

    def build_forms(self, data=None, files=None):
        kwargs = {"organisation": self.organisation}
        page_form = self.form_class(data, instance=self.draft, **kwargs)
        image_forms, upload_form, logo_form = [], None, None
        if self.image_model is not None:
            for i, page_image in enumerate(self.draft.images.all()):
                image_forms.append(
                    (
                        page_image,
                        forms.ExistingImageForm(
                            data,
                            prefix=f"image-{i}",
                            initial={
                                "alt_text": page_image.alt_text,
                                "caption": page_image.caption,
                            },
                        ),
                    )
                )
            upload_form = forms.ImageUploadForm(data, files, prefix="new")
        else:
            logo_form = forms.LogoForm(data, files, prefix="logo")
        return page_form, image_forms, upload_form, logo_form

    def get(self, request, *args, **kwargs):
        self.load()
        page_form, image_forms, upload_form, logo_form = self.build_forms()
        return self.render_forms(page_form, image_forms, upload_form, logo_form)

    def render_forms(self, page_form, image_forms, upload_form, logo_form, status=200):
        context = self.get_context_data(
            page=self.page,
            draft=self.draft,
            noun=self.noun,
            state=self.state,
            comment=self.comment,
            locked=self.locked,
            form=page_form,
            image_forms=image_forms,
            upload_form=upload_form,
            logo_form=logo_form,
            # Listed in the error summary after the page form's own errors.
            subforms=[f for _, f in image_forms] + [f for f in (upload_form, logo_form) if f],
        )
        return self.render_to_response(context, status=status)

    def post(self, request, *args, **kwargs):
        self.load()
        if self.locked:
            messages.error(
                request,
                gettext(
                    "This page is awaiting review, so it cannot be changed now. Withdraw it "
                    "from review first if you need to make changes."
                ),
            )
            return redirect("projects:portal_page_edit", page_id=self.page.pk)
        action = request.POST.get("action")
        submit = action == "submit"
        page_form, image_forms, upload_form, logo_form = self.build_forms(
            request.POST, request.FILES
        )
        subforms = [f for _, f in image_forms] + [f for f in (upload_form, logo_form) if f]
        if not (page_form.is_valid() and all([f.is_valid() for f in subforms])):
            # The error summary at the top of the form lists each error; nothing is saved.
            return self.render_forms(page_form, image_forms, upload_form, logo_form, status=400)
        try:
            with transaction.atomic():
                page = self.save(page_form, image_forms, upload_form, logo_form)
                if submit:
                    self.submit(page)
        except OSError as exc:
            if not is_storage_full(exc):
                raise
            # Nothing was saved (the transaction rolled back) and the storage removed
            # the part-written file: say so next to the file field.
            logger.error("Media storage is full: an upload was refused")
            field_form, field = (upload_form, "image") if upload_form else (logo_form, "logo")
            field_form.add_error(field, STORAGE_FULL_MESSAGE)
            messages.error(
                request, gettext("Your changes could not be saved. Nothing has been saved.")
            )
            response = self.render_forms(
                page_form, image_forms, upload_form, logo_form, status=503
            )
            response["Retry-After"] = "3600"
            return response
        if submit:
            messages.success(
                request,
                gettext(
                    "“%(title)s” has been submitted for review. We will email you when it "
                    "has been reviewed."
                )
                % {"title": page.draft_title},
            )
            return redirect("projects:portal_dashboard")
        if action == "preview":
            # "Save and preview": the draft is saved (a page is created on the first save),
            # then shown with the public template.
            messages.success(
                request,
                gettext(
                    "Draft saved. This is a preview of “%(title)s”; nobody else can see it "
                    "until it is approved."
                )
                % {"title": page.draft_title},
            )
            return redirect("projects:portal_page_preview", page_id=page.pk)
        messages.success(
            request,
            gettext("Draft saved. Submit “%(title)s” for review when it is ready.")
            % {"title": page.draft_title},
        )
        return redirect("projects:portal_page_edit", page_id=page.pk)

    def save(self, page_form, image_forms, upload_form, logo_form):
        user = self.request.user
        obj = page_form.save(commit=False)
        page_form.save_m2m()  # ParentalManyToMany: kept on the object until committed
        if self.image_model is not None:
            kept = []
            for page_image, form in image_forms:
                if form.cleaned_data["remove"]:
                    continue
                page_image.alt_text = form.cleaned_data["alt_text"]
                page_image.caption = form.cleaned_data["caption"]
                kept.append(page_image)
            if upload_form.cleaned_data.get("image"):
                alt = upload_form.cleaned_data["alt_text"].strip()
                image = _store_image(upload_form.cleaned_data["image"], alt, user)
                kept.append(
                    self.image_model(
                        image=image, alt_text=alt, caption=upload_form.cleaned_data["caption"]
                    )
                )
            for order, page_image in enumerate(kept):
                page_image.sort_order = order
            obj.images = kept
        elif logo_form is not None:
            if logo_form.cleaned_data.get("logo"):
                obj.logo = _store_image(logo_form.cleaned_data["logo"], obj.title, user)
            elif logo_form.cleaned_data.get("remove_logo"):
                obj.logo = None

        if self.page is None:
            obj.slug = _unique_child_slug(self.org_page, obj.title)
            obj.owner = user
            obj.live = False
            self.org_page.add_child(instance=obj)
            log(instance=obj, action="wagtail.create", user=user)
        elif not self.page.live:
            obj.save()
        # A live page keeps its live content: only the new revision holds the changes.
        obj.save_revision(user=user, log_action=True)
        return Page.objects.get(pk=obj.pk).specific

    def submit(self, page):
        user = self.request.user
        workflow_state = page.current_workflow_state
        if (
            workflow_state is not None
            and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
        ):
            workflow_state.resume(user=user)
        else:
            partner_workflow().start(page, user)


class WithdrawView(MemberRequiredMixin, View):
    """Take a page back out of review (cancels Wagtail's workflow state)."""

    def post(self, request, page_id):
        page = self.get_member_page(page_id)
        with transaction.atomic():
            # Lock in the same order as a reviewer's decision: task state, then workflow.
            workflow_state = WorkflowState.objects.for_instance(page).active().first()
            if workflow_state is not None:
                list(
                    TaskState.objects.select_for_update().filter(
                        workflow_state=workflow_state, status=TaskState.STATUS_IN_PROGRESS
                    )
                )
                workflow_state = (
                    WorkflowState.objects.select_for_update()
                    .filter(pk=workflow_state.pk, status__in=["in_progress", "needs_changes"])
                    .first()
                )
            if workflow_state is None:
                messages.info(
                    request,
                    gettext("That page is not in review, so there was nothing to withdraw."),
                )
            else:
                workflow_state.cancel(user=request.user)
                messages.success(
                    request,
                    gettext(
                        "“%(title)s” has been withdrawn from review. Your changes are kept as "
                        "a draft."
                    )
                    % {"title": page.draft_title},
                )
        return redirect("projects:portal_page_edit", page_id=page.pk)


class PreviewView(MemberRequiredMixin, View):
    """The latest draft, rendered with the public template (never indexed)."""

    def get(self, request, page_id):
        page = self.get_member_page(page_id)
        draft = page.get_latest_revision_as_object()
        response = draft.serve_preview(request, draft.default_preview_mode)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

"""Revision history in the admin that cannot be used to get around the workflow.

django-reversion's views revert the chosen revision first and only then run the
ordinary change form, so the change form's permission check sees the *old* state:
a reporter could revert a published article to an earlier "in review" version
(taking it off the site and making it theirs to rewrite). Its views also find a
version by primary key alone, so a version of another model (or, for "recover",
of an object that still exists) could be reverted through any history page.

`WorkflowVersionAdmin` checks, before anything is reverted:
- the version belongs to this admin's model (its content type) and, for a revert,
  to the object in the address; a recover only brings back an object that is gone;
- the revision changes nothing else with its own history in the admin (a revision
  holds one object and what it follows, such as an article's byline);
- the user may change the object as it is now *and* as it would be after the
  revert (for articles, `articles.roles`: a Reporter only their own drafts and
  reviews, an Editor anything).
"""

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from reversion.admin import VersionAdmin
from reversion.models import Version


class WorkflowVersionAdmin(VersionAdmin):
    def revision_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context=None
    ) -> HttpResponse:
        version = self._version_for_this_model(version_id)
        current = self.get_object(request, unquote(object_id))
        if current is None or version.object_id != str(current.pk):
            raise Http404("No such version of this object.")
        if not self.has_change_permission(request, current):
            raise PermissionDenied
        self._check_revision(request, version)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(
        self, request: HttpRequest, version_id: str, extra_context=None
    ) -> HttpResponse:
        version = self._version_for_this_model(version_id)
        if self.model._default_manager.filter(pk=version.object_id).exists():
            # Still there: going back is a revert, from its own history page.
            raise Http404("This object was not deleted.")
        if not self.has_add_permission(request):
            raise PermissionDenied
        self._check_revision(request, version)
        return super().recover_view(request, version_id, extra_context)

    def _version_for_this_model(self, version_id: str) -> Version:
        content_type = ContentType.objects.get_for_model(self.model)
        return get_object_or_404(
            Version.objects.select_related("revision"), pk=version_id, content_type=content_type
        )

    def _check_revision(self, request: HttpRequest, version: Version) -> None:
        """The state after the revert must be one the user may change, and the
        revision must not carry other objects that have their own history."""
        if not self.has_change_permission(request, version._object_version.object):
            raise PermissionDenied
        guarded = {
            ContentType.objects.get_for_model(model).pk
            for model, model_admin in self.admin_site._registry.items()
            if isinstance(model_admin, VersionAdmin)
        }
        for other in version.revision.version_set.exclude(pk=version.pk):
            if other.content_type_id in guarded:
                raise PermissionDenied

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from . import roles
from .models import Article
from .tags import TagName


class ArticleAdminForm(forms.ModelForm):
    """The admin's article form: workflow rules for each role, and the "Updated" stamp.

    `user` is set on the class by ArticleAdmin.get_form for the request's user.
    """

    user = None

    def clean_language(self) -> str:
        # Optional in the form: an article written without choosing is in the default edition.
        return self.cleaned_data.get("language") or settings.LANGUAGE_CODE

    mark_updated = forms.BooleanField(
        label=_("Show as updated now"),
        required=False,
        help_text=(
            _(
                "For corrections and substantial changes to a published article: readers "
                'see "Updated" with the time of this save.'
            )
        ),
    )

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "body",
            "section",
            "tags",
            "related_articles",
            "top_story",
            "lead_image",
            "lead_image_alt",
            "lead_image_caption",
            "lead_image_credit",
            "status",
            "publish_at",
            "updated_at",
            "correction",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "language" in self.fields:
            self.fields["language"].required = False
        if self.user is not None and not roles.can_publish(self.user) and "status" in self.fields:
            self.fields["status"].choices = [
                choice for choice in Article.Status.choices if choice[0] in roles.REPORTER_STATUSES
            ]
            self.fields[
                "status"
            ].help_text = "Submit for review when it is ready; an editor publishes it."

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        if (
            self.user is not None
            and not roles.can_publish(self.user)
            and status not in roles.REPORTER_STATUSES
        ):
            raise forms.ValidationError("Only editors can schedule, publish or unpublish.")
        return status

    def clean(self) -> dict:
        cleaned = super().clean()
        status = cleaned.get("status")
        publish_at = cleaned.get("publish_at")
        now = timezone.now()
        if status == Article.Status.SCHEDULED:
            if publish_at is None:
                self.add_error("publish_at", "Give the time it should go live.")
            elif publish_at <= now:
                self.add_error(
                    "publish_at",
                    "That time has passed: choose a future time, or publish it now.",
                )
        if status == Article.Status.PUBLISHED:
            if publish_at is None:
                cleaned["publish_at"] = now
            elif publish_at > now:
                # Publishing "later" is what scheduling means; say so rather than guess.
                self.add_error(
                    "publish_at",
                    'That time is in the future: choose "Scheduled" to publish it then.',
                )
        if cleaned.get("mark_updated") or self._correction_changed(cleaned):
            if self.instance.pk and self.instance.is_live():
                cleaned["updated_at"] = now
        return cleaned

    def _correction_changed(self, cleaned: dict) -> bool:
        return bool(cleaned.get("correction")) and "correction" in self.changed_data


class TagNamesForm(forms.ModelForm):
    """A tag with its name in every other language (`name_<code>` fields, built by
    `tag_admin_form` from settings.LANGUAGES); an empty one removes that name."""

    class Meta:
        model = Tag
        fields = ["name", "slug"]

    @classmethod
    def name_fields(cls) -> list[str]:
        return [f"name_{code}" for code in _other_languages()]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            for written in self.instance.names.all():
                self.initial[f"name_{written.language}"] = written.name

    def names_save(self) -> None:
        for code in _other_languages():
            name = self.cleaned_data.get(f"name_{code}", "").strip()
            if name:
                TagName.objects.update_or_create(
                    tag=self.instance, language=code, defaults={"name": name}
                )
            else:
                TagName.objects.filter(tag=self.instance, language=code).delete()


def _other_languages() -> dict[str, str]:
    return {code: name for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE}


def tag_admin_form() -> type[TagNamesForm]:
    """The tag form with one name field per language other than the default (read at
    call time, so a newsroom's own LANGUAGES apply)."""
    fields = {
        f"name_{code}": forms.CharField(
            label=_("Name (%(language)s)") % {"language": name},
            max_length=TagName._meta.get_field("name").max_length,
            required=False,
            help_text=_("Shown to readers of this edition. Empty: the name above."),
        )
        for code, name in _other_languages().items()
    }
    return type("TagAdminForm", (TagNamesForm,), fields)

from django.db import models
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, Page, RevisionMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .blocks import BaseStreamBlock


class People(index.Indexed, models.Model):
    first_name = models.CharField("First name", max_length=254)
    last_name = models.CharField("Last name", max_length=254)
    job_title = models.CharField("Job title", max_length=254)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    search_fields = [
        index.SearchField("first_name"),
        index.SearchField("last_name"),
    ]

    @property
    def thumb_image(self):
        try:
            return self.image.get_rendition("fill-50x50").img_tag()
        except Exception:
            return ""

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    class Meta:
        verbose_name = "Person"
        verbose_name_plural = "People"


class FooterText(DraftStateMixin, RevisionMixin, models.Model):
    body = RichTextField()

    def __str__(self):
        return "Footer text"

    class Meta:
        verbose_name_plural = "Footer Text"


register_snippet(People)
register_snippet(FooterText)


class StandardPage(Page):
    introduction = models.TextField(blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BaseStreamBlock(), verbose_name="Page body", blank=True)

"""One bakerydemo blog page for `make bench`, shaped like bakerydemo's own demo posts.

Home page with five menu pages (as bakerydemo's About, Breads, Locations, Blog,
Gallery), a blog index, and a blog page with a hero image, two authors with avatars,
four tags and a StreamField body of headings, paragraphs, an image and a quote about
as long as the newsroom's demo article. Prints the blog page's path.
"""

import io
import json

from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.images.models import Image
from wagtail.models import Page, Site

from bakerydemo.base.models import FooterText, People, StandardPage
from bakerydemo.blog.models import BlogIndexPage, BlogPage, BlogPersonRelationship

PARAGRAPH = (
    "<p>The first loaves were flat, baked on hot stones; leavened bread came when wild "
    "yeasts found a forgotten dough. A <a href='https://example.org/'>good bakery</a> "
    "still relies on <b>flour</b>, water, salt and time.</p>"
)


def image(title: str, size: tuple[int, int]) -> Image:
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (200, 150, 90)).save(buffer, "JPEG")
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.jpg")
    )


class Command(BaseCommand):
    def handle(self, *args, **options):
        root = Page.get_first_root_node()
        for page in root.get_children():
            page.delete()
        home = root.add_child(instance=StandardPage(title="Home", slug="home"))
        Site.objects.all().delete()
        Site.objects.create(hostname="127.0.0.1", port=80, root_page=home, is_default_site=True)
        for title in ("Breads", "Locations", "Gallery", "About"):
            home.add_child(instance=StandardPage(title=title, show_in_menus=True))
        hero = image("Bread hero", (2400, 1000))
        blog = home.add_child(
            instance=BlogIndexPage(title="Blog", show_in_menus=True, introduction="News.")
        )
        people = [
            People.objects.create(
                first_name=first, last_name=last, job_title="Baker", image=image(first, (400, 400))
            )
            for first, last in (("Olivia", "Ava"), ("Roberta", "Johnson"))
        ]
        FooterText.objects.create(body="<p>Bakerydemo, a Wagtail demo site.</p>", live=True)
        body = []
        for section in range(3):
            body.append(
                {"type": "heading_block", "value": {"heading_text": f"Part {section + 1}", "size": "h2"}}
            )
            body.extend({"type": "paragraph_block", "value": PARAGRAPH} for _ in range(2))
            if section == 1:
                body.append(
                    {"type": "image_block", "value": {"image": hero.pk, "caption": "A loaf", "attribution": "Baker"}}
                )
                body.append(
                    {"type": "block_quote", "value": {"text": "Good bread takes time.", "attribute_name": "A baker"}}
                )
        post = BlogPage(
            title="The history of bread",
            subtitle="From flat stones to sourdough",
            introduction="How a handful of grain, water and wild yeast became the loaf.",
            image=hero,
            body=json.dumps(body),
            date_published=timezone.now().date(),
        )
        post.blog_person_relationship = [BlogPersonRelationship(person=p) for p in people]
        post.tags.add("bread", "history", "sourdough", "baking")
        blog.add_child(instance=post)
        post.save_revision().publish()
        self.stdout.write(json.dumps({"path": post.url}))

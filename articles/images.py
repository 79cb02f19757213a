"""Responsive renditions of lead images, made by django-imagekit from the upload.

Each rendition is an ImageSpecField on Article (`lead_<width>_<format>`), stored
under MEDIA_ROOT/CACHE/. They are made in the background after an upload
(`articles.tasks.article_renditions_generate`), and otherwise on first use
(imagekit's JustInTime strategy, which remembers in the cache that a file exists, so
a page render costs no database queries). Pages use them in a <picture>: AVIF, then
WebP, then a JPEG fallback.
"""

import posixpath
import uuid

from imagekit.models import ImageSpecField
from pilkit.processors import ResizeToFill, ResizeToFit

RENDITION_WIDTHS = (480, 960, 1440)
FALLBACK_WIDTH = 960
FORMATS = (("avif", "AVIF", "image/avif", 55), ("webp", "WEBP", "image/webp", 75))
# libavif's default speed takes ~2 s for a 1440 px image; speed 8 takes a fifth of
# that for files under a tenth larger.
AVIF_SPEED = 8
LEAD_RENDITIONS = [
    f"lead_{width}_{suffix}" for width in RENDITION_WIDTHS for suffix, *_ in FORMATS
] + ["lead_960_jpeg", "lead_social"]


def lead_image_upload_to(instance, filename: str) -> str:
    extension = posixpath.splitext(filename)[1].lower() or ".jpg"
    return f"lead-images/{uuid.uuid4().hex}{extension}"


def rendition(width: int, image_format: str, quality: int) -> ImageSpecField:
    return ImageSpecField(
        source="lead_image",
        processors=[ResizeToFit(width=width, upscale=False)],
        format=image_format,
        options={"quality": quality, **({"speed": AVIF_SPEED} if image_format == "AVIF" else {})},
    )


def social_rendition() -> ImageSpecField:
    """1200 by 630 JPEG, the size Open Graph and Twitter cards expect."""
    return ImageSpecField(
        source="lead_image",
        processors=[ResizeToFill(1200, 630)],
        format="JPEG",
        options={"quality": 80},
    )


def author_photo_rendition() -> ImageSpecField:
    return ImageSpecField(
        source="photo",
        processors=[ResizeToFill(192, 192)],
        format="WEBP",
        options={"quality": 80},
    )


def rendition_fields(article) -> list[dict]:
    """<source> descriptions for the article's lead image, widest rendition last.

    Widths beyond the original are left out: imagekit does not upscale, so they
    would only repeat the original under a false `w` descriptor.
    """
    if not article.lead_image:
        return []
    original = article.lead_image_width or max(RENDITION_WIDTHS)
    widths = [width for width in RENDITION_WIDTHS if width <= original] or [RENDITION_WIDTHS[0]]
    return [
        {
            "type": mime,
            "srcset": ", ".join(
                f"{getattr(article, f'lead_{width}_{suffix}').url} {min(width, original)}w"
                for width in widths
            ),
        }
        for suffix, _, mime, _ in FORMATS
    ]


def renditions_generate(article) -> None:
    """Make every rendition of the article's lead image that does not exist yet."""
    if article.lead_image:
        for name in LEAD_RENDITIONS:
            getattr(article, name).generate()

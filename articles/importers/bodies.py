"""Turning imported post HTML into what our body editor holds.

WordPress bodies carry block-editor comments (`<!-- wp:paragraph -->`), shortcodes
(`[caption]`, `[gallery]`, `[embed]`) and, for posts written before the block
editor, paragraphs separated only by blank lines (WordPress adds the <p> tags when
it shows them). Ghost bodies carry "cards". Both become plain paragraphs, headings
(levels 2 and 3, what the editor offers), lists, quotes, links and figures with our own
copies of the images. The result still goes through the article sanitiser on save,
which removes anything hostile exactly as for an editor's input; this module only
decides what to keep in the editor's terms.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

# The block editor's delimiters: <!-- wp:name {"json"} --> and <!-- /wp:name -->.
BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
# A shortcode tag: [name attrs], [name attrs /] or [/name]; [[name]] is an escaped one.
SHORTCODE_TAG = re.compile(r"\[(/?)([a-zA-Z][\w-]*)((?:\s[^\]]*)?)\]")
SHORTCODE_ATTR = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*\'([^\']*)\'|(\S+)')
BLOCK_TAGS = (
    "p|div|h[1-6]|ul|ol|li|blockquote|figure|pre|table|hr|dl|address|section|"
    "article|aside|iframe|form|header|footer|nav|details|figcaption"
)
STARTS_WITH_BLOCK = re.compile(rf"^\s*<(?:{BLOCK_TAGS})[\s>/]", re.IGNORECASE)
MEDIA_SHORTCODES = {"embed", "video", "audio", "playlist", "wpvideo", "youtube", "vimeo"}
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")

# Given an image's address (and the attachment id WordPress noted on it, if any),
# the address of our copy, or None when it could not be had.
ImageResolver = Callable[[str, str], str | None]
# Given WordPress attachment ids (none: the post's own attachments), their images.
GalleryLookup = Callable[[list[str]], list[tuple[str, str, str, str]]]  # url, alt, caption, id


@dataclass
class BodyResult:
    html: str
    warnings: list[str] = field(default_factory=list)
    images: int = 0


def parse_shortcode_attributes(text: str) -> dict[str, str]:
    attributes, position = {}, 0
    for match in SHORTCODE_ATTR.finditer(text.strip()):
        if match.group(1):
            attributes[match.group(1).lower()] = match.group(2)
        elif match.group(3):
            attributes[match.group(3).lower()] = match.group(4)
        else:
            attributes[str(position)] = match.group(5).strip("\"'")
            position += 1
    return attributes


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


class _Shortcodes:
    """Replaces shortcodes with HTML, innermost-known first, unknown ones unwrapped."""

    def __init__(self, gallery: GalleryLookup, warnings: list[str]):
        self.gallery = gallery
        self.warnings = warnings

    def render(self, text: str) -> str:
        result, position = [], 0
        for match in SHORTCODE_TAG.finditer(text):
            if match.start() < position:
                continue
            closing, name, raw_attributes = match.group(1), match.group(2).lower(), match.group(3)
            start = match.start()
            if start > 0 and text[start - 1] == "[" and text[match.end() : match.end() + 1] == "]":
                # [[caption]] is WordPress's way to show a literal shortcode.
                result.append(text[position : start - 1] + match.group(0))
                position = match.end() + 1
                continue
            result.append(text[position:start])
            position = match.end()
            if closing:
                continue  # a stray closing tag: drop it
            inner = None
            closer = re.compile(rf"\[/{re.escape(match.group(2))}\]", re.IGNORECASE)
            if not raw_attributes.rstrip().endswith("/"):
                end = closer.search(text, position)
                if end:
                    inner = text[position : end.start()]
                    position = end.end()
            attributes = parse_shortcode_attributes(raw_attributes.rstrip("/"))
            result.append(self.replace(name, attributes, inner))
        result.append(text[position:])
        return "".join(result)

    def replace(self, name: str, attributes: dict[str, str], inner: str | None) -> str:
        if name in ("caption", "wp_caption"):
            inner = inner or ""
            caption = attributes.get("caption", "")
            # The caption is the text after the image (or the attribute, older form).
            split = re.match(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", inner, re.S)
            image, text = (split.group(1), split.group(2)) if split else (inner, "")
            caption = caption or text.strip()
            return f"\n\n<figure>{image}<figcaption>{caption}</figcaption></figure>\n\n"
        if name == "gallery":
            ids = [i.strip() for i in attributes.get("ids", "").split(",") if i.strip()]
            images = self.gallery(ids)
            if not images:
                self.warnings.append("a gallery with no images in the export was left out")
            return "".join(
                f'\n\n<figure><img src="{_escape(url)}" alt="{_escape(alt)}"'
                f' data-attachment="{_escape(attachment_id)}">'
                + (f"<figcaption>{_escape(caption)}</figcaption>" if caption else "")
                + "</figure>\n\n"
                for url, alt, caption, attachment_id in images
            )
        if name in MEDIA_SHORTCODES:
            url = (
                (inner or "").strip()
                or attributes.get("src", "")
                or attributes.get("url", "")
                or next(
                    (
                        attributes[k]
                        for k in ("mp3", "mp4", "m4a", "ogg", "webm")
                        if k in attributes
                    ),
                    "",
                )
                or attributes.get("0", "")
            )
            if url.startswith(("http://", "https://")):
                return f'\n\n<p><a href="{_escape(url)}">{_escape(url)}</a></p>\n\n'
            self.warnings.append(f"a [{name}] with no address was left out")
            return ""
        self.warnings.append(f"the [{name}] shortcode was removed (its text is kept)")
        return self.render(inner) if inner else ""


def autop(text: str) -> str:
    """Paragraphs from blank lines, line breaks from single newlines (what WordPress
    does when it shows a post written in the classic editor)."""
    chunks = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    out = []
    for chunk in chunks:
        if not chunk.strip():
            continue
        if STARTS_WITH_BLOCK.match(chunk):
            out.append(chunk.strip())
        else:
            out.append("<p>" + chunk.strip().replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


def _remove_keeping_tail(element) -> None:
    """Take an element out, leaving the text that followed it where it was."""
    parent = element.getparent()
    tail = element.tail
    previous = element.getprevious()
    parent.remove(element)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _figure(image, caption=None):
    figure = etree.Element("figure")
    image.tail = None
    figure.append(image)
    if caption is not None and (caption.text_content() or "").strip():
        caption.tail = None
        figure.append(caption)
    return figure


def _resolve_images(root, resolve: ImageResolver, result: BodyResult) -> None:
    for image in list(root.iter("img")):
        src = image.get("src", "").strip()
        if src.startswith("//"):
            src = "https:" + src
        attachment = image.get("data-attachment") or ""
        if not attachment and (found := WP_IMAGE_CLASS.search(image.get("class", ""))):
            attachment = found.group(1)
        parent = image.getparent()
        # A link around an image usually points at the same picture's full size.
        if (
            parent is not None
            and parent.tag == "a"
            and len(parent) == 1
            and not (parent.text or "").strip()
        ):
            parent.drop_tag()
        new_src = resolve(src, attachment) if src.startswith(("http://", "https://")) else None
        if not new_src:
            if not src.startswith(("http://", "https://")):
                result.warnings.append(f"image “{src[:80]}” left out: not a web address")
            _remove_keeping_tail(image)
            continue
        result.images += 1
        alt = image.get("alt", "")
        for attribute in list(image.attrib):
            del image.attrib[attribute]
        image.set("src", new_src)
        image.set("alt", alt)


def _rebuild_figures(root) -> None:
    """One image per figure, with its caption; figures around no image (pull quotes,
    embeds) give way to their content."""
    for figure in [
        f for f in root.iter("figure") if not any(a.tag == "figure" for a in f.iterancestors())
    ]:
        images = list(figure.iter("img"))
        if not images:
            for caption in list(figure.iter("figcaption")):
                caption.tag = "p"
            figure.drop_tag()
            continue
        own_caption = next((c for c in figure if c.tag == "figcaption"), None)
        replacements = []
        for image in images:
            holder = next((a for a in image.iterancestors() if a.tag == "figure"), None)
            caption = None
            if holder is not None and holder is not figure and len(list(holder.iter("img"))) == 1:
                caption = next((c for c in holder.iter("figcaption")), None)
            elif len(images) == 1:
                caption = own_caption
            replacements.append(_figure(image, caption))
        if own_caption is not None and len(images) > 1 and own_caption.getparent() is figure:
            own_caption.tag = "p"
            own_caption.tail = None
            replacements.append(own_caption)
        for replacement in replacements:
            figure.addprevious(replacement)
        _remove_keeping_tail(figure)


def _wrap_loose_images(root) -> None:
    for image in list(root.iter("img")):
        if any(a.tag == "figure" for a in image.iterancestors()):
            continue
        holder = image
        while holder.getparent() is not None and holder.getparent() is not root:
            holder = holder.getparent()
        if holder is image:
            tail = image.tail
            figure = etree.Element("figure")
            image.addprevious(figure)
            image.tail = None
            figure.append(image)
            figure.tail = tail
            continue
        _remove_keeping_tail(image)
        holder.addnext(_figure(image))
        if not holder.text_content().strip() and not list(holder.iter("img")):
            _remove_keeping_tail(holder)


def _tidy(root, resolve: ImageResolver, result: BodyResult) -> None:
    for heading in root.iter("h1", "h4", "h5", "h6"):
        heading.tag = "h2" if heading.tag == "h1" else "h3"
    _resolve_images(root, resolve, result)
    _rebuild_figures(root)
    _wrap_loose_images(root)


def convert_body(
    html: str,
    *,
    resolve: ImageResolver,
    gallery: GalleryLookup | None = None,
    wordpress: bool = False,
) -> BodyResult:
    """Imported HTML (WordPress when `wordpress`, else Ghost/plain) in our editor's terms."""
    result = BodyResult(html="")
    if not html or not html.strip():
        return result
    text = html
    if wordpress:
        is_block_post = "<!-- wp:" in text
        text = BLOCK_COMMENT.sub("", text)
        text = _Shortcodes(gallery or (lambda ids: []), result.warnings).render(text)
        if not is_block_post:
            text = autop(text)
    try:
        fragments = lxml.html.fragments_fromstring(text)
    except etree.ParserError:
        return result
    root = lxml.html.Element("div")
    for fragment in fragments:
        if isinstance(fragment, str):
            if root.__len__():
                root[-1].tail = (root[-1].tail or "") + fragment
            else:
                root.text = (root.text or "") + fragment
        else:
            root.append(fragment)
    _tidy(root, resolve, result)
    inner = (root.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in root
    )
    result.html = inner.strip()
    return result

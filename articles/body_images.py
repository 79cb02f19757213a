"""Pictures inside article bodies come from our own storage only.

The editor can hold figures (imported posts bring many), and the sanitiser keeps any
`<img>` with an http(s) or relative address. Pictures from elsewhere would be
hot-linked (the reader's browser calling another site, which our Content Security
Policy blocks anyway), so after sanitising, images whose address is not under
MEDIA_URL are removed; importers copy pictures into our storage first.
"""

from django.conf import settings

from newsroom.html_fragments import fragment_parse, fragment_serialize


def body_images_keep_ours(html: str) -> str:
    if "<img" not in html:
        return html
    container = fragment_parse(html)
    changed = False
    for image in list(container.iter("img")):
        src = image.get("src", "")
        if not src.startswith(settings.MEDIA_URL) or ".." in src:
            image.drop_tree()
            changed = True
    for figure in list(container.iter("figure")):
        if not list(figure.iter("img")):
            figure.drop_tag()
            changed = True
    if not changed:
        return html
    return fragment_serialize(container)

"""Pictures inside article bodies come from our own storage only.

The editor can hold figures (imported posts bring many), and the sanitiser keeps any
`<img>` with an http(s) or relative address. Pictures from elsewhere would be
hot-linked (the reader's browser calling another site, which our Content Security
Policy blocks anyway), so after sanitising, images whose address is not under
MEDIA_URL are removed; importers copy pictures into our storage first.
"""

import lxml.html
from django.conf import settings
from lxml import etree


def body_images_keep_ours(html: str) -> str:
    if "<img" not in html:
        return html
    fragments = lxml.html.fragments_fromstring(html)
    container = lxml.html.Element("div")
    for fragment in fragments:
        if isinstance(fragment, str):
            if len(container):
                container[-1].tail = (container[-1].tail or "") + fragment
            else:
                container.text = (container.text or "") + fragment
        else:
            container.append(fragment)
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
    return (container.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in container
    )

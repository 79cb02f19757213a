"""Editing a fragment of HTML (a body from the editor) with lxml, as a whole.

lxml parses a fragment into a list of elements and loose text; held in one
container element, it can be walked and changed, then written back as the same
kind of fragment (the container itself left out)."""

import lxml.html
from lxml import etree


def fragment_parse(html: str) -> lxml.html.HtmlElement:
    """The fragment's elements and text inside one `<div>` container."""
    container = lxml.html.Element("div")
    for fragment in lxml.html.fragments_fromstring(html):
        if isinstance(fragment, str):
            if len(container):
                container[-1].tail = (container[-1].tail or "") + fragment
            else:
                container.text = (container.text or "") + fragment
        else:
            container.append(fragment)
    return container


def fragment_serialize(container: lxml.html.HtmlElement) -> str:
    """The container's contents as HTML, without the container."""
    return (container.text or "") + "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in container
    )

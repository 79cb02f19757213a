"""Moving a newsroom in: importers for WordPress (WXR) and Ghost (JSON) exports.

`wordpress` and `ghost` read an export into plain records (`records`); `writer`
turns records into articles, authors, sections, tags, images and redirects, keyed
on the source system's ids (`ImportedItem`), so running an import again updates
rather than duplicates; `bodies` turns imported HTML into what our editor and
sanitiser accept; `media` fetches images from a local folder or over HTTP;
`runs` drives an import for the commands and the admin (`ImportRun`).
"""

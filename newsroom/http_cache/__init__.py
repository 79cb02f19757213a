"""HTTP caching for anonymous readers: shared-cache headers, Django's page cache, purges.

A reader without a session (no session or messages cookie) gets the same bytes as
every other such reader, so those pages are marked `public` for any shared cache
(the shipped nginx front cache in `deploy/nginx/`, a CDN) and kept in Django's own
page cache. Everything else is `private`. The pieces:

- `policy`: which requests and responses are public, and the headers they carry;
- `store`: Django's page cache, with surrogate keys ("tags") invalidated by version;
- `middleware`: serves hits, stores misses, sets the headers;
- `invalidation`: which editorial changes drop which tags;
- `purge`: the hook that tells a front cache or CDN which pages changed;
- `crosssite`: how the forms on cached pages are protected without a per-reader token.
"""

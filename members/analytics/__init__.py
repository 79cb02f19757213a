"""Reader analytics: cookie-free counting of readers and what leads them to pay.

It lives in `members` because its purpose is reader revenue: which stories, banners
and newsletters bring members, and the measured "one in N readers" figure.

- `beacon.py`: the endpoint the first-party script (`static/js/analytics.js`) posts
  to, answered early by `middleware.py`. It writes nothing to the database: each
  view goes into the process's buffer.
- `buffer.py`: that buffer, and `flush.py`, which folds it into daily roll-ups in
  batches (a background thread in each web process, and once more when it stops).
- `models.py`: the roll-ups (one row per day and page, referrer, campaign event...),
  the day's salt, and `Conversion`, the attribution of each paid membership or gift.
- `dashboard.py` + `charts.py`: the admin dashboard's figures and its SVG charts.
"""

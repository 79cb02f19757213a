"""The demo's imported article: a small WordPress export shipped with the code.

Its dates are set a few hours back at load time so the imported post shows among the
demo's recent articles, and its one picture is drawn like the other demo pictures and
put in a throwaway uploads folder, as an operator would pass the old site's
`wp-content/uploads` with `--images`.
"""

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from django.utils import timezone

from .. import demo_images
from .models import Source
from .runs import ImportOptions, import_run

SAMPLE = Path(__file__).parent / "sample" / "wordpress-sample.xml"
HOURS_AGO = 5


def load(*, stdout: TextIO) -> None:
    published = (timezone.now() - timedelta(hours=HOURS_AGO)).replace(
        minute=0, second=0, microsecond=0
    )
    local = timezone.localtime(published)
    text = SAMPLE.read_text()
    for placeholder, value in {
        "{{YEAR}}": f"{local:%Y}",
        "{{MONTH}}": f"{local:%m}",
        "{{DAY}}": f"{local:%d}",
        "{{PUBDATE}}": f"{published:%a, %d %b %Y %H:%M:%S +0000}",
        "{{LOCAL}}": f"{local:%Y-%m-%d %H:%M:%S}",
        "{{GMT}}": f"{published:%Y-%m-%d %H:%M:%S}",
    }.items():
        text = text.replace(placeholder, value)
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "export.xml"
        export.write_text(text)
        picture = Path(folder) / "uploads" / "2026" / "11" / "night-tram.jpg"
        picture.parent.mkdir(parents=True)
        picture.write_bytes(demo_images.scene(seed=77, mood="night", motif="railway"))
        report = import_run(
            source=Source.WORDPRESS,
            path=export,
            options=ImportOptions(images_dir=picture.parents[2], download_images=False),
        )
    stdout.write(
        "Imported from the sample WordPress export: "
        + ", ".join(
            f"{n} {kind} {action}"
            for action in ("created", "updated", "unchanged")
            for kind, n in getattr(report, action).items()
        )
    )

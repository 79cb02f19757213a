"""A large WordPress export is read in bounded memory.

    make bench ARGS="-k streaming"

Builds exports of BENCH_WXR_MB and four times that (default 50 MB and 200 MB) and
reads each fully (the checking pass and every post) in a fresh process, measuring
its peak resident memory (lxml's tree lives outside Python's allocator, so
tracemalloc would not see it). Streaming means the peak does not grow with the file:
the larger file's peak must stay within 1.5 times the smaller one's.
"""

import os
import subprocess
import sys
from pathlib import Path

MEGABYTES = int(os.environ.get("BENCH_WXR_MB", "50"))
PARAGRAPH = "<p>" + "Reporting from the city, paragraph after paragraph. " * 20 + "</p>\n"


def _export(path: Path, megabytes: int) -> Path:
    body = PARAGRAPH * 20  # about 20 kB a post
    with path.open("w") as handle:
        handle.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Big</title>'
            "<wp:wxr_version>1.2</wp:wxr_version>"
        )
        post = 0
        while handle.tell() < megabytes * 1024 * 1024:
            post += 1
            handle.write(
                f"<item><title>Post {post}</title><dc:creator>editor</dc:creator>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded>"
                f"<wp:post_id>{post}</wp:post_id><wp:post_name>post-{post}</wp:post_name>"
                "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                "<wp:post_date_gmt>2024-05-14 09:00:00</wp:post_date_gmt>"
                '<category domain="category" nicename="news"><![CDATA[News]]></category>'
                "</item>\n"
            )
        handle.write("</channel></rss>\n")
    return path


READ = """
import resource, sys, django
django.setup()
from articles.importers.wordpress import WxrReader
reader = WxrReader(sys.argv[1])
reader.scan()
posts = sum(1 for _ in reader.items())
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, posts)
"""


def _peak_reading(path: Path) -> tuple[int, int]:
    """Peak resident bytes of a process that reads the export, and the posts read."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", READ, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
    )
    peak, posts = result.stdout.split()
    return int(peak), int(posts)


def test_reading_four_times_the_export_takes_no_more_memory(tmp_path):
    small_peak, small_posts = _peak_reading(_export(tmp_path / "small.xml", MEGABYTES))
    large_peak, large_posts = _peak_reading(_export(tmp_path / "large.xml", MEGABYTES * 4))

    print(
        f"\n{MEGABYTES} MB, {small_posts} posts: peak {small_peak / 1e6:.1f} MB; "
        f"{MEGABYTES * 4} MB, {large_posts} posts: peak {large_peak / 1e6:.1f} MB"
    )
    assert large_posts > 3 * small_posts
    assert large_peak < 1.5 * small_peak

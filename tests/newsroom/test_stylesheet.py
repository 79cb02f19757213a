"""The committed stylesheet is what its sources build to.

static/css/newsroom.css is committed so the site runs without Node.js; this test
rebuilds it from scss/ with the pinned Dart Sass and fails when someone changed a
source without running `make css` (or edited the built file by hand).
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SASS = ROOT / "node_modules" / ".bin" / "sass"


def build_command(output: Path) -> list[str]:
    """`npm run build:css` from package.json, writing to `output` instead."""
    script = json.loads((ROOT / "package.json").read_text())["scripts"]["build:css"]
    words = script.split()
    assert words[0] == "sass" and words[-1] == "static/css/newsroom.css"
    return [str(SASS), *words[1:-1], str(output)]


def test_the_committed_stylesheet_is_built_from_its_sources(tmp_path):
    if not SASS.exists():
        if os.environ.get("CI"):
            pytest.fail("CI needs the pinned Sass: run `make install` (npm ci).")
        pytest.skip("Sass is not installed: run `make install` to check the stylesheet.")
    output = tmp_path / "newsroom.css"

    subprocess.run(build_command(output), cwd=ROOT, check=True, capture_output=True)  # noqa: S603

    committed = (ROOT / "static" / "css" / "newsroom.css").read_text()
    assert output.read_text() == committed, (
        "static/css/newsroom.css is out of date with scss/: run `make css` and commit it."
    )


def test_the_stylesheet_carries_only_the_bootstrap_parts_we_use():
    css = (ROOT / "static" / "css" / "newsroom.css").read_text()

    # Parts the templates use are there...
    for selector in (".navbar-toggler", ".form-control", ".btn-primary", ".pagination", ".card"):
        assert selector in css
    # ...and components nothing uses are not (Bootstrap's full file has them all).
    for selector in (".carousel", ".modal", ".tooltip", ".accordion", ".toast"):
        assert selector not in css
    assert len(css.encode()) < 150_000  # Bootstrap's full stylesheet alone is 232 kB

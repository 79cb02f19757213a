"""Production settings plus the benchmark's reference page (the no-database ceiling)."""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"

"""Demo content for the members app: each subpackage's `demo.load`, one line each."""

from .newsletters.demo import load as newsletters_load


def load(*, stdout) -> None:
    newsletters_load(stdout=stdout)

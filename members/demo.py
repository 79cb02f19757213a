"""Demo content of the members app: each concept contributes its own `load`."""

from members.campaigns import demo as campaigns_demo
from members.gifts import demo as gifts_demo
from members.memberships import demo as memberships_demo
from members.newsletters import demo as newsletters_demo


def load(*, stdout) -> None:
    memberships_demo.load(stdout=stdout)
    gifts_demo.load(stdout=stdout)
    campaigns_demo.load(stdout=stdout)
    newsletters_demo.load(stdout=stdout)

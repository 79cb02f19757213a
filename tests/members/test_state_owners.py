"""Each state machine has one owner: only members.memberships changes a Membership's state.

Gifts, campaigns, webhooks and the sweep call `members.memberships.lifecycle`
instead of assigning `Membership.status` or its dates themselves, so the allowed
transitions cannot be bypassed. This reads the source (AST) of every app module
outside members/memberships/ and lists what would write those fields directly.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_PACKAGES = ["articles", "members", "newsroom"]
OWNER = ROOT / "members" / "memberships"
STATE_FIELDS = {"status", "paid_through", "started_at", "ended_at"}
# Calls through which a queryset or constructor writes fields by keyword.
WRITING_CALLS = {"create", "update", "get_or_create", "update_or_create", "Membership"}


def _names_membership(node: ast.AST) -> bool:
    """Whether an expression reads as a membership: `membership`, `gift.membership`,
    `Membership.objects...`, `self.membership`..."""
    return "membership" in ast.unparse(node).lower().replace("membershipstart", "")


def _state_writes(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and target.attr in STATE_FIELDS
                and _names_membership(target.value)
            ):
                found.append(f"line {node.lineno}: {ast.unparse(target)} = ...")
        if isinstance(node, ast.Call) and _names_membership(node.func):
            name = (
                node.func.attr if isinstance(node.func, ast.Attribute) else ast.unparse(node.func)
            )
            if name not in WRITING_CALLS:
                continue
            keywords = {keyword.arg for keyword in node.keywords}
            for keyword in node.keywords:
                if keyword.arg == "defaults" and isinstance(keyword.value, ast.Dict):
                    keywords |= {
                        key.value for key in keyword.value.keys if isinstance(key, ast.Constant)
                    }
            if written := keywords & STATE_FIELDS:
                found.append(f"line {node.lineno}: {ast.unparse(node.func)}({sorted(written)})")
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "setattr" and node.args:
            if _names_membership(node.args[0]):
                found.append(f"line {node.lineno}: setattr({ast.unparse(node.args[0])}, ...)")
    return found


def _app_modules():
    for package in APP_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if OWNER in path.parents or "migrations" in path.parts:
                continue
            yield path


def test_the_check_recognises_every_way_of_writing_a_membership_state():
    # The check itself must be able to fail.
    writes = _state_writes(
        "membership.status = 'active'\n"
        "gift.membership.paid_through = until\n"
        "Membership.objects.filter(pk=1).update(ended_at=now)\n"
        "Membership.objects.get_or_create(user=user, defaults={'started_at': now})\n"
        "Membership(user=user, status='ended')\n"
        "setattr(membership, 'status', 'ended')\n"
        "gift.status = 'paid'\n"  # another model's state: fine
        "membership.stripe_customer_id = 'cus_1'\n"  # not state
    )
    assert len(writes) == 6, writes


def test_no_module_outside_memberships_writes_a_membership_state():
    offenders = {
        str(path.relative_to(ROOT)): writes
        for path in _app_modules()
        if (writes := _state_writes(path.read_text()))
    }

    assert offenders == {}, "Call members.memberships.lifecycle instead: " + repr(offenders)

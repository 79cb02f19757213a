"""Bulk members for load tests: N users, N memberships and N ledger starts, fast.

Rows are written with INSERT ... SELECT over a numbers CTE (PostgreSQL and SQLite
alike), in chunks, so a million memberships take seconds, not the hour that saving
them one by one would. They go around `membership_start_record`, so the campaigns
whose window they fall in are recounted from the ledger at the end: exactly the
path an editor's "Recount" takes.

Every generated account's address ends in `GENERATED_DOMAIN`; `generated_delete`
removes them all (memberships and starts cascade).
"""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from members.campaigns import services
from members.campaigns.models import Campaign

from .models import Membership, MembershipStart

GENERATED_DOMAIN = "generated.invalid"
CHUNK = 100_000


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _insert_select(model, *, expressions: dict, source: str, params: list) -> int:
    """INSERT INTO model SELECT ... FROM `source`: `expressions` for some fields
    (SQL, or (SQL, params)), each other field's default for the rest."""
    columns, selects, select_params = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(_quote(field.column))
        expression = expressions.get(field.name)
        if expression is None:
            selects.append("%s")
            automatic = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            value = timezone.now() if automatic else field.get_default()
            select_params.append(field.get_db_prep_save(value, connection))
        elif isinstance(expression, tuple):
            selects.append(expression[0])
            select_params.extend(expression[1])
        else:
            selects.append(expression)
    sql = (
        f"INSERT INTO {_quote(model._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(selects)} {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, select_params + params)
        return cursor.rowcount


def _numbers_sql() -> str:
    """FROM a table `n` with one row per number `i` from %s to %s."""
    if connection.vendor == "postgresql":
        return "FROM generate_series(%s::bigint, %s::bigint) AS n(i)"
    return (
        "FROM (WITH RECURSIVE numbers(i) AS (SELECT %s UNION ALL "
        "SELECT i + 1 FROM numbers WHERE i < %s) SELECT i FROM numbers) AS n"
    )


def _moment_sql(column: str) -> str:
    """`%s` (a window start) plus `column` seconds, as a timestamp, per vendor."""
    if connection.vendor == "postgresql":
        return f"(%s::timestamptz + ({column}) * interval '1 second')"
    return f"datetime(%s, '+' || ({column}) || ' seconds')"


def generated_members_create(
    *, count: int, starts_from: datetime, seconds: int, stdout=None
) -> int:
    """Create `count` members whose starts spread over `seconds` from `starts_from`.

    Starts are scattered over the window by a multiplicative hash of the id; one
    in ten members has since ended (a cancelled member still counts as a join).
    Returns how many memberships were created.
    """
    User = get_user_model()
    offset = User.objects.filter(email__endswith="@" + GENERATED_DOMAIN).count()
    created = 0
    while created < count:
        size = min(CHUNK, count - created)
        first, last = offset + created + 1, offset + created + size
        with transaction.atomic():
            users_after = User.objects.aggregate(last=Max("pk"))["last"] or 0
            memberships_after = Membership.objects.aggregate(last=Max("pk"))["last"] or 0
            _insert_select(
                User,
                expressions={"email": f"'member' || n.i || '@{GENERATED_DOMAIN}'"},
                source=_numbers_sql(),
                params=[first, last],
            )
            _insert_select(
                Membership,
                expressions={
                    "user": "u.id",
                    "status": "CASE WHEN u.id %% 10 = 0 THEN 'ended' ELSE 'active' END",
                    "source": "'subscription'",
                },
                source=f"FROM {_quote(User._meta.db_table)} AS u WHERE u.id > %s",
                params=[users_after],
            )
            _insert_select(
                MembershipStart,
                expressions={
                    "membership": "m.id",
                    "source": "'subscription'",
                    "reference": "'generated:' || m.id",
                    "started_at": (
                        _moment_sql(f"(CAST(m.id AS BIGINT) * 7919) %% {max(1, seconds)}"),
                        [starts_from.isoformat(sep=" ")],
                    ),
                },
                source=f"FROM {_quote(Membership._meta.db_table)} AS m WHERE m.id > %s",
                params=[memberships_after],
            )
        created += size
        if stdout is not None:
            stdout.write(f"{created:,} of {count:,} members created")
    _recount_everything()
    return created


def generated_delete() -> int:
    deleted, _ = get_user_model().objects.filter(email__endswith="@" + GENERATED_DOMAIN).delete()
    _recount_everything()
    return deleted


def _recount_everything() -> None:
    for campaign in Campaign.objects.all():
        services.campaign_recount(campaign=campaign)
    services.supporter_figures_refresh()


def default_spread(campaign: Campaign) -> tuple[datetime, int]:
    """The window of `campaign` up to now, as (first moment, seconds)."""
    end = min(
        campaign.window_end, max(campaign.window_start, datetime.now(campaign.window_start.tzinfo))
    )
    return campaign.window_start, max(1, int((end - campaign.window_start) / timedelta(seconds=1)))

"""The reader analytics dashboard, as an entry in the admin (Members → Reader analytics)."""

import csv

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from . import dashboard
from .forms import DashboardFilterForm
from .models import SiteDay


@admin.register(SiteDay)
class ReaderAnalyticsAdmin(admin.ModelAdmin):
    """Not a list of rows: the changelist is the dashboard (view permission needed)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = DashboardFilterForm(request.GET or None)
        start, end = form.range(dashboard.default_range())
        campaign = form.cleaned_data.get("campaign") if form.is_bound and form.is_valid() else None
        board = dashboard.dashboard_build(start=start, end=end, campaign=campaign)
        if request.GET.get("export") == "csv":
            return _csv_response(board)
        context = {
            **self.admin_site.each_context(request),
            "title": "Reader analytics",
            "opts": self.model._meta,
            "form": form,
            "board": board,
            "export_query": _export_query(request),
        }
        return TemplateResponse(request, "admin/members/analytics/dashboard.html", context)


def _export_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query["export"] = "csv"
    return query.urlencode()


def _csv_response(board: dashboard.Dashboard) -> HttpResponse:
    """The dashboard's numbers: one row per day, then one per listed article."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="reader-analytics-{board.start}-{board.end}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["day", "page views", "unique readers", "new members", "gifts paid"])
    for row in board.days:
        writer.writerow(
            [row["day"].isoformat(), row["views"], row["readers"], row["members"], row["gifts"]]
        )
    writer.writerow([])
    writer.writerow(
        ["article", "reader-days", "page views", "new members", "members per 100 reader-days"]
    )
    seen = set()
    for row in [*board.top_by_readers, *board.top_by_members]:
        if row.article_id in seen:
            continue
        seen.add(row.article_id)
        # A headline starting with = + - @ would run as a formula in a spreadsheet.
        headline = f"'{row.headline}" if row.headline[:1] in "=+-@" else row.headline
        rate = "" if row.conversion_percent is None else row.conversion_percent
        writer.writerow([headline, row.readers, row.views, row.members, rate])
    return response

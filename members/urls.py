from django.urls import include, path

app_name = "members"

urlpatterns = [
    path("", include("members.billing.urls")),
    path("", include("members.memberships.urls")),
    path("", include("members.campaigns.urls")),
    path("", include("members.gifts.urls")),
    path("", include("members.newsletters.urls")),
    path("", include("members.analytics.urls")),
]

from django.urls import path

from . import views

urlpatterns = [
    path("campaign/", views.campaign_featured, name="campaign"),
    path("campaign/banner/dismiss/", views.campaign_banner_dismiss, name="campaign-banner-dismiss"),
    path("campaigns/<slug:slug>/", views.campaign_progress_page, name="campaign-progress"),
    path(
        "account/supporter-naming/",
        views.supporter_naming_update,
        name="supporter-naming",
    ),
]

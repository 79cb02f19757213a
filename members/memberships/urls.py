from django.urls import path

from . import views

urlpatterns = [
    path("membership/", views.membership_join, name="join"),
    path("membership/welcome/", views.membership_thanks, name="membership-thanks"),
    path("account/membership/", views.membership_account, name="membership-account"),
    path(
        "account/membership/billing/",
        views.membership_billing_portal,
        name="membership-billing-portal",
    ),
]

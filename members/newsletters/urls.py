from django.urls import path

from . import views

urlpatterns = [
    path("newsletters/", views.newsletter_list, name="newsletter-list"),
    path("newsletters/signup/", views.newsletter_signup, name="newsletter-signup"),
    path("newsletters/confirm/<str:token>/", views.newsletter_confirm, name="newsletter-confirm"),
    path(
        "newsletters/unsubscribe/<str:token>/",
        views.newsletter_unsubscribe,
        name="newsletter-unsubscribe",
    ),
    path("account/newsletters/", views.newsletter_preferences, name="newsletter-preferences"),
]

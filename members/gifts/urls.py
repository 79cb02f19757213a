from django.urls import path

from . import views

urlpatterns = [
    path("gift/", views.gift_buy, name="gift"),
    path("gift/thanks/", views.gift_thanks, name="gift-thanks"),
    path("gift/redeem/", views.gift_redeem_enter, name="gift-redeem-enter"),
    path("gift/redeem/<str:code>/", views.gift_redeem, name="gift-redeem"),
    path("gift/continue/", views.gift_continue, name="gift-continue"),
    path("gift/continue/checkout/", views.gift_continue_checkout, name="gift-continue-checkout"),
]

from django.urls import path

from . import beacon

urlpatterns = [
    path("analytics/beacon/", beacon.beacon, name="analytics-beacon"),
]

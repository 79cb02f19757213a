import re

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve

from . import metrics, views

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = f"{settings.SITE_NAME} newsroom"
admin.site.index_title = "Newsroom"
# Staff sign in through allauth, so rate limits and two-factor authentication apply.
admin.site.login = secure_admin_login(admin.site.login)

handler404 = "newsroom.views.page_not_found"
handler500 = "newsroom.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("privacy/", views.privacy, name="privacy"),
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}img/favicon.svg")),
    path("admin/", admin.site.urls),
]
# Reader pages, once per edition: English at /, the other languages under /<code>/.
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include("members.urls")),
    path("", include("articles.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # Spelled out: django.conf.urls.static.static() adds nothing when DEBUG is false.
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns += [
        re_path(rf"^{media_prefix}(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]

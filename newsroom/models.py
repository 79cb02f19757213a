from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from .editions import language_field


class EmailUserManager(UserManager):
    """Users are identified by email address; there are no usernames."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("Users must have an email address.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A reader, member or staff account. The email address is the login.

    Membership, gifts and newsletter subscriptions hang off this model from the
    `members` app; authorship from `articles.Author.user`.
    """

    username = None
    email = models.EmailField("email address", unique=True)
    language = language_field(
        "The edition the reader last used to sign up or pay: their emails are in it."
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email


class PeriodicJobRun(models.Model):
    """When each periodic job (newsroom.management.commands.run_periodic) last started.

    Shared by every periodic process: a process runs a job only after claiming its
    row (locked, then stamped), so two copies of `run_periodic` run each round once.
    """

    name = models.CharField(max_length=100, unique=True)
    started_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


from .redirects import Redirect  # noqa: E402, F401  (old addresses answered with a 301)

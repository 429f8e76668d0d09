"""
The environment, read with django-environ, strictly.

On its own django-environ reads ``DJANGO_DEBUG=ture`` as off and a value starting with ``$`` as
the name of another variable. Here a value that cannot be read is an error naming the variable,
every value is taken as written (without surrounding spaces), and an empty variable counts as
unset.
"""

from urllib.parse import parse_qs, unquote, urlparse

import environ
from django.core.exceptions import ImproperlyConfigured

SMTP = "django.core.mail.backends.smtp.EmailBackend"


class Env(environ.Env):
    TRUE = frozenset({"1", "true", "yes", "on"})
    FALSE = frozenset({"0", "false", "no", "off"})
    EMAIL_SCHEMES = {
        "smtp": SMTP,
        "smtps": SMTP,
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
    }

    def get_value(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
        value = self.ENVIRON.get(var, "").strip()
        if not value:
            if default is self.NOTSET:
                raise ImproperlyConfigured(f"{var} must be set.")
            if parse_default and default is not None:
                return self.parse_value(default, cast)
            return default
        try:
            return self.parse_value(value, cast)
        except ValueError as error:
            raise ImproperlyConfigured(f"{var} {error}") from None

    @classmethod
    def parse_value(cls, value, cast):
        if cast is bool:
            if value.lower() in cls.TRUE | cls.FALSE:
                return value.lower() in cls.TRUE
            raise ValueError(
                f"must be on or off (1, true, yes, on or 0, false, no, off), not {value!r}."
            )
        if cast is int:
            try:
                return int(value)
            except ValueError:
                raise ValueError(f"must be a whole number, not {value!r}.") from None
        if cast is list:
            return [item.strip() for item in value.split(",") if item.strip()]
        return super().parse_value(value, cast)

    @classmethod
    def db_url_config(cls, url, engine=None):
        config = super().db_url_config(url, engine=engine)
        # A socket folder may be written percent-encoded: postgres://%2Fvar%2Frun%2Fpostgresql/db
        if config.get("HOST"):
            config["HOST"] = unquote(config["HOST"])
        return config

    def email_url(self, var="EMAIL_URL", default=environ.Env.NOTSET, backend=None):
        try:
            return super().email_url(var, default=default, backend=backend)
        except ValueError as error:
            raise ImproperlyConfigured(f"{var} {error}") from None

    @classmethod
    def email_url_config(cls, url, backend=None):
        """
        django-environ reads the address; the scheme decides the rest, as the README says.
        ``smtp://`` sends with STARTTLS, on port 587 unless the address names one (``?tls=0``
        sends without); ``smtps://`` is TLS from the first byte, on port 465. (django-environ
        alone takes ``smtps://`` for STARTTLS and leaves the port to Django's 25.) ``console://``
        prints each email, ``locmem://`` keeps them in memory.
        """
        url = urlparse(url) if isinstance(url, str) else url
        if url.scheme not in cls.EMAIL_SCHEMES:
            raise ValueError(f"scheme must be smtp, smtps, console or locmem, not {url.scheme!r}.")
        config = super().email_url_config(url, backend=backend)
        if config["EMAIL_BACKEND"] != SMTP:
            return {"EMAIL_BACKEND": config["EMAIL_BACKEND"]}
        tls = parse_qs(url.query).get("tls", ["1"])[0] not in {"0", "false"}
        return {
            "EMAIL_BACKEND": SMTP,
            "EMAIL_HOST": config["EMAIL_HOST"] or "localhost",
            "EMAIL_PORT": config["EMAIL_PORT"] or (465 if url.scheme == "smtps" else 587),
            "EMAIL_HOST_USER": config["EMAIL_HOST_USER"] or "",
            "EMAIL_HOST_PASSWORD": config["EMAIL_HOST_PASSWORD"] or "",
            "EMAIL_USE_SSL": url.scheme == "smtps",
            "EMAIL_USE_TLS": url.scheme == "smtp" and tls,
        }

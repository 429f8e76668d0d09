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

# Django's SMTP backend, logging why a send failed (clinic_site/mail.py).
SMTP = "clinic_site.mail.EmailBackend"
# Where a password may go over plain SMTP: a relay on this machine.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


class Env(environ.Env):
    TRUE = frozenset({"1", "true", "yes", "on"})
    FALSE = frozenset({"0", "false", "no", "off"})
    EMAIL_SCHEMES = {
        "smtp": SMTP,
        "smtp+tls": SMTP,
        "smtps": SMTP,
        "smtp+ssl": SMTP,
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
        django-environ reads the address; the scheme alone decides TLS, as the README says:
        ``smtp://`` is plain SMTP (port 25), ``smtp+tls://`` upgrades with STARTTLS (port 587),
        ``smtps://`` (or ``smtp+ssl://``) is TLS from the first byte (port 465); a port in the
        address wins. A ``?tls=`` or ``?ssl=`` in the query is refused rather than guessed at,
        and so is a password over plain SMTP to another machine. ``console://`` prints each
        email, ``locmem://`` keeps them in memory.
        """
        url = urlparse(url) if isinstance(url, str) else url
        if url.scheme not in cls.EMAIL_SCHEMES:
            raise ValueError(
                f"scheme must be smtp, smtp+tls, smtps, console or locmem, not {url.scheme!r}."
            )
        config = super().email_url_config(url._replace(query=""), backend=backend)
        if config["EMAIL_BACKEND"] != SMTP:
            return {"EMAIL_BACKEND": config["EMAIL_BACKEND"]}
        if {key.lower() for key in parse_qs(url.query)} & {"tls", "ssl", "use_tls", "use_ssl"}:
            raise ValueError(
                "chooses TLS by its scheme, not its query string: smtp+tls:// for STARTTLS, "
                "smtps:// for TLS from the start, smtp:// for none."
            )
        starttls = url.scheme == "smtp+tls"
        ssl = url.scheme in {"smtps", "smtp+ssl"}
        host = config["EMAIL_HOST"] or "localhost"
        password = config["EMAIL_HOST_PASSWORD"] or ""
        if password and not (starttls or ssl) and host not in LOCAL_HOSTS:
            raise ValueError(
                f"would send its password unencrypted to {host}: use smtp+tls:// (STARTTLS) "
                "or smtps:// (TLS)."
            )
        return {
            "EMAIL_BACKEND": SMTP,
            "EMAIL_HOST": host,
            "EMAIL_PORT": config["EMAIL_PORT"] or (465 if ssl else 587 if starttls else 25),
            "EMAIL_HOST_USER": config["EMAIL_HOST_USER"] or "",
            "EMAIL_HOST_PASSWORD": password,
            "EMAIL_USE_SSL": ssl,
            "EMAIL_USE_TLS": starttls,
        }

"""
Email through a mail provider's API, with django-anymail (see the README, "Choosing a mail
provider"): ``EMAIL_PROVIDER=postmark`` and the provider's key in the variable anymail names
it by (``POSTMARK_SERVER_TOKEN``). Without it, email goes by SMTP (``EMAIL_URL``) as before.

The newsletter may go through another account or another provider than the transactional
email (confirmations, staff notifications): ``NEWSLETTER_EMAIL_PROVIDER``, with its keys
prefixed ``NEWSLETTER_`` (``NEWSLETTER_POSTMARK_SERVER_TOKEN``), each falling back to the
unprefixed one; or ``NEWSLETTER_EMAIL_URL`` for an SMTP server of its own.
"""

from django.core.exceptions import ImproperlyConfigured

# Each provider's anymail settings read from the environment: {setting: required}. The
# variable is the provider's name and the setting's (MAILGUN_API_KEY), as anymail's docs say.
PROVIDERS = {
    # The AWS credentials come from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the
    # machine's role), read by boto3 itself.
    "amazon_ses": {"REGION": False},
    "brevo": {"API_KEY": True},
    # MAILGUN_API_URL: https://api.eu.mailgun.net/v3 for an account in the EU region.
    "mailgun": {"API_KEY": True, "SENDER_DOMAIN": False, "API_URL": False},
    "mailjet": {"API_KEY": True, "SECRET_KEY": True},
    "postmark": {"SERVER_TOKEN": True},
    "resend": {"API_KEY": True},
    "sendgrid": {"API_KEY": True},
    "sparkpost": {"API_KEY": True, "API_URL": False},
}


def provider_settings(environment, *, variable: str = "EMAIL_PROVIDER", prefix: str = ""):
    """
    The connection ``variable`` names, or None when it is unset: ``{"BACKEND": …, "OPTIONS":
    {…}}``, the options being the backend's keyword arguments (``api_key``). Keys are read
    from ``<prefix><PROVIDER>_<SETTING>``, else ``<PROVIDER>_<SETTING>``.
    """
    name = environment.str(variable, default="").lower()
    if not name:
        return None
    if name not in PROVIDERS:
        raise ImproperlyConfigured(
            f"{variable} must be one of {', '.join(sorted(PROVIDERS))}, not {name!r}."
        )
    options = {}
    for setting, required in PROVIDERS[name].items():
        key = f"{name.upper()}_{setting}"
        value = environment.str(f"{prefix}{key}", default="") if prefix else ""
        value = value or environment.str(key, default="")
        if not value and required:
            raise ImproperlyConfigured(f"{prefix}{key} must be set when {variable} is {name}.")
        if not value:
            continue
        if name == "amazon_ses" and setting == "REGION":
            options["client_params"] = {"region_name": value}
        else:
            options[setting.lower()] = value
    return {"BACKEND": f"anymail.backends.{name}.EmailBackend", "OPTIONS": options}


def smtp_connection_settings(config: dict) -> dict:
    """An SMTP connection from ``Env.email_url_config``'s settings, as backend arguments."""
    options = {
        "host": config.get("EMAIL_HOST"),
        "port": config.get("EMAIL_PORT"),
        "username": config.get("EMAIL_HOST_USER"),
        "password": config.get("EMAIL_HOST_PASSWORD"),
        "use_tls": config.get("EMAIL_USE_TLS"),
        "use_ssl": config.get("EMAIL_USE_SSL"),
    }
    return {
        "BACKEND": config["EMAIL_BACKEND"],
        "OPTIONS": {key: value for key, value in options.items() if value is not None},
    }


def webhook_secret(environment, variable: str = "ANYMAIL_WEBHOOK_SECRET") -> str:
    """The webhook's basic-auth ``user:password``; the webhook refuses every post without one."""
    secret = environment.str(variable, default="")
    if secret and ":" not in secret:
        raise ImproperlyConfigured(
            f"{variable} must be written user:password (two random strings), as the provider's "
            "webhook address carries it: https://user:password@clinic.example/anymail/…"
        )
    return secret

"""
Choosing a mail provider: ``EMAIL_PROVIDER`` and the provider's key give django-anymail's
backend; without it, SMTP as before. The newsletter has its own sender, and may have its own
connection.
"""

import json
from email.utils import parseaddr

import pytest
from django.core.exceptions import ImproperlyConfigured

from clinic_site.models import Clinic
from clinic_site.settings.env import SMTP, Env
from clinic_site.settings.mail import provider_settings, webhook_secret
from newsletter.emails import confirmation_message
from newsletter.mail import bulk_connection, bulk_from_email
from tests.factories import SubscriberFactory
from tests.test_site_settings import PRODUCTION_ENV, manage, run_django

EMAIL_SETTINGS = (
    "from django.conf import settings; import json; print(json.dumps({"
    "'backend': settings.EMAIL_BACKEND, 'anymail': settings.ANYMAIL, "
    "'bulk': settings.NEWSLETTER_EMAIL_CONNECTION, 'from': settings.DEFAULT_FROM_EMAIL, "
    "'bulk_from': settings.NEWSLETTER_FROM_EMAIL}))"
)


def environment(**variables):
    env = Env()
    env.ENVIRON = variables
    return env


def email_settings(**variables):
    result = run_django(EMAIL_SETTINGS, **{**PRODUCTION_ENV, **variables})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("provider", "variables", "backend", "options"),
    [
        (
            "postmark",
            {"POSTMARK_SERVER_TOKEN": "pm-token"},
            "postmark",
            {"server_token": "pm-token"},
        ),
        ("brevo", {"BREVO_API_KEY": "xkeysib-1"}, "brevo", {"api_key": "xkeysib-1"}),
        ("sendgrid", {"SENDGRID_API_KEY": "SG.key"}, "sendgrid", {"api_key": "SG.key"}),
        (
            "mailgun",
            {"MAILGUN_API_KEY": "key-1", "MAILGUN_API_URL": "https://api.eu.mailgun.net/v3"},
            "mailgun",
            {"api_key": "key-1", "api_url": "https://api.eu.mailgun.net/v3"},
        ),
        (
            "amazon_ses",
            {"AMAZON_SES_REGION": "eu-central-1"},
            "amazon_ses",
            {"client_params": {"region_name": "eu-central-1"}},
        ),
    ],
)
def test_each_documented_provider_gives_its_anymail_backend_and_keys(
    provider, variables, backend, options
):
    config = provider_settings(environment(EMAIL_PROVIDER=provider, **variables))
    assert config == {"BACKEND": f"anymail.backends.{backend}.EmailBackend", "OPTIONS": options}


def test_a_provider_without_its_key_stops_the_start_naming_the_variable():
    with pytest.raises(ImproperlyConfigured, match="POSTMARK_SERVER_TOKEN must be set"):
        provider_settings(environment(EMAIL_PROVIDER="postmark"))


def test_an_unknown_provider_is_refused_with_the_list_of_known_ones():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PROVIDER must be one of .*postmark"):
        provider_settings(environment(EMAIL_PROVIDER="pigeon"))


def test_the_newsletters_provider_may_use_another_account():
    env = environment(
        NEWSLETTER_EMAIL_PROVIDER="brevo",
        BREVO_API_KEY="transactional-key",
        NEWSLETTER_BREVO_API_KEY="bulk-key",
    )
    config = provider_settings(env, variable="NEWSLETTER_EMAIL_PROVIDER", prefix="NEWSLETTER_")
    assert config["OPTIONS"] == {"api_key": "bulk-key"}


def test_the_webhook_secret_must_be_user_and_password():
    with pytest.raises(ImproperlyConfigured, match="ANYMAIL_WEBHOOK_SECRET must be written"):
        webhook_secret(environment(ANYMAIL_WEBHOOK_SECRET="onlyonepart"))
    assert webhook_secret(environment(ANYMAIL_WEBHOOK_SECRET="a:b")) == "a:b"


# --- The whole settings, as a deployment reads them ---------------------------------------------


def test_smtp_stays_the_default_and_the_newsletter_shares_its_connection():
    config = email_settings()
    assert config["backend"] == SMTP
    assert config["bulk"] == {}
    assert config["anymail"] == {"WEBHOOK_SECRET": ""}


def test_choosing_a_provider_sends_everything_through_its_anymail_backend():
    config = email_settings(
        EMAIL_PROVIDER="postmark",
        POSTMARK_SERVER_TOKEN="pm-token",
        ANYMAIL_WEBHOOK_SECRET="user:pass",
    )
    assert config["backend"] == "anymail.backends.postmark.EmailBackend"
    assert config["anymail"] == {"WEBHOOK_SECRET": "user:pass", "POSTMARK_SERVER_TOKEN": "pm-token"}


def test_the_newsletter_can_send_by_its_own_smtp_server():
    config = email_settings(NEWSLETTER_EMAIL_URL="smtp+tls://news:pw@smtp.news.example")
    assert config["backend"] == SMTP
    assert config["bulk"]["BACKEND"] == SMTP
    assert config["bulk"]["OPTIONS"]["host"] == "smtp.news.example"
    assert config["bulk"]["OPTIONS"]["use_tls"] is True


def test_a_provider_and_an_smtp_address_together_are_refused():
    result = run_django(
        "print('started')",
        **PRODUCTION_ENV,
        EMAIL_PROVIDER="brevo",
        BREVO_API_KEY="k",
        EMAIL_URL="smtp://relay.example",
    )
    assert result.returncode != 0
    assert "unset EMAIL_URL and EMAIL_HOST" in result.stderr


# --- Transactional and bulk senders --------------------------------------------------------------


@pytest.mark.django_db
def test_transactional_and_bulk_mail_come_from_different_senders(settings):
    settings.DEFAULT_FROM_EMAIL = "clinic@clinic.example"
    settings.NEWSLETTER_FROM_EMAIL = "news@news.clinic.example"
    confirmation = confirmation_message(SubscriberFactory(status="pending"), request_id=1)
    assert parseaddr(confirmation.from_email)[1] == "clinic@clinic.example"
    assert parseaddr(bulk_from_email()) == (Clinic.load().name, "news@news.clinic.example")


def test_the_default_senders_differ_too():
    config = email_settings()
    assert config["from"] != config["bulk_from"]


def test_the_bulk_connection_is_the_newsletters_own_when_configured(settings):
    settings.NEWSLETTER_EMAIL_CONNECTION = {
        "BACKEND": "anymail.backends.test.EmailBackend",
        "OPTIONS": {},
    }
    connection = bulk_connection()
    assert type(connection).__module__ == "anymail.backends.test"
    settings.NEWSLETTER_EMAIL_CONNECTION = {}
    assert type(bulk_connection()).__module__ == "django.core.mail.backends.locmem"


def test_check_deploy_warns_about_a_provider_without_the_webhooks_secret():
    env = {**PRODUCTION_ENV, "EMAIL_PROVIDER": "postmark", "POSTMARK_SERVER_TOKEN": "pm-token"}
    result = manage("check", "--deploy", **env)
    assert "clinic_site.W003" in result.stdout + result.stderr
    env["ANYMAIL_WEBHOOK_SECRET"] = "user:pass"
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stderr

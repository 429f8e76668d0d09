"""The settings module: production refuses unsafe starts, security headers, database and cache."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from clinic_site.logging import RedactPersonalDataFilter, redact
from clinic_site.settings.env import Env

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7!kq2-unit-test-secret-9f83hd82jd72hs62ks0al2mdn48fjs73hd",
    "DJANGO_ALLOWED_HOSTS": "clinic.example",
    "SITE_URL": "https://clinic.example",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "NEWSLETTER_FORGET_KEY": "k3!m9-unit-test-forget-key-2jd82hs62ks0al2mdn48fjs73hdx7q",
}


def run_django(code, **env_overrides):
    """Run Python with the project's settings in a fresh process, as a deployment would."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTEST_VERSION", "PYTEST_CURRENT_TEST", "DATABASE_URL", "SITE_URL"}
        and not key.startswith(("DJANGO_", "REDIS_", "EMAIL_"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "clinic_site.settings"
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def manage(*args, **env_overrides):
    return run_django(
        f"from django.core.management import call_command; call_command(*{list(args)!r})",
        **env_overrides,
    )


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": ""}
    result = run_django("print('started')", **env)
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {**PRODUCTION_ENV, "DJANGO_ALLOWED_HOSTS": ""}
    result = run_django("print('started')", **env)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_production_refuses_to_start_without_the_public_address():
    result = run_django("print('started')", **{**PRODUCTION_ENV, "SITE_URL": ""})
    assert result.returncode != 0
    assert "SITE_URL must be set" in result.stderr


def test_production_refuses_to_start_without_the_forget_fingerprint_key():
    result = run_django("print('started')", **{**PRODUCTION_ENV, "NEWSLETTER_FORGET_KEY": ""})
    assert result.returncode != 0
    assert "NEWSLETTER_FORGET_KEY must be set" in result.stderr


def test_check_deploy_warns_about_a_plain_http_address():
    env = {**PRODUCTION_ENV, "SITE_URL": "http://clinic.example"}
    result = manage("check", "--deploy", **env)
    assert "clinic_site.W001" in result.stdout + result.stderr


def test_check_deploy_is_clean_on_one_machine_without_redis():
    # The cache is then the database's, which every worker process shares.
    env = {**PRODUCTION_ENV, "REDIS_URL": ""}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stderr
    # One silenced: Django looks for its CSRF middleware by name, ours is its subclass.
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_check_deploy_is_clean_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    # One silenced: Django looks for its CSRF middleware by name, ours is its subclass.
    assert "System check identified no issues (1 silenced)." in result.stdout


def test_production_serves_https_only_with_hsts_and_secure_cookies():
    result = run_django(
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.DEBUG, s.STORAGES['staticfiles']['BACKEND'], s.TASKS['default']['BACKEND'])",
        **PRODUCTION_ENV,
    )
    assert result.stdout.split() == [
        "True",
        "31536000",
        "True",
        "True",
        "False",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "django_tasks_db.DatabaseBackend",
    ]


def test_templates_are_cached_outside_debug_only():
    code = (
        "from django.conf import settings as s; "
        "loader = s.TEMPLATES[0]['OPTIONS']['loaders'][0]; "
        "print(loader[0] == 'django.template.loaders.cached.Loader')"
    )
    assert run_django(code, **PRODUCTION_ENV).stdout.strip() == "True"
    assert run_django(code, DJANGO_DEBUG="1").stdout.strip() == "False"


def test_proxy_ssl_header_is_trusted_only_when_switched_on():
    code = "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER)"
    assert run_django(code, **PRODUCTION_ENV).stdout.strip() == "None"
    switched_on = run_django(code, **PRODUCTION_ENV, DJANGO_SECURE_PROXY_SSL_HEADER="1")
    assert switched_on.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_debug_mode_prints_email_and_runs_tasks_at_once():
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.TASKS['default']['BACKEND'])",
        DJANGO_DEBUG="1",
    )
    assert result.stdout.split() == [
        "django.core.mail.backends.console.EmailBackend",
        "django_tasks.backends.immediate.ImmediateBackend",
    ]


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    result = run_django(
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'clinic.sqlite3'}",
    )
    assert result.stdout.split() == ["wal", "IMMEDIATE"], result.stderr


def test_sqlite_keeps_its_connection_between_requests_like_postgresql(tmp_path):
    result = run_django(
        "from django.conf import settings as s; print(s.DATABASES['default']['CONN_MAX_AGE'])",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'clinic.sqlite3'}",
    )
    assert result.stdout.split() == ["600"], result.stderr


def test_postgresql_keeps_connections_open_with_health_checks():
    result = run_django(
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['ENGINE'], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/clinic",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "600", "True"]


def test_redis_url_switches_the_cache_to_redis():
    code = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    assert run_django(code, DJANGO_DEBUG="1").stdout.strip() == (
        "django.core.cache.backends.locmem.LocMemCache"
    )
    with_redis = run_django(code, DJANGO_DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/0")
    # Django's Redis cache, made to degrade rather than fail while Redis is away.
    assert with_redis.stdout.strip() == "clinic_site.cache.ResilientRedisCache"
    # Production without Redis: a table in the database, shared by every worker process.
    without_redis = run_django(code, **{**PRODUCTION_ENV, "REDIS_URL": ""})
    assert without_redis.stdout.strip() == "clinic_site.cache.SharedDatabaseCache"


@pytest.mark.parametrize(
    "url", ["postgres://%2Fvar%2Frun%2Fpostgresql/clinic", "postgres:////var/run/postgresql/clinic"]
)
def test_database_url_may_name_a_unix_socket_folder(url):
    config = Env.db_url_config(url)
    assert (config["HOST"], config["NAME"]) == ("/var/run/postgresql", "clinic")


def test_email_url_configures_smtp():
    assert Env.email_url_config("smtps://mailer:p%40ss@smtp.example.com") == {
        "EMAIL_BACKEND": "clinic_site.mail.EmailBackend",
        "EMAIL_HOST": "smtp.example.com",
        "EMAIL_PORT": 465,
        "EMAIL_HOST_USER": "mailer",
        "EMAIL_HOST_PASSWORD": "p@ss",
        "EMAIL_USE_SSL": True,
        "EMAIL_USE_TLS": False,
    }
    # TLS by scheme alone: tests/test_site_email.py has the rest.
    assert Env.email_url_config("smtp+tls://smtp.example.com")["EMAIL_USE_TLS"] is True
    assert Env.email_url_config("smtp://smtp.example.com")["EMAIL_USE_TLS"] is False


def test_email_url_reaches_the_settings():
    result = run_django(
        "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, "
        "s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_SSL, s.EMAIL_USE_TLS)",
        **PRODUCTION_ENV,
        EMAIL_URL="smtps://mailer:p%40ss@smtp.example.com",
    )
    assert result.stdout.split() == [
        "clinic_site.mail.EmailBackend",
        "smtp.example.com",
        "465",
        "mailer",
        "True",
        "False",
    ]


def test_an_email_url_of_another_kind_is_refused_with_its_name():
    result = run_django("print('started')", DJANGO_DEBUG="1", EMAIL_URL="imap://mail.example")
    assert result.returncode != 0
    expected = "EMAIL_URL scheme must be smtp, smtp+tls, smtps, console or locmem, not 'imap'"
    assert expected in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_DEBUG", "ture"),
        ("DJANGO_SECURE_SSL_REDIRECT", "nope"),
        ("LEADS_SLA_MINUTES", "15m"),
    ],
)
def test_a_value_that_cannot_be_read_stops_the_start_naming_the_variable(variable, value):
    result = run_django("print('started')", **{**PRODUCTION_ENV, variable: value})
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert f"{variable} must be " in result.stderr
    assert repr(value) in result.stderr


@pytest.mark.parametrize("path", ["/", "/privacy/", "/healthz", "/no-such-page/"])
@pytest.mark.django_db
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in policy
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_tests_run_background_tasks_at_once():
    assert settings.TASKS["default"]["BACKEND"] == (
        "django_tasks.backends.immediate.ImmediateBackend"
    )


def test_logs_never_carry_phone_numbers_or_email_addresses():
    assert redact("lead from +90 532 123 45 67 and ayse.yilmaz@example.com") == (
        "lead from [phone] and [email]"
    )
    assert redact("0532 123 45 67 called") == "[phone] called"
    assert redact("lead 42 saved in 15 ms") == "lead 42 saved in 15 ms"


def test_log_records_are_redacted_before_output(caplog):
    import logging

    record = logging.LogRecord(
        "leads", logging.INFO, __file__, 1, "call %s", ("+4915112345678",), None
    )
    RedactPersonalDataFilter().filter(record)
    assert record.getMessage() == "call [phone]"


def test_production_collects_static_files_with_hashed_names_and_compression(tmp_path):
    result = manage(
        "collectstatic", "--noinput", "-v", "0", **PRODUCTION_ENV, DJANGO_STATIC_ROOT=str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in (
        "bootstrap/css/bootstrap.min.css",
        "bootstrap/css/bootstrap.rtl.min.css",
        "css/site.css",
    ):
        hashed = manifest[name]
        assert hashed != name
        assert (tmp_path / hashed).exists()
        assert (tmp_path / f"{hashed}.gz").exists()
        assert (tmp_path / f"{hashed}.br").exists()


def test_dates_and_times_in_log_lines_are_kept():
    line = "lockout older than 2026-11-24 09:09:18.278415+00:00 for lead 42"
    assert redact(line) == line
    assert redact("called +90 532 123 45 67 at 2026-11-24T10:00") == (
        "called [phone] at 2026-11-24T10:00"
    )


def test_tracebacks_in_logs_are_redacted_too():
    import logging

    try:
        raise ValueError("duplicate key (phone)=(+905321234567) for ayse@example.com")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "leads", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    RedactPersonalDataFilter().filter(record)
    output = logging.Formatter().format(record)
    assert "905321234567" not in output
    assert "ayse@example.com" not in output
    assert "[phone]" in output and "[email]" in output


def test_error_reports_hide_everything_a_patient_typed(rf):
    from django.views.debug import ExceptionReporter

    request = rf.post("/callback/", {"name": "Ayşe Yılmaz", "phone": "+905321234567"})
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        report = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()
    assert "Ayşe" not in report
    assert "905321234567" not in report

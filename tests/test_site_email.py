"""
Sending email: ``EMAIL_URL`` says in its scheme whether and how TLS is used, and a send that
fails is logged once, plainly, with the mail server's own words.

The end-to-end tests talk to a tiny SMTP relay of their own, on a free port, that offers no TLS
(as many internal relays do).
"""

import logging
import socketserver
import sys
import threading

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from clinic_site.logging import NoRepeatedTracebackFilter
from clinic_site.settings.env import SMTP, Env

# --- EMAIL_URL -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "port", "starttls", "ssl"),
    [
        ("smtp://relay.example", 25, False, False),
        ("smtp://relay.example:2525", 2525, False, False),
        ("smtp+tls://smtp.example.com", 587, True, False),
        ("smtp+tls://smtp.example.com:2587", 2587, True, False),
        ("smtps://smtp.example.com", 465, False, True),
        ("smtp+ssl://smtp.example.com", 465, False, True),
    ],
)
def test_the_scheme_of_email_url_alone_chooses_tls(url, port, starttls, ssl):
    config = Env.email_url_config(url)
    assert config["EMAIL_BACKEND"] == SMTP
    assert (config["EMAIL_PORT"], config["EMAIL_USE_TLS"], config["EMAIL_USE_SSL"]) == (
        port,
        starttls,
        ssl,
    )


def test_plain_smtp_never_switches_starttls_on():
    config = Env.email_url_config("smtp://relay.internal:25")
    assert config["EMAIL_USE_TLS"] is False
    assert config["EMAIL_USE_SSL"] is False


@pytest.mark.parametrize("query", ["tls=1", "tls=0", "ssl=true", "use_tls=1"])
def test_tls_asked_for_in_the_query_string_is_refused_naming_the_schemes(query):
    with pytest.raises(ValueError, match=r"smtp\+tls://.*smtps://"):
        Env.email_url_config(f"smtp://relay.example?{query}")


def test_a_password_is_never_sent_over_plain_smtp_to_another_machine():
    with pytest.raises(ValueError, match=r"unencrypted.*smtp\+tls://"):
        Env.email_url_config("smtp://mailer:secret@smtp.example.com:587")
    # The same account over STARTTLS or TLS, or a relay on this machine, is fine.
    assert Env.email_url_config("smtp+tls://mailer:secret@smtp.example.com")[
        "EMAIL_HOST_PASSWORD"
    ] == ("secret")
    assert Env.email_url_config("smtp://mailer:secret@localhost")["EMAIL_HOST_USER"] == "mailer"


def test_a_bad_email_url_stops_the_start_naming_the_variable(monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "smtp://relay.example?tls=1")
    with pytest.raises(ImproperlyConfigured, match="^EMAIL_URL "):
        Env().email_url("EMAIL_URL")


# --- Sending, and failing to --------------------------------------------------------------------


class PlainRelay(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept a message, with no STARTTLS (and no other extension)."""

    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 relay.test ESMTP")
        while line := self.rfile.readline():
            command = line.decode().strip().upper()
            if command.startswith("EHLO"):
                self.reply("250 relay.test")
            elif command.startswith(("HELO", "MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 go on")
                message = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    message.append(data)
                self.server.messages.append(b"".join(message))
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


@pytest.fixture
def relay(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), PlainRelay)
    server.daemon_threads = True
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "clinic_site.mail.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.server_address
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.shutdown()
    server.server_close()


def mail_log(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "clinic_site.mail"]


def test_plain_smtp_delivers_to_a_relay_without_tls(relay, caplog):
    sent = mail.send_mail("Hello", "Body", "clinic@example.com", ["desk@example.com"])
    assert sent == 1
    assert len(relay.messages) == 1
    assert b"Subject: Hello" in relay.messages[0]
    assert mail_log(caplog) == []


def test_a_failed_send_is_logged_once_plainly_with_the_servers_reason(relay, settings, caplog):
    settings.EMAIL_USE_TLS = True  # the relay offers no STARTTLS
    with caplog.at_level(logging.WARNING, logger="clinic_site.mail"):
        with pytest.raises(Exception, match="STARTTLS"):
            mail.send_mail("Hello", "Body", "clinic@example.com", ["desk@example.com"])
    [record] = mail_log(caplog)
    message = record.getMessage()
    assert f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}" in message
    assert "STARTTLS" in message
    assert "not supported by server" in message  # the reason, in the library's words
    assert record.exc_info is None and not record.exc_text  # one line, no traceback
    assert relay.messages == []


def test_a_refused_connection_is_logged_once_even_when_failing_silently(settings, caplog):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.EMAIL_BACKEND = "clinic_site.mail.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    with caplog.at_level(logging.WARNING, logger="clinic_site.mail"):
        sent = mail.send_mail("Hi", "Body", "a@example.com", ["b@example.com"], fail_silently=True)
    assert sent == 0
    [record] = mail_log(caplog)
    assert "Connection refused" in record.getMessage()
    assert "no TLS" in record.getMessage()
    assert record.exc_info is None


def test_a_failed_send_in_a_background_task_is_not_logged_again_with_a_traceback(
    relay, settings, caplog
):
    # The task runner logs every failed task with logger.exception; the output the operator
    # reads (the stdout handler) keeps its line but not the traceback of a failure already
    # logged plainly.
    [output] = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, NoRepeatedTracebackFilter) for f in handler.filters)
    ]
    settings.EMAIL_USE_TLS = True
    with pytest.raises(OSError) as failure:
        mail.send_mail("Hello", "Body", "clinic@example.com", ["desk@example.com"])
    task_log = logging.getLogger("django_tasks").makeRecord(
        "django_tasks",
        logging.ERROR,
        __file__,
        1,
        "Task id=%s state=FAILED",
        ("42",),
        (failure.type, failure.value, failure.tb),
    )
    assert output.filter(task_log)
    line = output.format(task_log)
    assert "Task id=42 state=FAILED" in line
    assert "Traceback" not in line


def test_other_failures_keep_their_traceback_in_the_log():
    [output] = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, NoRepeatedTracebackFilter) for f in handler.filters)
    ]
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        record = logging.getLogger("django_tasks").makeRecord(
            "django_tasks", logging.ERROR, __file__, 1, "Task failed", (), sys.exc_info()
        )
    assert output.filter(record)
    assert "Traceback" in output.format(record)

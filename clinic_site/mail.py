"""
Django's SMTP backend, saying why a send failed: one log line with the mail server's reason
(``email not sent via smtp.example.com:587 (STARTTLS): SMTPAuthenticationError: …``), not a
traceback, and not silence when the caller asked to fail silently (error reports do). The
exception still reaches the caller, which decides what happens next: a call-back notification,
for one, stays pending for the next run.
"""

import logging
import smtplib

from django.core.mail.backends import smtp

from clinic_site.logging import LOGGED_PLAINLY

logger = logging.getLogger(__name__)

# What a mail server, the network or TLS can raise (socket and ssl errors are OSErrors).
SEND_FAILURES = (smtplib.SMTPException, OSError)


class EmailBackend(smtp.EmailBackend):
    def send_messages(self, email_messages):
        fail_silently, self.fail_silently = self.fail_silently, False
        try:
            return super().send_messages(email_messages)
        except SEND_FAILURES as error:
            logger.warning(
                "email not sent via %s:%s (%s): %s: %s",
                self.host,
                self.port,
                "TLS" if self.use_ssl else "STARTTLS" if self.use_tls else "no TLS",
                type(error).__name__,
                error,
            )
            # Django leaves a connection that failed halfway (at STARTTLS, at login) open, and
            # the next send on this backend would try to use it.
            try:
                self.close()
            except SEND_FAILURES:
                pass
            if fail_silently:
                return 0
            setattr(error, LOGGED_PLAINLY, True)  # no traceback for it later in the log
            raise
        finally:
            self.fail_silently = fail_silently

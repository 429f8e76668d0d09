"""
Marketing's admin: the subscriber list with filters, segments (tags), CSV export and import,
and erasure requests. Consent can only be given by the person (double opt-in) or recorded by
an import that says how it was obtained: nobody adds or resubscribes a subscriber by hand.

One module per admin page: ``subscribers.py`` (the list and its actions), ``imports.py`` (CSV
imports), ``tags.py`` (segments), ``campaigns.py`` (writing and sending the newsletter) and
``mail_events.py`` (the mail provider's reports). Importing them registers them.
"""

from newsletter.admin import campaigns, imports, mail_events, subscribers, tags  # noqa: F401

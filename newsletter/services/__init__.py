"""
Writes that do more than save a row, one module per idea:

- ``subscription.py``: one person's subscription, from the request to the erasure;
- ``tags.py``: segments, tagging and untagging subscribers;
- ``imports.py``: CSV imports, from the preview to the background run;
- ``mail_events.py``: the mail provider's reports (bounces, complaints) and what they change.
"""

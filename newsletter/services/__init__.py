"""
Writes that do more than save a row, one module per idea:

- ``subscription.py``: one person's subscription, from the request to the erasure;
- ``tags.py``: segments, tagging and untagging subscribers;
- ``imports.py``: CSV imports, from the preview to the background run;
- ``campaigns.py``: a campaign's audience, its test, scheduling, cancelling and its counts;
- ``sending.py``: sending a campaign once to each subscriber, in claimed batches, paced;
- ``digest.py``: the article digest, by hand or monthly;
- ``mail_events.py``: the mail provider's reports (bounces, complaints) and what they change.
"""

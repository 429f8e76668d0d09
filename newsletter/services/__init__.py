"""
Writes that do more than save a row, one module per idea:

- ``subscription.py``: one person's subscription, from the request to the erasure;
- ``tags.py``: segments, tagging and untagging subscribers;
- ``imports.py``: CSV imports, from the preview to the background run.
"""

"""
Fingerprints stored before they were keyed were the plain SHA-256 of a fixed prefix and the
address: anyone could confirm a guessed address from one. Every stored fingerprint, forgotten
subscribers' included, is replaced by its HMAC-SHA256 under NEWSLETTER_FORGET_KEY, which is
what ``newsletter.models.email_hash`` computes from an address now: no address is needed, so
no fingerprint is left plain and every forgotten address is still recognised.

The formula is written out here, not imported, so that this migration keeps doing what it did.
Going back recomputes the plain hash of subscribers who still have an address; a forgotten
subscriber's keyed fingerprint cannot be turned back.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations

PREFIX = "clinic-newsletter:"


def _keyed(plain_hash):
    key = settings.NEWSLETTER_FORGET_KEY.encode()
    return hmac.new(key, plain_hash.encode(), hashlib.sha256).hexdigest()


def key_fingerprints(apps, schema_editor):
    Subscriber = apps.get_model("newsletter", "Subscriber")
    subscribers = list(Subscriber.objects.only("pk", "email_hash"))
    for subscriber in subscribers:
        subscriber.email_hash = _keyed(subscriber.email_hash)
    Subscriber.objects.bulk_update(subscribers, ["email_hash"], batch_size=500)


def unkey_fingerprints(apps, schema_editor):
    Subscriber = apps.get_model("newsletter", "Subscriber")
    subscribers = list(Subscriber.objects.exclude(email="").only("pk", "email", "email_hash"))
    for subscriber in subscribers:
        local, sep, domain = subscriber.email.strip().rpartition("@")
        normalized = f"{local}{sep}{domain.lower()}".lower()
        subscriber.email_hash = hashlib.sha256(f"{PREFIX}{normalized}".encode()).hexdigest()
    Subscriber.objects.bulk_update(subscribers, ["email_hash"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0001_initial")]

    operations = [migrations.RunPython(key_fingerprints, unkey_fingerprints)]

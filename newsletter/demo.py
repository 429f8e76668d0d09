"""Demo subscribers for the marketing admin: one in each state, with consent history."""

from datetime import timedelta

from django.utils import timezone

from newsletter.consent import CONSENT_VERSION, consent_text
from newsletter.models import ConsentEvent, Subscriber, Tag

DEMO_SUBSCRIBERS = [
    # (email, first name, language, status, tags)
    ("ayse.demo@example.com", "Ayşe", "en", "subscribed", ["FUE interest"]),
    ("hans.demo@example.com", "Hans", "de", "subscribed", ["Germany", "FUE interest"]),
    ("layla.demo@example.com", "Layla", "en", "pending", []),
    ("tom.demo@example.com", "Tom", "en", "unsubscribed", []),
]


def seed(*, stdout):
    if Subscriber.objects.filter(email__endswith=".demo@example.com").exists():
        return
    text = consent_text(clinic_name="Bosphorus Hair Clinic")
    now = timezone.now()
    for days_ago, (email, first_name, language, status, tags) in enumerate(DEMO_SUBSCRIBERS):
        requested = now - timedelta(days=30 - days_ago * 5)
        subscriber = Subscriber.objects.create(
            email=email,
            first_name=first_name,
            language=language,
            status=status,
            source_url="/",
            created_at=requested,
            confirmed_at=requested + timedelta(minutes=7) if status != "pending" else None,
            unsubscribed_at=now - timedelta(days=1) if status == "unsubscribed" else None,
        )
        subscriber.tags.set(Tag.for_names(tags))
        events = [("subscribe_requested", requested)]
        if status != "pending":
            events.append(("confirmed", requested + timedelta(minutes=7)))
        if status == "unsubscribed":
            events.append(("unsubscribed", now - timedelta(days=1)))
        for kind, when in events:
            ConsentEvent.objects.create(
                subscriber=subscriber,
                kind=kind,
                consent_text=text if kind != "unsubscribed" else "",
                consent_version=CONSENT_VERSION if kind != "unsubscribed" else "",
                source="/" if kind == "subscribe_requested" else "demo",
                ip_address="203.0.113.0",
                user_agent="Mozilla/5.0 (demo)",
                created_at=when,
            )
    stdout.write(f"newsletter: {len(DEMO_SUBSCRIBERS)} demo subscribers")

"""
Campaigns: who receives them, what each message says and carries, scheduling, the one-click
unsubscribe from a campaign's link, and the article digest.
"""

import re
from datetime import datetime, timedelta
from email import message_from_bytes
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from newsletter.models import Campaign, ConsentEvent, Delivery, Subscriber
from newsletter.services.campaigns import (
    campaign_audience,
    campaign_counts_by_language,
    campaign_schedule,
)
from newsletter.services.digest import digest_compose, digests_monthly
from newsletter.services.sending import campaign_send, campaigns_send_due
from tests.factories import (
    ArticleFactory,
    CampaignFactory,
    SubscriberFactory,
    TagFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("four_languages", "clinic")]


def _scheduled(campaign, at=None):
    return campaign_schedule(campaign=campaign, at=at or timezone.now() + timedelta(hours=1))


def _send_all(campaign):
    """Schedule the campaign for now and send it through the periodic job's path."""
    Campaign.objects.filter(pk=campaign.pk).update(
        status=Campaign.Status.SCHEDULED, scheduled_at=timezone.now()
    )
    return campaign_send(campaign_id=campaign.pk)


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


# --- Audience ---------------------------------------------------------------------------------


def test_audience_is_the_subscribed_people_of_the_campaigns_language():
    english = SubscriberFactory(language="en")
    SubscriberFactory(language="de")
    campaign = CampaignFactory(language="en")
    assert list(campaign_audience(campaign=campaign)) == [english]


def test_audience_of_the_main_language_includes_languages_the_site_lacks():
    french = SubscriberFactory(language="fr")
    SubscriberFactory(language="tr")
    assert list(campaign_audience(campaign=CampaignFactory(language="en"))) == [french]
    assert list(campaign_audience(campaign=CampaignFactory(language="de"))) == []


@pytest.mark.parametrize("status", ["pending", "unsubscribed", "forgotten"])
def test_nobody_but_subscribed_people_receives_a_campaign(status):
    SubscriberFactory(status=status)
    subscribed = SubscriberFactory()
    campaign = CampaignFactory()
    _send_all(campaign)
    assert _recipients() == [subscribed.email]


def test_a_tagged_audience_is_those_with_one_of_the_tags_once_each():
    fue, dhi = TagFactory(name="FUE"), TagFactory(name="DHI")
    both = SubscriberFactory(tags=[fue, dhi])
    one = SubscriberFactory(tags=[dhi])
    SubscriberFactory()
    SubscriberFactory(tags=[fue], language="de")
    campaign = CampaignFactory(audience="tags", tags=[fue, dhi])
    _send_all(campaign)
    assert _recipients() == sorted([both.email, one.email])


def test_the_audience_is_taken_when_sending_starts_not_when_scheduled():
    early = SubscriberFactory()
    _scheduled(CampaignFactory())
    late = SubscriberFactory()
    Subscriber.objects.filter(pk=early.pk).update(status="unsubscribed")
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        campaigns_send_due()
    assert _recipients() == [late.email]


def test_whoever_subscribes_after_sending_started_gets_nothing_from_it():
    from newsletter.services import sending

    first = SubscriberFactory()
    campaign = CampaignFactory(status="scheduled", scheduled_at=timezone.now())
    sending.campaign_start(campaign_id=campaign.pk)
    SubscriberFactory()
    call_command("send_campaigns", stdout=StringIO())
    call_command("send_campaigns", stdout=StringIO())
    assert _recipients() == [first.email]
    assert Campaign.objects.get(pk=campaign.pk).status == "sent"


def test_whoever_unsubscribes_mid_campaign_gets_nothing():
    first, second = SubscriberFactory(), SubscriberFactory()
    campaign = CampaignFactory()
    Campaign.objects.filter(pk=campaign.pk).update(status="scheduled", scheduled_at=timezone.now())

    from newsletter.services import sending

    sending.campaign_start(campaign_id=campaign.pk)
    Subscriber.objects.filter(pk=second.pk).update(status="unsubscribed")
    sending.campaign_send(campaign_id=campaign.pk)
    assert _recipients() == [first.email]
    assert Delivery.objects.get(subscriber=second).status == "skipped"
    assert Campaign.objects.get(pk=campaign.pk).status == "sent"


# --- Scheduling ---------------------------------------------------------------------------------


def test_a_scheduled_campaign_goes_out_at_its_time_and_not_before():
    SubscriberFactory()
    at = timezone.now() + timedelta(days=1)
    campaign = _scheduled(CampaignFactory(), at=at)
    call_command("send_campaigns", stdout=StringIO())
    assert mail.outbox == []
    assert Campaign.objects.get(pk=campaign.pk).status == "scheduled"
    with time_machine.travel(at + timedelta(seconds=30)):
        call_command("send_campaigns", stdout=StringIO())
    assert len(mail.outbox) == 1
    campaign.refresh_from_db()
    assert campaign.status == "sent"
    assert campaign.finished_at is not None


def test_sending_again_a_sent_campaign_sends_nothing():
    SubscriberFactory()
    campaign = CampaignFactory()
    _send_all(campaign)
    call_command("send_campaigns", stdout=StringIO())
    Campaign.objects.filter(pk=campaign.pk).update(status="sending")
    campaign_send(campaign_id=campaign.pk)
    assert len(mail.outbox) == 1


def test_send_now_sends_in_the_background_after_commit(django_capture_on_commit_callbacks):
    SubscriberFactory()
    campaign = CampaignFactory()
    with django_capture_on_commit_callbacks(execute=True):
        campaign_schedule(campaign=campaign)
    assert len(mail.outbox) == 1
    assert Campaign.objects.get(pk=campaign.pk).status == "sent"


def test_send_campaigns_sends_every_campaign_that_is_due():
    SubscriberFactory(language="en")
    SubscriberFactory(language="de")
    first = _scheduled(CampaignFactory(language="en"), at=timezone.now() + timedelta(minutes=5))
    second = _scheduled(CampaignFactory(language="de"), at=timezone.now() + timedelta(minutes=9))
    later = _scheduled(CampaignFactory(language="en"), at=timezone.now() + timedelta(days=2))
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        call_command("send_campaigns", stdout=StringIO())
    assert len(mail.outbox) == 2
    statuses = dict(Campaign.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "sent", second.pk: "sent", later.pk: "scheduled"}


def test_the_worker_sends_every_due_campaign_as_the_command_does():
    from newsletter.tasks import send_due_campaigns

    SubscriberFactory()
    campaign = _scheduled(CampaignFactory(), at=timezone.now() + timedelta(minutes=5))
    send_due_campaigns.call()
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert send_due_campaigns.call() == 1
    assert Campaign.objects.get(pk=campaign.pk).status == "sent"


def test_a_scheduled_campaign_is_handed_to_the_worker_for_its_time(
    settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    at = timezone.now() + timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        campaign = _scheduled(CampaignFactory(), at=at)
    (queued,) = default_task_backend.results
    assert queued.task.name == "send_campaign"
    assert queued.args == [campaign.pk]
    assert queued.task.run_after == at


def test_a_cancelled_campaign_is_not_sent():
    from newsletter.services.campaigns import campaign_cancel

    SubscriberFactory()
    campaign = _scheduled(CampaignFactory(), at=timezone.now() + timedelta(minutes=5))
    campaign_cancel(campaign=campaign)
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        campaigns_send_due()
    assert mail.outbox == []


# --- The message --------------------------------------------------------------------------------


def _one_message(**subscriber):
    recipient = SubscriberFactory(**subscriber)
    campaign = CampaignFactory(
        language=recipient.language,
        body="## Spring\n\nRead [our FUE article](/blog/fue/).\n\n![The clinic](/media/clinic.jpg)",
    )
    _send_all(campaign)
    (message,) = mail.outbox
    return recipient, campaign, message


def test_each_message_has_one_click_unsubscribe_headers_and_is_bulk():
    recipient, campaign, message = _one_message()
    parsed = message_from_bytes(message.message().as_bytes())
    web, mailto = [part.strip().strip("<>") for part in parsed["List-Unsubscribe"].split(",")]
    assert re.match(r"https?://[^/]+/newsletter/unsubscribe/[^/]+/$", web)
    assert mailto.startswith("mailto:")
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed["Precedence"] == "bulk"
    assert parsed["Message-ID"]


def test_the_provider_message_id_is_recorded_for_each_delivery():
    recipient, campaign, message = _one_message()
    delivery = Delivery.objects.get(campaign=campaign, subscriber=recipient)
    assert delivery.status == "sent"
    assert delivery.sent_at is not None
    assert delivery.message_id == message.extra_headers["Message-ID"]


def test_the_message_greets_by_first_name_shows_the_unsubscribe_link_and_the_address(clinic):
    recipient, campaign, message = _one_message(first_name="Ayşe")
    html = message.alternatives[0][0]
    unsubscribe = re.search(r"<(http[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    for part in (html, message.body):
        assert "Ayşe" in part
        assert unsubscribe in part
        assert clinic.address_display in part


def test_the_html_has_its_css_inlined_and_keeps_dark_mode_rules():
    recipient, campaign, message = _one_message()
    html = message.alternatives[0][0]
    assert re.search(r'<div class="container" style="[^"]*max-width: 600px', html)
    assert "prefers-color-scheme: dark" in html


def test_links_and_images_of_the_body_point_at_the_site():
    recipient, campaign, message = _one_message()
    html = message.alternatives[0][0]
    assert re.search(r'href="https?://[^"/]+/blog/fue/"', html)
    assert re.search(r'src="https?://[^"/]+/media/clinic.jpg"', html)
    assert re.search(r"our FUE article \(https?://[^)]+/blog/fue/\)", message.body)


def test_a_german_subscriber_gets_german_text_and_german_links():
    recipient, campaign, message = _one_message(language="de", first_name="Jonas")
    html = message.alternatives[0][0]
    assert "Guten Tag Jonas," in html
    assert re.search(
        r"https?://[^/]+/de/newsletter/unsubscribe/", message.extra_headers["List-Unsubscribe"]
    )
    assert re.search(r'<a href="https?://[^/"]+/de/"', html)
    assert 'lang="de"' in html


def test_the_bodys_links_to_the_site_lead_to_its_pages_in_the_subscribers_language():
    original = ArticleFactory(language="en", slug="fue-recovery")
    ArticleFactory(language="de", slug="fue-heilung", translation_of=original)
    ArticleFactory(language="en", slug="only-in-english")
    recipient = SubscriberFactory(language="de")
    campaign = CampaignFactory(
        language="de",
        body=(
            "[Heilung](/blog/fue-recovery/) · [Englisch](/blog/only-in-english/) · "
            "[Blog](/blog/?page=2) · [Schon deutsch](/de/contact/) · ![Bild](/media/clinic.jpg)"
        ),
    )
    _send_all(campaign)
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    links = re.findall(r'href="https?://[^/"]+(/[^"]*)"', html)
    assert "/de/blog/fue-heilung/" in links
    assert "/blog/only-in-english/" in links  # no German version: the original, not a 404
    assert "/de/blog/?page=2" in links
    assert "/de/contact/" in links
    assert re.search(r'src="https?://[^/"]+/media/clinic.jpg"', html)
    assert "/de/blog/fue-heilung/" in message.body
    assert recipient.email in message.to


def test_an_arabic_message_is_right_to_left():
    recipient, campaign, message = _one_message(language="ar")
    assert 'dir="rtl"' in message.alternatives[0][0]


def test_no_tracking_pixel_and_no_redirected_links():
    recipient, campaign, message = _one_message()
    html = message.alternatives[0][0]
    images = re.findall(r"<img[^>]*>", html)
    assert len(images) == 1 and "clinic.jpg" in images[0]
    hosts = set(re.findall(r'href="https?://([^/"]+)', html))
    assert len(hosts) == 1


def test_the_body_is_sanitized_like_an_article():
    campaign = CampaignFactory(
        body="Hi<script>alert(1)</script> ![x](https://tracker.example/p.gif) [a](javascript:x)"
    )
    assert "script" not in campaign.body_html
    assert "tracker.example" not in campaign.body_html
    assert "javascript" not in campaign.body_html


# --- One-click unsubscribe from a campaign ------------------------------------------------------


def test_one_click_unsubscribe_from_a_campaign_link_is_recorded_for_that_campaign(client):
    recipient, campaign, message = _one_message()
    url = re.search(r"<(http[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    path = re.sub(r"^https?://[^/]+", "", url)
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    recipient.refresh_from_db()
    assert recipient.status == "unsubscribed"
    event = ConsentEvent.objects.get(subscriber=recipient, kind="unsubscribed")
    assert event.campaign == campaign
    assert campaign_counts_by_language(campaign=campaign)["en"]["unsubscribed"] == 1


def test_one_click_unsubscribe_works_from_the_providers_servers_without_cookie_or_token():
    from django.test import Client

    recipient, campaign, message = _one_message(language="de")
    url = re.search(r"<(http[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    path = re.sub(r"^https?://[^/]+", "", url)
    provider = Client(enforce_csrf_checks=True)
    response = provider.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert Subscriber.objects.get(pk=recipient.pk).status == "unsubscribed"


def test_opening_the_unsubscribe_link_of_a_campaign_never_unsubscribes(client):
    recipient, campaign, message = _one_message()
    url = re.search(r"<(http[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    path = re.sub(r"^https?://[^/]+", "", url)
    assert client.get(path).status_code == 200
    assert client.head(path).status_code in {200, 405}
    assert Subscriber.objects.get(pk=recipient.pk).status == "subscribed"


def test_an_unsubscribed_person_gets_no_later_campaign(client):
    recipient, campaign, message = _one_message()
    path = re.sub(
        r"^https?://[^/]+",
        "",
        re.search(r"<(http[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1),
    )
    client.post(path, {"List-Unsubscribe": "One-Click"})
    mail.outbox.clear()
    _send_all(CampaignFactory())
    assert mail.outbox == []


# --- The digest ---------------------------------------------------------------------------------


def test_the_digest_lists_the_articles_since_the_last_sent_digest_newest_first():
    now = timezone.now()
    old = ArticleFactory(title="Old news", published_at=now - timedelta(days=40))
    earlier = ArticleFactory(title="Earlier one", published_at=now - timedelta(days=10))
    newer = ArticleFactory(title="Newer one", published_at=now - timedelta(days=2))
    ArticleFactory(
        title="German one", language="de", slug="deutsch", published_at=now - timedelta(days=2)
    )
    ArticleFactory(title="Not yet", published_at=now + timedelta(days=2))
    ArticleFactory(title="A draft", published_at=None)
    Campaign.objects.create(
        kind="digest",
        subject="Last month",
        body="x",
        language="en",
        status="sent",
        scheduled_at=now - timedelta(days=30),
        digest_until=now - timedelta(days=30),
    )
    digest = digest_compose(language="en", now=now)
    assert digest.status == "draft"
    assert digest.kind == "digest"
    assert old.title not in digest.body
    assert "German one" not in digest.body and "Not yet" not in digest.body
    assert "A draft" not in digest.body
    assert digest.body.index(newer.title) < digest.body.index(earlier.title)
    assert earlier.summary in digest.body
    assert f"{newer.get_absolute_url()}" in digest.body_html


def test_a_drafted_but_unsent_digest_does_not_move_the_start():
    now = timezone.now()
    article = ArticleFactory(published_at=now - timedelta(days=3))
    digest_compose(language="en", now=now - timedelta(days=1))
    assert article.title in digest_compose(language="en", now=now).body


def test_no_digest_without_new_articles():
    assert digest_compose(language="en") is None


def _first_monday():
    return timezone.make_aware(datetime(2026, 6, 1, 9, 0))  # a Monday


def test_monthly_digest_is_drafted_on_the_first_monday_once_per_language(settings):
    settings.NEWSLETTER_DIGEST = "draft"
    monday = _first_monday()
    ArticleFactory(published_at=monday - timedelta(days=3))
    ArticleFactory(published_at=monday - timedelta(days=3), language="tr", slug="turkce")
    with time_machine.travel(monday - timedelta(days=7)):
        assert digests_monthly() == []
    with time_machine.travel(monday):
        made = digests_monthly()
        assert sorted(c.language for c in made) == ["en", "tr"]
        assert {c.status for c in made} == {"draft"}
        assert digests_monthly() == []
    with time_machine.travel(monday + timedelta(hours=5)):
        call_command("send_campaigns", stdout=StringIO())
    assert Campaign.objects.digests().count() == 2
    assert mail.outbox == []


def test_monthly_digest_can_be_sent_by_itself(settings, django_capture_on_commit_callbacks):
    settings.NEWSLETTER_DIGEST = "send"
    monday = _first_monday()
    ArticleFactory(published_at=monday - timedelta(days=3))
    SubscriberFactory()
    with time_machine.travel(monday), django_capture_on_commit_callbacks(execute=True):
        call_command("send_campaigns", stdout=StringIO())
    assert len(mail.outbox) == 1
    assert Campaign.objects.digests().get().status == "sent"


def test_the_monthly_digest_is_off_by_default():
    monday = _first_monday()
    ArticleFactory(published_at=monday - timedelta(days=3))
    with time_machine.travel(monday):
        assert digests_monthly() == []


def test_two_runs_of_the_monthly_job_at_once_make_one_digest(settings):
    # Both runs found no digest this month and compose at the same moment: the database
    # keeps one, and the second run neither makes nor sends another.
    settings.NEWSLETTER_DIGEST = "send"
    SubscriberFactory()
    ArticleFactory(language="en")
    month = datetime(2026, 3, 1).date()
    first = digest_compose(language="en", digest_month=month)
    second = digest_compose(language="en", digest_month=month)
    assert first is not None and second is None
    assert Campaign.objects.digests().count() == 1


def test_a_campaign_factory_with_no_arguments_is_a_draft_in_the_default_language(settings):
    campaign = CampaignFactory()
    assert campaign.status == "draft"
    assert campaign.language == settings.LANGUAGE_CODE
    assert campaign.scheduled_at is None
    assert campaign.body_html
    assert CampaignFactory().subject != campaign.subject

"""
Campaigns in the admin: the preview is the email as sent, a test goes to oneself, sending and
scheduling wait for a confirmation naming the number of recipients, progress and counts show
on the campaign's page, the digest is drafted from a button. Roles: tests/test_roles_matrix.py.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Campaign
from tests.factories import ArticleFactory, CampaignFactory, StaffFactory, SubscriberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("four_languages", "clinic")]


@pytest.fixture
def marketer(db):
    return StaffFactory(role="Marketing", first_name="Selin", email="selin@clinic.example")


@pytest.fixture
def marketing_client(marketer):
    client = Client()
    client.force_login(marketer)
    return client


def _url(name, campaign):
    return reverse(f"admin:newsletter_campaign_{name}", args=[campaign.pk])


def test_the_preview_is_exactly_the_email_a_test_sends(marketing_client):
    campaign = CampaignFactory()
    preview = marketing_client.get(_url("preview", campaign))
    marketing_client.post(_url("test", campaign))
    (test_email,) = mail.outbox
    assert preview.content.decode() == test_email.alternatives[0][0]
    assert "Selin" in test_email.alternatives[0][0]
    assert test_email.to == ["selin@clinic.example"]


def test_the_preview_is_the_email_a_subscriber_gets_but_for_name_and_links(marketing_client):
    SubscriberFactory(first_name="Selin")
    campaign = CampaignFactory()
    preview = marketing_client.get(_url("preview", campaign)).content.decode()
    Campaign.objects.filter(pk=campaign.pk).update(status="scheduled", scheduled_at=timezone.now())
    from newsletter.services.sending import campaign_send

    campaign_send(campaign_id=campaign.pk)
    sent = mail.outbox[0].alternatives[0][0]

    def without_links(html):
        return re.sub(r"/newsletter/unsubscribe/[^/\"]+/", "/newsletter/unsubscribe/…/", html)

    assert without_links(preview) == without_links(sent)


def test_the_preview_runs_nothing_and_may_be_framed_only_by_the_admin(marketing_client):
    response = marketing_client.get(_url("preview", CampaignFactory()))
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy
    assert "script-src" not in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_the_campaign_page_shows_the_recipient_count_preview_and_plain_text(marketing_client):
    SubscriberFactory.create_batch(3)
    SubscriberFactory(language="de")
    campaign = CampaignFactory()
    page = marketing_client.get(_url("change", campaign)).content.decode()
    assert "The audience has 3 subscribers now." in page
    assert _url("preview", campaign) in page
    assert "Spring at the clinic" in page  # the plain text, shown under the preview


def test_send_now_asks_first_naming_the_number_of_recipients(
    marketing_client, django_capture_on_commit_callbacks
):
    SubscriberFactory.create_batch(2)
    campaign = CampaignFactory()
    confirmation = marketing_client.get(_url("send", campaign))
    assert "will be sent now to 2 subscribers" in confirmation.content.decode()
    assert mail.outbox == [] and Campaign.objects.get(pk=campaign.pk).status == "draft"
    with django_capture_on_commit_callbacks(execute=True):
        marketing_client.post(_url("send", campaign), {"confirm": "1"})
    assert len(mail.outbox) == 2
    assert Campaign.objects.get(pk=campaign.pk).status == "sent"


def test_schedule_asks_first_then_schedules_for_the_time_given(marketing_client):
    SubscriberFactory()
    campaign = CampaignFactory()
    at = (timezone.localtime() + timedelta(days=2)).replace(second=0, microsecond=0)
    value = at.strftime("%Y-%m-%dT%H:%M")
    confirmation = marketing_client.get(_url("send", campaign), {"at": value})
    assert "to the 1 subscriber of its audience" in confirmation.content.decode()
    marketing_client.post(_url("send", campaign), {"at": value, "confirm": "1"})
    campaign.refresh_from_db()
    assert campaign.status == "scheduled"
    assert campaign.scheduled_at == at
    assert mail.outbox == []


def test_a_sent_campaign_shows_progress_and_counts_by_language(marketing_client, client):
    SubscriberFactory.create_batch(2)
    campaign = CampaignFactory()
    Campaign.objects.filter(pk=campaign.pk).update(status="scheduled", scheduled_at=timezone.now())
    from newsletter.services.sending import campaign_send

    campaign_send(campaign_id=campaign.pk)
    path = re.sub(
        r"^https?://[^/]+",
        "",
        re.search(r"<(http[^>]+)>", mail.outbox[0].extra_headers["List-Unsubscribe"]).group(1),
    )
    client.post(path, {"List-Unsubscribe": "One-Click"})
    page = marketing_client.get(_url("change", campaign)).content.decode()
    assert re.search(r'class="count-sent">2<', page)
    assert re.search(r'class="count-remaining">0<', page)
    row = re.search(r'<th scope="row">en</th>(.*?)</tr>', page).group(1)
    assert re.search(r'class="language-sent">2<', row)
    assert re.search(r'class="language-unsubscribed">1<', row)


def test_a_sent_campaign_can_no_longer_be_edited_or_sent_again(marketing_client):
    campaign = CampaignFactory(status="sent", scheduled_at=timezone.now())
    response = marketing_client.post(
        _url("change", campaign), {"subject": "Changed", "body": "x", "language": "en"}
    )
    assert response.status_code == 403
    marketing_client.post(_url("send", campaign), {"confirm": "1"})
    assert Campaign.objects.get(pk=campaign.pk).status == "sent"


def test_editors_read_campaigns_but_cannot_send_or_test_them():
    SubscriberFactory()
    campaign = CampaignFactory()
    client = Client()
    client.force_login(StaffFactory(role="Editors", email="editor@clinic.example"))
    assert client.get(_url("change", campaign)).status_code == 200
    assert client.post(_url("send", campaign), {"confirm": "1"}).status_code == 403
    assert client.post(_url("test", campaign)).status_code == 403
    assert mail.outbox == []
    assert Campaign.objects.get(pk=campaign.pk).status == "draft"


def test_new_digest_drafts_one_per_language_with_new_articles(marketing_client, marketer):
    ArticleFactory(title="Hair loss after COVID")
    ArticleFactory(title="Saç ekimi sonrası", language="tr", slug="sac-ekimi")
    response = marketing_client.post(reverse("admin:newsletter_campaign_digest"), follow=True)
    assert "2 digests drafted" in response.content.decode()
    digests = Campaign.objects.digests().order_by("language")
    assert [(d.language, d.status, d.created_by) for d in digests] == [
        ("en", "draft", marketer),
        ("tr", "draft", marketer),
    ]
    assert "Hair loss after COVID" in digests[0].body


def test_marketing_writes_a_campaign_in_the_admin(marketing_client, marketer):
    response = marketing_client.post(
        reverse("admin:newsletter_campaign_add"),
        {
            "subject": "Summer hours",
            "preheader": "",
            "body": "We are open on Saturdays.",
            "language": "de",
            "audience": "all",
        },
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert (campaign.status, campaign.language, campaign.created_by) == ("draft", "de", marketer)
    assert campaign.body_html == "<p>We are open on Saturdays.</p>"


def test_the_campaign_list_runs_a_fixed_number_of_queries(
    marketing_client, django_assert_num_queries
):
    CampaignFactory.create_batch(3, created_by=StaffFactory())
    marketing_client.get(reverse("admin:newsletter_campaign_changelist"))
    CampaignFactory.create_batch(3, created_by=StaffFactory())
    with django_assert_num_queries(8):
        response = marketing_client.get(reverse("admin:newsletter_campaign_changelist"))
    assert response.status_code == 200


CUSTOM_PAGES = ["preview", "test", "send", "cancel"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_call_centre_is_refused_every_campaign_page(method):
    SubscriberFactory()
    campaign = CampaignFactory()
    client = Client()
    client.force_login(StaffFactory(role="Call centre", email="cc@clinic.example"))
    urls = [_url(name, campaign) for name in ["change", "delete", *CUSTOM_PAGES]] + [
        reverse("admin:newsletter_campaign_changelist"),
        reverse("admin:newsletter_campaign_add"),
        reverse("admin:newsletter_campaign_digest"),
    ]
    for url in urls:
        response = getattr(client, method)(url, {"confirm": "1"})
        assert response.status_code == 403, url
    assert mail.outbox == []
    assert Campaign.objects.get(pk=campaign.pk).status == "draft"
    assert Campaign.objects.count() == 1


def test_editors_can_neither_cancel_a_campaign_nor_draft_a_digest():
    ArticleFactory()
    campaign = CampaignFactory(status="scheduled", scheduled_at=timezone.now() + timedelta(days=1))
    client = Client()
    client.force_login(StaffFactory(role="Editors", email="editor@clinic.example"))
    assert client.post(_url("cancel", campaign)).status_code == 403
    assert client.post(reverse("admin:newsletter_campaign_digest")).status_code == 403
    assert Campaign.objects.get(pk=campaign.pk).status == "scheduled"
    assert Campaign.objects.count() == 1


def test_a_campaign_address_that_is_not_a_number_is_not_found(marketing_client):
    response = marketing_client.get("/admin/newsletter/campaign/not-a-number/change/")
    assert response.status_code in {302, 404}


def test_a_double_submitted_send_starts_one_send(
    marketing_client, django_capture_on_commit_callbacks
):
    SubscriberFactory.create_batch(2)
    campaign = CampaignFactory()
    for _click in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            marketing_client.post(_url("send", campaign), {"confirm": "1"})
    assert len(mail.outbox) == 2
    assert Campaign.objects.get(pk=campaign.pk).status == "sent"


def test_the_campaign_page_runs_as_many_queries_however_many_deliveries(
    marketing_client, django_assert_num_queries
):
    from newsletter.services.sending import campaign_send

    def sent_campaign(recipients):
        SubscriberFactory.create_batch(recipients, language="de")
        campaign = CampaignFactory(
            language="de", status="scheduled", scheduled_at=timezone.now(), created_by=marketer
        )
        campaign_send(campaign_id=campaign.pk)
        return campaign

    marketer = StaffFactory(role="Marketing")
    small = sent_campaign(2)
    marketing_client.get(small.get_admin_url())
    with django_assert_num_queries(QUERIES_OF_A_SENT_CAMPAIGNS_PAGE):
        assert marketing_client.get(small.get_admin_url()).status_code == 200
    Campaign.objects.all().delete()
    large = sent_campaign(12)
    with django_assert_num_queries(QUERIES_OF_A_SENT_CAMPAIGNS_PAGE):
        assert marketing_client.get(large.get_admin_url()).status_code == 200


# 13: the preview of a German campaign looks up the German version of the article it links.
QUERIES_OF_A_SENT_CAMPAIGNS_PAGE = 13

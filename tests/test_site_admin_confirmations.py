"""
The admin pages that ask before an action acts (claim, assign, forget) share one template:
answering on the page, as a browser sends it, acts on the rows that were selected.
"""

from html.parser import HTMLParser

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from leads.models import Lead
from newsletter.models import Subscriber
from tests.factories import LeadFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:leads_lead_changelist")
SUBSCRIBERS = reverse("admin:newsletter_subscriber_changelist")


class ConfirmationForm(HTMLParser):
    """The page's form inside #content: where it posts, its hidden inputs, its buttons."""

    def __init__(self, page):
        super().__init__()
        self.action, self.hidden, self.buttons, self.cancel = None, [], {}, None
        self._in_form = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self._in_form and "logout" not in attrs.get("action", ""):
            self._in_form, self.action = True, attrs.get("action")
        elif not self._in_form:
            return
        elif tag == "input" and attrs.get("type") == "hidden" and attrs.get("name"):
            self.hidden.append((attrs["name"], attrs.get("value", "")))
        elif tag == "input" and attrs.get("type") == "submit":
            self.buttons[attrs["value"]] = (attrs.get("name"), attrs.get("value"))
        elif tag == "button":
            self._button = (attrs.get("name"), attrs.get("value"))
        elif tag == "a" and "cancel-link" in attrs.get("class", ""):
            self.cancel = attrs["href"]

    def handle_data(self, data):
        if self._in_form and getattr(self, "_button", None) and data.strip():
            self.buttons[data.strip()] = self._button
            self._button = None

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False

    def press(self, client, page_url, button, **fields):
        """Post the form as a browser would when ``button`` is pressed."""
        data = {}
        for name, value in self.hidden:
            data.setdefault(name, []).append(value)
        name, value = self.buttons[button]
        if name:
            data[name] = value
        data.update(fields)
        return client.post(self.action or page_url, data)


def ask(client, url, action, rows):
    response = client.post(url, {"action": action, ACTION_CHECKBOX_NAME: [r.pk for r in rows]})
    assert response.status_code == 200
    return ConfirmationForm(response.text)


def test_taking_over_from_the_claim_page_claims_every_selected_request(
    signed_in, coordinator, colleague
):
    theirs, free, other = LeadFactory(owner=colleague), LeadFactory(), LeadFactory()
    form = ask(signed_in, QUEUE, "claim", [theirs, free])
    form.press(signed_in, QUEUE, "Yes, take them over")
    assert set(Lead.objects.filter(owner=coordinator)) == {theirs, free}
    other.refresh_from_db()
    assert other.owner is None


def test_the_one_click_claim_page_answers_to_that_requests_claim_address(
    signed_in, coordinator, colleague
):
    lead = LeadFactory(owner=colleague)
    url = reverse("admin:leads_lead_claim", args=[lead.pk])
    response = signed_in.post(url)
    form = ConfirmationForm(response.text)
    assert form.action == url
    form.press(signed_in, url, "Yes, take it over")
    lead.refresh_from_db()
    assert lead.owner == coordinator


def test_assigning_from_the_assign_page_assigns_every_selected_request(signed_in, colleague):
    leads = LeadFactory.create_batch(2)
    form = ask(signed_in, QUEUE, "assign_to", leads)
    form.press(signed_in, QUEUE, "Assign", owner=colleague.pk)
    assert set(Lead.objects.filter(owner=colleague)) == set(leads)


def test_forgetting_from_the_forget_page_forgets_only_the_selected_subscribers(marketing):
    chosen = SubscriberFactory.create_batch(2)
    kept = SubscriberFactory()
    form = ask(marketing, SUBSCRIBERS, "forget_selected", chosen)
    form.press(marketing, SUBSCRIBERS, "Yes, forget them")
    assert set(Subscriber.objects.filter(status="forgotten")) == set(chosen)
    kept.refresh_from_db()
    assert kept.status == "subscribed"


@pytest.mark.parametrize(
    ("who", "url", "action"),
    [
        ("signed_in", QUEUE, "claim"),
        ("signed_in", QUEUE, "assign_to"),
        ("marketing", SUBSCRIBERS, "forget_selected"),
    ],
)
def test_every_confirmation_page_offers_the_way_back_to_its_list(
    request, colleague, who, url, action
):
    client = request.getfixturevalue(who)
    rows = [LeadFactory(owner=colleague)] if url == QUEUE else [SubscriberFactory()]
    assert ask(client, url, action, rows).cancel == url

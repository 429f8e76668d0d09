from django import template
from django.utils.safestring import mark_safe

from clinic_site import page_parts
from leads.forms import CallbackForm

register = template.Library()

FORM_TEMPLATE = "leads/includes/callback_form.html"


@register.simple_tag(takes_context=True)
def callback_form(context, form=None, interest=None):
    """
    The call-back form, posting to /callback/. Embedded anywhere (home page, the end of every
    article), it records the page it is on, so the coordinator knows what the patient read.
    On a treatment's page, ``interest`` (the treatment) is already chosen in the form.

    The embedded form is the same on every page of a language but for that address: on an
    anonymous page its markup is kept for the page generation (``clinic_site.page_parts``) with
    a slot for the address.
    """
    request = context.get("request")
    template_ = context.template.engine.get_template(FORM_TEMPLATE)

    def render(form):
        values = {"form": form, "request": request, "csrf_token": context.get("csrf_token")}
        return template_.render(context.new(values))

    if form is not None:
        return render(form)
    if request is None or not page_parts.in_use():
        return render(_blank_form(request.build_absolute_uri() if request else "", interest))
    markup = page_parts.kept(
        "callback-form",
        lambda: render(_blank_form(page_parts.PAGE_ADDRESS_SLOT, interest)),
        interest.pk if interest else None,
    )
    if context.get(page_parts.BUILDING):
        return mark_safe(markup)  # noqa: S308 - the part around it fills the slot on each page
    return mark_safe(page_parts.fill(markup, request))  # noqa: S308


def _blank_form(source_url: str, interest) -> CallbackForm:
    initial = {"source_url": source_url}
    if interest:
        initial["interest"] = interest
    return CallbackForm(initial=initial)

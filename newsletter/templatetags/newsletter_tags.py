from django import template

from clinic_site import page_parts
from newsletter.forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("newsletter/includes/subscribe_form.html", takes_context=True)
def newsletter_subscribe_box(context):
    """
    The footer's subscribe form. Costs no query: the clinic's name comes from the page's
    context. Its ids start with ``newsletter-`` so they never clash with another form's.
    Inside a part kept for every page (the footer: ``clinic_site.page_parts``), the page's
    path is a slot that each page fills in.
    """
    request = context.get("request")
    clinic = context.get("clinic")
    if context.get(page_parts.BUILDING):
        source_url = page_parts.PAGE_PATH_SLOT
    else:
        source_url = request.path if request else ""
    form = SubscribeForm(
        auto_id="newsletter-%s",
        clinic_name=clinic.name if clinic else "",
        initial={"source_url": source_url},
    )
    return {"form": form, "csrf_token": context.get("csrf_token"), "request": request}

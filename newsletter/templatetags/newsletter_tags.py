from django import template

from newsletter.forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("newsletter/includes/subscribe_form.html", takes_context=True)
def newsletter_subscribe_box(context):
    """
    The footer's subscribe form. Costs no query: the clinic's name comes from the page's
    context. Its ids start with ``newsletter-`` so they never clash with another form's.
    """
    request = context.get("request")
    clinic = context.get("clinic")
    form = SubscribeForm(
        auto_id="newsletter-%s",
        clinic_name=clinic.name if clinic else "",
        initial={"source_url": request.path if request else ""},
    )
    return {"form": form, "csrf_token": context.get("csrf_token"), "request": request}

from django import template

from leads.forms import CallbackForm

register = template.Library()


@register.inclusion_tag("leads/includes/callback_form.html", takes_context=True)
def callback_form(context, form=None, interest=None):
    """
    The call-back form, posting to /callback/. Embedded anywhere (home page, the end of every
    article), it records the page it is on, so the coordinator knows what the patient read.
    On a treatment's page, ``interest`` (the treatment) is already chosen in the form.
    """
    request = context.get("request")
    if form is None:
        initial = {"source_url": request.build_absolute_uri() if request else ""}
        if interest:
            initial["interest"] = interest
        form = CallbackForm(initial=initial)
    return {"form": form, "request": request, "csrf_token": context.get("csrf_token")}

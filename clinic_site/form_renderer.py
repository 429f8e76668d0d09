"""
The public forms' inputs written out in Python, in exactly the markup of Django's widget
templates. A page not yet in the cache draws the call-back form and the newsletter box for its
visitor, and Django's templates for them (an input includes ``attrs.html``; a select includes a
template per option) cost more than the rest of those forms together. Only the plain widget
templates below are written here; any other template (a file input, a widget of our own) is
rendered by Django as before. ``tests/test_site_form_renderer.py`` holds the two to the same
output.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape


def _attributes(attrs: dict) -> str:
    """``attrs.html``: `` name="value"`` each, a bare name for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{conditional_escape(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = widget["value"]
    value = "" if value is None else f' value="{conditional_escape(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attributes(widget["attrs"])}>'
    )


def _textarea(widget: dict) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"'
        f"{_attributes(widget['attrs'])}>\n{value}</textarea>"
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{conditional_escape(option["value"])}"'
        f"{_attributes(option['attrs'])}>{conditional_escape(option['label'])}</option>"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attributes(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                return None
            # Django's option template ends with a line break, and only the whole is stripped.
            parts.append(f"\n  {_option(option)}\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_WRITERS = {
    **{
        f"django/forms/widgets/{kind}.html": _input
        for kind in ("input", "text", "email", "hidden", "checkbox", "tel", "number", "url")
    },
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
}


class WidgetRenderer(DjangoTemplates):
    """Django's renderer, with the plain widgets written out instead of templated."""

    def render(self, template_name, context, request=None):
        writer = _WRITERS.get(template_name)
        html = writer(context["widget"]) if writer else None
        if html is None:
            return super().render(template_name, context, request=request)
        return html


# One for every form: the fallback's template engine is built once, on first use.
widget_renderer = WidgetRenderer()

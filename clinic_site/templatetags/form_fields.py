"""
The public forms' fields in Bootstrap 5's markup, drawn by a plain template
(templates/includes/form_field.html) instead of a layout engine walking each form on every
request: the pages that carry the call-back and newsletter forms are built for every visitor
the cache has not served yet, and the forms were half of their time.
"""

from django import forms, template

register = template.Library()


def _bootstrap_class(widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


@register.filter
def widget_classes(widget) -> str:
    """
    The widget's own class, its kind in lower case (``textinput``, ``select``: the stylesheet
    and the scripts may pick a kind of input by it) and Bootstrap's class for it.
    """
    kind = type(widget).__name__.lower()
    own = widget.attrs.get("class", "")
    names = [own, kind if kind not in own else "", _bootstrap_class(widget)]
    return " ".join(name for name in names if name)


@register.filter
def bootstrap_widget(field):
    """The field's input with Bootstrap's classes, marked invalid when the field has errors."""
    classes = widget_classes(field.field.widget)
    if field.errors:
        classes += " is-invalid"
    return field.as_widget(attrs={"class": classes})


@register.filter
def is_checkbox(field) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)

"""
``{% kept_part "name" vary... %}…{% endkept_part %}``: markup that is the same on every
anonymous page of a language, built once per page generation by this process
(``clinic_site.page_parts``), not once per request.

What the part shows may depend only on the language, the release, the rows of the page's
models (the clinic identity, treatments, doctors…: a write starts a new generation) and the
``vary`` values (``request.resolver_match.view_name`` for a navigation that marks the current
page). The page's own address goes in slots: the forms inside render a placeholder while the
part is built (``page_part_building`` in the context), and each page fills in its own.
Anything else that differs from page to page stays outside the part.
"""

from django import template
from django.utils.safestring import mark_safe

from clinic_site import page_parts

register = template.Library()


class KeptPartNode(template.Node):
    def __init__(self, name, vary, nodelist):
        self.name = name
        self.vary = vary
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        if request is None or not page_parts.in_use():
            return self.nodelist.render(context)

        def build():
            with context.push({page_parts.BUILDING: True}):
                return self.nodelist.render(context)

        vary = [value.resolve(context) for value in self.vary]
        markup = page_parts.kept(f"part:{self.name}", build, *vary)
        return mark_safe(page_parts.fill(markup, request))  # noqa: S308


@register.tag
def kept_part(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs the part's name")
    nodelist = parser.parse(("endkept_part",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    vary = [parser.compile_filter(bit) for bit in bits[2:]]
    return KeptPartNode(name, vary, nodelist)

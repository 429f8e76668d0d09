"""
Markdown to safe HTML, once, when an article or a doctor's bio is saved.

Editors write Markdown; patients get HTML that passed an allow-list (nh3), so a pasted
``<script>``, an ``onerror=`` attribute, a ``javascript:`` link or an ``<iframe>`` never reaches
a page. The table of contents and the reading time are derived from the cleaned HTML, so they
always match what is shown.
"""

import html
import math
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.text import slugify

WORDS_PER_MINUTE = 200

ALLOWED_TAGS = {
    "h2", "h3", "h4", "h5", "h6",
    "p", "br", "hr",
    "ul", "ol", "li",
    "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
    "em", "strong", "blockquote", "code", "pre",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "h2": {"id"},
    "h3": {"id"},
    "th": {"align"},
    "td": {"align"},
}
# Removed with everything inside them, not just unwrapped.
REMOVED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template"}
SAFE_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Anchors the page frame uses itself: a heading called "Main" must not steal the skip link.
RESERVED_IDS = {"main", "content", "toc", "callback", "related"}

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Browsers read a backslash as a slash and drop tabs and line breaks inside a URL, so
# "/\evil.example/p.png" or "/<tab>/evil.example/p.png" is a protocol-relative address on
# another host. A same-site path never needs any of these characters: refuse them outright.
_NOT_IN_A_SAME_SITE_PATH = re.compile(r"[\\\s\x00-\x1f\x7f-\x9f]")
_HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>', re.S)
_H1 = re.compile(r"<(/?)h1(\b[^>]*)>", re.I)


@dataclass(frozen=True)
class Rendered:
    html: str
    text: str
    toc: list
    reading_time: int


def _slugify_heading(value, separator):
    slug = slugify(value) or "section"
    return f"{slug}-section" if slug in RESERVED_IDS else slug


def is_same_site_path(value: str) -> bool:
    """An absolute path on this site (``/media/x.png``), never an address on another host."""
    if not value or _NOT_IN_A_SAME_SITE_PATH.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return (
        not parts.scheme
        and not parts.netloc
        and parts.path.startswith("/")
        and not parts.path.startswith("//")
    )


def _keep_attribute(tag, attribute, value):
    # Images only from this site: a picture from elsewhere would be a request to another origin
    # (and the content security policy blocks it anyway).
    if tag == "img" and attribute == "src":
        return value if is_same_site_path(value) else None
    return value


def clean_html(raw_html: str) -> str:
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        clean_content_tags=REMOVED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=SAFE_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(source: str) -> Rendered:
    """Markdown to cleaned HTML, plain text, table of contents (H2/H3) and reading time."""
    source = _CONTROL_CHARACTERS.sub("", source or "")
    converter = markdown.Markdown(
        extensions=["tables", "fenced_code", "sane_lists", "toc"],
        extension_configs={
            "tables": {"use_align_attribute": True},
            "toc": {"slugify": _slugify_heading, "toc_depth": "2-3"},
        },
        output_format="html",
    )
    # The article title is the page's only H1; a "# heading" in the body becomes a section.
    body = _H1.sub(r"<\1h2\2>", converter.convert(source))
    cleaned = clean_html(body)
    text = _CONTROL_CHARACTERS.sub("", html.unescape(strip_tags(cleaned)))
    text = re.sub(r"\s+", " ", text).strip()
    toc = [
        {"level": int(level), "id": anchor, "title": html.unescape(strip_tags(title)).strip()}
        for level, anchor, title in _HEADING.findall(cleaned)
    ]
    words = len(text.split())
    reading_time = max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0
    return Rendered(html=cleaned, text=text, toc=toc, reading_time=reading_time)

"""Static files: Bootstrap from its package, trimmed to what the pages use, and nothing else."""

import posixpath
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.templatetags.static import static

from clinic_site.bootstrap import OUTPUT, build, parse, selector_is_used, trimmed

BASE_DIR = Path(__file__).resolve().parent.parent
BOOTSTRAP_IN_TEMPLATE = re.compile(r"""{%\s*static\s+["'](bootstrap/[^"']+)["']\s*%}""")
SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=(\S+) \*/")
STYLESHEET_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


def bootstrap_files_the_templates_link():
    return {
        path
        for template in (BASE_DIR / "templates").rglob("*.html")
        for path in BOOTSTRAP_IN_TEMPLATE.findall(template.read_text())
    }


def source_map_of(path):
    match = SOURCE_MAP.search(Path(finders.find(path)).read_text())
    return posixpath.join(posixpath.dirname(path), match.group(1)) if match else None


def test_only_the_bootstrap_files_the_pages_link_are_collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", interactive=False, verbosity=0)
    linked = bootstrap_files_the_templates_link()
    # A stylesheet names its source map; the manifest storage needs it to collect the stylesheet.
    expected = linked | ({source_map_of(path) for path in linked} - {None})
    collected = {
        path.relative_to(tmp_path).as_posix()
        for path in (tmp_path / "bootstrap").rglob("*")
        if path.is_file()
    }
    assert collected == expected


# WhiteNoise serves what the finders list when it starts; with autorefresh, as under `make run`,
# it asks the finders on each request instead.
serving_modes = pytest.mark.parametrize("autorefresh", [False, True], ids=["listed", "autorefresh"])


@serving_modes
@pytest.mark.parametrize("path", sorted(bootstrap_files_the_templates_link()))
def test_every_bootstrap_stylesheet_a_page_can_link_is_served(client, settings, autorefresh, path):
    settings.WHITENOISE_AUTOREFRESH = autorefresh
    response = client.get(static(path))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert re.search(rb"Bootstrap\s+v5\.3\.", b"".join(response.streaming_content)[:200])


@pytest.mark.django_db
def test_home_page_stylesheets_are_served(client):
    page = client.get("/").content.decode()
    links = STYLESHEET_LINK.findall(page)
    assert static("bootstrap/css/bootstrap.min.css") in links
    for href in links:
        assert client.get(href).status_code == 200, href


@pytest.mark.django_db
@serving_modes
def test_bootstrap_files_no_page_links_are_not_found(client, settings, autorefresh):
    settings.WHITENOISE_AUTOREFRESH = autorefresh
    assert client.get(static("bootstrap/css/bootstrap.css")).status_code == 404
    assert client.get(static("bootstrap/js/bootstrap.bundle.min.js")).status_code == 404


def rules_of(items, context=""):
    """Each rule as ``@media …|selector{declarations}``, at-rules flattened."""
    for prelude, body in items:
        if isinstance(body, list):
            yield from rules_of(body, f"{context}{prelude}|")
        else:
            yield f"{context}{prelude}{{{body}}}"


def test_the_trimmed_bootstrap_has_every_rule_the_pages_need():
    # Rules no page needs any more only cost bytes; a missing one breaks a page.
    for name, text in build().items():
        committed = set(rules_of(parse((BASE_DIR / OUTPUT / name).read_text())))
        missing = set(rules_of(parse(text))) - committed
        assert not missing, f"{OUTPUT / name} is stale: run make bootstrap and commit it"


def test_the_trimmed_bootstrap_keeps_what_the_pages_use_and_drops_the_rest():
    css = (BASE_DIR / OUTPUT / "bootstrap.min.css").read_text()
    used = (".btn-primary{", ".form-control{", ".breadcrumb-item", ".visually-hidden-focusable")
    for rule in used:
        assert rule in css, rule
    for unused in (".carousel", ".modal", ".accordion", ".offcanvas", ".toast", "data-bs-theme"):
        assert unused not in css, unused


def test_a_selector_is_kept_when_every_class_it_needs_is_used():
    used = frozenset({"btn", "btn-group"})
    assert selector_is_used(".btn-group>.btn", used)
    assert selector_is_used("a", used)
    assert not selector_is_used(".btn-group>.dropdown-toggle", used)
    # :not(.x) matches where .x is absent: an unused class there rules nothing out.
    assert selector_is_used(".btn-group>.btn:not(.dropdown-toggle)", used)
    assert not selector_is_used("[data-bs-theme=dark] .btn", used)


def test_custom_properties_and_animations_nothing_reads_are_dropped():
    css = (
        ":root{--bs-read:1px;--bs-unread:2px}.spin{animation:spin 1s}.gone{animation:fade 1s}"
        "@keyframes spin{to{transform:rotate(1turn)}}@keyframes fade{to{opacity:0}}"
        "a{margin:var(--bs-read)}@media (min-width:1px){.gone{color:red}}/*! licence */"
    )
    result = trimmed(css, frozenset({"spin"}))
    assert "--bs-read:1px" in result and "--bs-unread" not in result
    assert "@keyframes spin" in result and "@keyframes fade" not in result
    assert ".gone" not in result and "@media" not in result

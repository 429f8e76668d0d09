"""
Bootstrap trimmed to what the pages use, built from the stylesheets of its package.

The whole build is 31 KB compressed and render-blocking, and the pages use a few of its
components. ``manage.py trim_bootstrap`` (``make bootstrap``) keeps, from the package's
``bootstrap.min.css`` and ``bootstrap.rtl.min.css``, the rules whose every class appears in our
templates, Python, scripts or the form templates of crispy-bootstrap5, drops the custom
properties nothing reads and the animations nothing names, and writes the result under
``static/bootstrap/css/``. The two files are committed: a diff shows what a template change
pulls in, and nothing runs at start-up. A test rebuilds them and fails while they miss a rule
the pages need.

The scan is by word, as PurgeCSS does it: any word of the sources that names a class keeps it,
so a class named in a comment costs a few bytes, never a broken page. A class built from parts
in a template (``col-{{ n }}``) is not seen: write class names whole.
"""

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import crispy_bootstrap5
import crispy_forms
import django_include_bootstrap
from django.conf import settings

STYLESHEETS = ("bootstrap.min.css", "bootstrap.rtl.min.css")
OUTPUT = Path("static") / "bootstrap" / "css"
PRIVATE_FOLDERS = frozenset({"admin", "email", "migrations", "bootstrap"})
# crispy-bootstrap5's templates for layout objects no form of ours uses (Accordion, Modal,
# TabHolder, FloatingField, Switch): their words would keep those components.
CRISPY_UNUSED = ("accordion", "modal", "tab", "floating_field", "switch")

WORD = re.compile(r"-{0,2}[A-Za-z_][\w-]*")
CLASS = re.compile(r"\.((?:\\.|[\w-])+)")
DATA_ATTRIBUTE = re.compile(r"\[(data-[\w-]+)")
# :not(.a) matches where .a is absent; :is() and :where() match on any one of their list. The
# classes inside them never rule a selector out.
FUNCTIONAL_PSEUDO = re.compile(r":(?:not|is|where|has)\(")
CUSTOM_PROPERTY_USE = re.compile(r"var\((--[\w-]+)")
ANIMATION = re.compile(r"animation(?:-name)?:([^;}]+)")
NESTING_AT_RULES = ("@media", "@supports", "@container", "@layer")
NOTE = "/* Trimmed to the classes the pages use by `make bootstrap`: edit nothing here. */"


def package_stylesheet(name: str) -> str:
    return (Path(django_include_bootstrap.__file__).parent / "static" / "css" / name).read_text()


def source_files() -> Iterator[Path]:
    """
    Everything that can name a class on a public page. Not the admin, the emails nor the
    management commands, which never load Bootstrap, and not the trimmed files themselves.
    """
    base = Path(settings.BASE_DIR)
    yield from _public(base / "templates", "*.html")
    yield from _public(base / "static", "*.js")
    yield from _public(base / "static", "*.css")
    for app in ("blog", "clinic", "clinic_site", "leads", "newsletter"):
        yield from _public(base / app, "*.py")
    crispy = Path(crispy_bootstrap5.__file__).parent / "templates"
    yield from (path for path in crispy.rglob("*.html") if not path.name.startswith(CRISPY_UNUSED))
    yield from (Path(crispy_forms.__file__).parent / "templatetags").glob("*.py")


def _public(folder: Path, pattern: str) -> Iterator[Path]:
    for path in folder.rglob(pattern):
        if path == Path(__file__) or path.parent.name == "commands":
            continue  # the words of this tool name the components it leaves out
        if not PRIVATE_FOLDERS.intersection(path.relative_to(folder).parts):
            yield path


def words_of(paths: Iterable[Path]) -> frozenset[str]:
    words = set()
    for path in paths:
        words.update(WORD.findall(path.read_text(encoding="utf-8")))
    return frozenset(words)


# --- Reading the stylesheet: rules and at-rules, as the minified build writes them ------------


def _scan(css: str, start: int, stops: str) -> int:
    """The index of the first of ``stops`` at ``start`` or after, outside strings and brackets."""
    depth, index, quote = 0, start, None
    while index < len(css):
        char = css[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and char in stops:
            return index
        index += 1
    return index


def _block_end(css: str, start: int) -> int:
    """The index of the ``}`` closing the block that opens just before ``start``."""
    depth, index = 1, start
    while True:
        index = _scan(css, index, "{}")
        depth += 1 if css[index] == "{" else -1
        if depth == 0:
            return index
        index += 1


def parse(css: str) -> list:
    """
    ``[(prelude, body)]``: body is a list of the same for an at-rule that holds rules
    (``@media``), else its text (declarations, keyframes). Comments go, the licence stays.
    """
    items, index = [], 0
    while index < len(css):
        if css[index].isspace():
            index += 1
            continue
        if css.startswith("/*", index):
            end = css.index("*/", index) + 2
            if css.startswith("/*!", index):
                items.append((css[index:end], None))
            index = end
            continue
        stop = _scan(css, index, "{;")
        prelude = css[index:stop].strip()
        if stop >= len(css) or css[stop] == ";":
            if prelude:
                items.append((prelude + ";", None))
            index = stop + 1
            continue
        end = _block_end(css, stop + 1)
        body = css[stop + 1 : end]
        items.append((prelude, parse(body) if prelude.startswith(NESTING_AT_RULES) else body))
        index = end + 1
    return items


def serialize(items: list) -> str:
    out = []
    for prelude, body in items:
        if body is None:
            out.append(prelude + ("\n" if prelude.startswith("/*") else ""))
        elif isinstance(body, list):
            out.append(f"{prelude}{{{serialize(body)}}}")
        else:
            out.append(f"{prelude}{{{body}}}")
    return "".join(out)


def _split(text: str, separator: str) -> list[str]:
    parts, index = [], 0
    while index <= len(text):
        stop = _scan(text, index, separator)
        parts.append(text[index:stop])
        index = stop + 1
    return parts


# --- Trimming -------------------------------------------------------------------------------


def _outside_functional_pseudos(selector: str) -> str:
    while match := FUNCTIONAL_PSEUDO.search(selector):
        end = _scan(selector, match.end(), ")")
        selector = selector[: match.start()] + selector[end + 1 :]
    return selector


def selector_is_used(selector: str, words: frozenset[str]) -> bool:
    plain = _outside_functional_pseudos(selector)
    classes = (name.replace("\\", "") for name in CLASS.findall(plain))
    return all(name in words for name in classes) and all(
        attribute in words for attribute in DATA_ATTRIBUTE.findall(plain)
    )


def trim_selectors(items: list, words: frozenset[str]) -> list:
    kept = []
    for prelude, body in items:
        if body is None or prelude.startswith("@"):
            if isinstance(body, list):
                body = trim_selectors(body, words)
                if not body:
                    continue
            kept.append((prelude, body))
            continue
        selectors = [s for s in _split(prelude, ",") if selector_is_used(s, words)]
        if selectors:
            kept.append((",".join(selectors), body))
    return kept


def _declaration_rules(items: list) -> Iterator[tuple[list, int]]:
    for index, (prelude, body) in enumerate(items):
        if isinstance(body, list):
            yield from _declaration_rules(body)
        elif body is not None and not prelude.startswith("@"):
            yield items, index


def trim_custom_properties(items: list, words: frozenset[str]) -> list:
    """Drops ``--bs-*`` declarations that no ``var()`` and none of our sources read."""
    while True:
        text = serialize(items)
        read = set(CUSTOM_PROPERTY_USE.findall(text)) | {w for w in words if w.startswith("--")}
        changed = False
        for rules, index in list(_declaration_rules(items)):
            prelude, body = rules[index]
            declarations = _split(body, ";")
            kept = [
                d
                for d in declarations
                if not d.strip().startswith("--") or d.partition(":")[0].strip() in read
            ]
            if len(kept) != len(declarations):
                changed = True
                rules[index] = (prelude, ";".join(d for d in kept if d.strip()))
        if not changed:
            return _without_empty(items)


def _without_empty(items: list) -> list:
    kept = []
    for prelude, body in items:
        if isinstance(body, list):
            body = _without_empty(body)
            if not body:
                continue
        elif body is not None and not body.strip() and not prelude.startswith("@"):
            continue
        kept.append((prelude, body))
    return kept


def trim_keyframes(items: list) -> list:
    text = serialize(items)
    named = {name for value in ANIMATION.findall(text) for name in WORD.findall(value)}
    return [
        (prelude, body)
        for prelude, body in items
        if not prelude.startswith("@keyframes") or prelude.split()[-1] in named
    ]


def trimmed(css: str, words: frozenset[str]) -> str:
    items = trim_selectors(parse(css), words)
    items = trim_custom_properties(items, words)
    items = trim_keyframes(items)
    licence = next(i for i, (prelude, _) in enumerate(items) if prelude.startswith("/*!"))
    items.insert(licence + 1, (NOTE, None))
    return serialize(items) + "\n"


def build() -> dict[str, str]:
    """Each trimmed stylesheet's text by its name."""
    words = words_of(source_files())
    return {name: trimmed(package_stylesheet(name), words) for name in STYLESHEETS}

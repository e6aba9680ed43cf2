"""Material's colours for a palette, read from its stylesheets as a browser applies them to the page.

Material for MkDocs colours its pages through CSS custom properties, set by
`[data-md-color-primary=...]` rules on `<body>`. This module parses the
installed Material's stylesheets and the site's own `extra_css` with a CSS
parser, matches their rules against `<html>` and `<body>` carrying the
palette's attributes (with a CSS selector matcher), applies the declarations in
cascade order, inherits custom properties from `<html>` to `<body>` and
substitutes `var()` where each is declared: the values a browser computes.
Rules inside width-dependent media queries are left out: they colour parts of
the page, never its custom properties.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from xml.etree import ElementTree

import cssselect2
import material
import tinycss2
import tinycss2.ast

from generator.read import read_content_file

MATERIAL_STYLESHEETS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
CUSTOM = "custom"  # Material's name for a colour the site's own stylesheet sets
DEFAULTS = {"scheme": "default", "primary": "indigo", "accent": "indigo"}  # as Material's base.html


def _rules(nodes: Sequence[tinycss2.ast.Node]) -> Iterator[tinycss2.ast.QualifiedRule]:
    """Style rules that apply on screen at any width; rules for some widths only colour parts, not the page."""
    for node in nodes:
        if isinstance(node, tinycss2.ast.QualifiedRule):
            yield node
        elif isinstance(node, tinycss2.ast.AtRule) and node.lower_at_keyword == "media" and node.content:
            screen = tinycss2.serialize(node.prelude).strip().lower() in {"screen", "all"}
            if screen:
                yield from _rules(tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True))


def _palette_names(prelude: Sequence[tinycss2.ast.Node], names: dict[str, set[str]]) -> None:
    """Collect `X` of every `[data-md-color-<setting>=X]` in a selector: the colours Material knows."""
    for node in prelude:
        if isinstance(node, tinycss2.ast.SquareBracketsBlock):
            tokens = [t for t in node.content if not isinstance(t, tinycss2.ast.WhitespaceToken)]
            if len(tokens) == 3 and isinstance(tokens[0], tinycss2.ast.IdentToken):
                setting = tokens[0].value.removeprefix("data-md-color-")
                if setting in DEFAULTS and isinstance(tokens[2], tinycss2.ast.IdentToken | tinycss2.ast.StringToken):
                    names[setting].add(tokens[2].value)
        elif isinstance(node, tinycss2.ast.FunctionBlock):  # :not([...]) names a colour too
            _palette_names(node.arguments, names)


Declarations = tuple[tuple[str, tuple[tinycss2.ast.Node, ...], bool], ...]
Declared = dict[str, tuple[tinycss2.ast.Node, ...]]


class Stylesheets:
    """Custom properties of every style rule of some stylesheets, ready to match against an element."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.matcher = cssselect2.Matcher()
        self.names: dict[str, set[str]] = {setting: {CUSTOM} for setting in DEFAULTS}
        for path in paths:
            # Read as a regular file of limited size: a stylesheet linked to /dev/zero never ends.
            text = read_content_file(path, None, str(path)).decode("utf-8-sig")
            sheet = tinycss2.parse_stylesheet(text, True, True)
            for rule in _rules(sheet):
                declarations = tuple(
                    (item.name, tuple(item.value), item.important)
                    for item in tinycss2.parse_blocks_contents(rule.content, True, True)
                    if isinstance(item, tinycss2.ast.Declaration) and item.name.startswith("--")
                )
                if not declarations:
                    continue
                _palette_names(rule.prelude, self.names)
                try:
                    selectors = cssselect2.compile_selector_list(rule.prelude)
                except cssselect2.SelectorError:
                    continue  # a selector the matcher cannot read (a browser-specific one) never matches <body>
                for selector in selectors:
                    self.matcher.add_selector(selector, declarations)

    def declared(self, scheme: str, primary: str, accent: str) -> tuple[Declared, Declared]:
        """The custom properties declared on `<html>` and on `<body>` under this palette, in cascade order."""
        html = ElementTree.Element("html")
        attributes = {"data-md-color-scheme": scheme, "data-md-color-primary": primary}
        ElementTree.SubElement(html, "body", {**attributes, "data-md-color-accent": accent})
        root = cssselect2.ElementWrapper.from_html_root(html)
        found = []
        for element in (root, next(iter(root.iter_children()))):
            matched = [payload for _, _, pseudo, payload in self.matcher.match(element) if pseudo is None]
            declared: Declared = {}
            for important in (False, True):  # !important declarations win over normal ones
                for declarations in matched:
                    declared.update({name: value for name, value, flag in declarations if flag is important})
            found.append(declared)
        return found[0], found[1]

    def properties(self, scheme: str, primary: str, accent: str) -> dict[str, str]:
        """The custom properties of `<body>` under this palette, every `var()` substituted."""
        html, body = self.declared(scheme, primary, accent)
        return computed(body, computed(html, {}))


def computed(declared: Declared, inherited: dict[str, str]) -> dict[str, str]:
    """Custom properties of one element: its own declarations, `var()` resolved on it, over the inherited ones."""
    computed = dict(inherited)
    resolving: set[str] = set()
    done: set[str] = set()

    def value(name: str) -> str | None:
        if name not in declared:
            return inherited.get(name)
        if name not in done:
            if name in resolving:
                return None  # a cycle: invalid, as in a browser
            resolving.add(name)
            text = _substituted(declared[name], value)
            resolving.discard(name)
            done.add(name)
            if text is None:
                computed.pop(name, None)
            else:
                computed[name] = text
        return computed.get(name)

    for name in declared:
        value(name)
    return computed


def _substituted(tokens: Sequence[tinycss2.ast.Node], lookup: Callable[[str], str | None]) -> str | None:
    """The value with every `var(--x, fallback)` replaced, or None when a reference cannot be resolved."""
    parts: list[str] = []
    for token in tokens:
        if isinstance(token, tinycss2.ast.FunctionBlock) and token.lower_name == "var":
            arguments = [t for t in token.arguments if not isinstance(t, tinycss2.ast.WhitespaceToken)]
            if not arguments or not isinstance(arguments[0], tinycss2.ast.IdentToken):
                return None
            found = lookup(arguments[0].value)
            if found is None and len(arguments) > 2:
                found = _substituted(token.arguments[token.arguments.index(arguments[1]) + 1 :], lookup)
            if found is None:
                return None
            parts.append(found)
        elif isinstance(token, tinycss2.ast.FunctionBlock):
            inner = _substituted(token.arguments, lookup)
            if inner is None:
                return None
            parts.append(f"{tinycss2.serialize_identifier(token.name)}({inner})")
        else:
            parts.append(token.serialize())
    return "".join(parts).strip()


@functools.lru_cache(maxsize=8)
def _stylesheets(paths: tuple[Path, ...], stamps: tuple[float, ...]) -> Stylesheets:
    return Stylesheets(paths)  # `stamps` (modification times) renew the cache when `serve` sees a stylesheet change


def stylesheets(extra_css: Sequence[Path]) -> Stylesheets:
    """Material's stylesheets, then the site's own, parsed once per change."""
    material_css = sorted(MATERIAL_STYLESHEETS.glob("main.*.min.css")) + sorted(
        MATERIAL_STYLESHEETS.glob("palette.*.min.css")
    )
    paths = tuple(material_css + [path for path in extra_css if path.is_file()])
    return _stylesheets(paths, tuple(path.stat().st_mtime for path in paths))

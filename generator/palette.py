"""Check, before anything is built, that every colour pair the theme shows text or controls in meets WCAG 2.2 AA.

Material for MkDocs colours its pages through CSS custom properties set by
the palette (`theme.palette`: scheme, primary, accent; or a list of palettes).
The values come from the installed Material's own stylesheets and from the
site's `extra_css` (where our stylesheet sets its colours, and where a board
gives a custom shade), read with a CSS parser and applied to the page's
`<html>` and `<body>` as a browser would: the matching rules in cascade order,
custom properties inherited and `var()` substituted where they are declared.
Each pair in `PAIRS` is then measured with the WCAG contrast ratio, text over
its background composited layer by layer, against 4.5:1 for text and 3:1 for
the parts of controls (focus outlines). A failing pair is reported with its
ratio and the nearest shade that passes, found by moving the palette's colour
lighter or darker in OKLCH.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import cssselect2
import material
import tinycss2
import tinycss2.ast
from coloraide import Color

from generator.errors import FieldPath

TEXT = 4.5
NON_TEXT = 3.0  # WCAG 1.4.11: the parts of controls and focus indicators (and large text: 1.4.3)
MATERIAL_STYLESHEETS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
CUSTOM = "custom"  # Material's name for a colour the site's own stylesheet sets
DEFAULTS = {"scheme": "default", "primary": "indigo", "accent": "indigo"}  # as Material's base.html
_PAGE = "--md-default-bg-color"
_HEADER = (_PAGE, "--md-primary-fg-color")
_SEARCH_BOX = (*_HEADER, "#00000042")  # Material's search box on wide screens darkens the header colour
_FOOTER = (_PAGE, "--md-footer-bg-color", "--md-footer-bg-color--dark")


@dataclass(frozen=True)
class Pair:
    """A colour the theme puts on a background, and which palette setting chooses it."""

    what: str
    foreground: str  # a custom property
    background: tuple[str, ...]  # layers from the page up: custom properties or colours
    minimum: float
    adjust: str  # the custom property a board changes to fix the pair
    setting: str  # the palette setting that chooses `adjust`: primary, accent or scheme


PAIRS: tuple[Pair, ...] = (
    Pair("header, tab and menu text on the header colour", "--md-primary-bg-color", _HEADER, TEXT,
         "--md-primary-fg-color", "primary"),
    Pair("text typed into the search box (wide screens)", "--md-primary-bg-color", _SEARCH_BOX, TEXT,
         "--md-primary-fg-color", "primary"),
    Pair("hint text in the search box (wide screens)", "--md-primary-bg-color--light", _SEARCH_BOX, TEXT,
         "--md-primary-fg-color", "primary"),
    Pair("keyboard focus outline in the header", "--lb-focus-header", _HEADER, NON_TEXT,
         "--md-primary-fg-color", "primary"),
    Pair("page text", "--md-typeset-color", (_PAGE,), TEXT, "--md-default-fg-color", "scheme"),
    Pair("secondary text (dates, sources, notes)", "--md-default-fg-color--light", (_PAGE,), TEXT,
         "--md-default-fg-color--light", "scheme"),
    Pair("links and button text", "--md-typeset-a-color", (_PAGE,), TEXT, "--md-primary-fg-color", "primary"),
    Pair("links under the pointer or keyboard focus", "--md-accent-fg-color", (_PAGE,), TEXT,
         "--md-accent-fg-color", "accent"),
    Pair("button text under the pointer or keyboard focus", "--md-accent-bg-color", (_PAGE, "--md-accent-fg-color"),
         TEXT, "--md-accent-fg-color", "accent"),
    Pair("keyboard focus outline on the page", "--lb-focus-color", (_PAGE,), NON_TEXT, "--lb-focus-color", "scheme"),
    Pair("search terms highlighted on the page", "--md-typeset-color", (_PAGE, "--md-typeset-mark-color"), TEXT,
         "--md-typeset-mark-color", "scheme"),
    Pair("number of search results", "--md-default-fg-color", (_PAGE, "--md-default-fg-color--lightest"),
         TEXT, "--md-default-fg-color", "scheme"),
    Pair("skip link", "--md-default-bg-color", (_PAGE, "--md-default-fg-color"), TEXT, "--md-default-fg-color",
         "scheme"),
    *(
        Pair(f"numbers in the insights table, shade {level}", "--lb-heat-text", (_PAGE, f"--lb-heat-{level}"), TEXT,
             f"--lb-heat-{level}", "scheme")
        for level in (1, 2, 3, 4)
    ),
    Pair("footer text and links", "--md-footer-fg-color--light", _FOOTER, TEXT, "--md-footer-fg-color--light",
         "scheme"),
    Pair("footer links under the pointer or keyboard focus", "--md-footer-fg-color", _FOOTER, TEXT,
         "--md-footer-fg-color", "scheme"),
    Pair("keyboard focus outline in the footer", "--lb-focus-footer", _FOOTER, NON_TEXT, "--lb-focus-footer",
         "scheme"),
)  # fmt: skip


@dataclass(frozen=True)
class Finding:
    """One palette setting that fails, as `field: message`."""

    path: FieldPath
    message: str


# --- reading stylesheets --------------------------------------------------------------------------


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
            sheet = tinycss2.parse_stylesheet(path.read_text(encoding="utf-8"), True, True)
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
        return _computed(body, _computed(html, {}))


def _computed(declared: Declared, inherited: dict[str, str]) -> dict[str, str]:
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


# --- measuring ---------------------------------------------------------------------------------------


def _color(text: str, name: str) -> Color:
    try:
        return Color(text)
    except ValueError as error:
        raise ValueError(f"{name} is '{text}', which this check cannot read as a colour") from error


def _layered(layers: Sequence[str], properties: dict[str, str]) -> Color:
    """The opaque colour of background layers from the page up, over the browser's white canvas."""
    colours = [_color(properties[layer], layer) if layer.startswith("--") else Color(layer) for layer in layers]
    return Color.layer([*reversed(colours), Color("white")], space="srgb")


def contrast(pair: Pair, properties: dict[str, str]) -> tuple[float, Color, Color]:
    """The WCAG contrast ratio of the pair, and the opaque text and background colours measured."""
    background = _layered(pair.background, properties)
    text = Color.layer([_color(properties[pair.foreground], pair.foreground), background], space="srgb")
    return text.contrast(background, method="wcag21"), text, background


def nearest_passing(adjust: str, html: Declared, body: Declared) -> str | None:
    """The shade of `adjust` nearest its own (in OKLCH lightness) with which every pair it colours passes.

    The shade is tried as a site's stylesheet would give it (`:root > * { --md-primary-fg-color: ... }`),
    so the colours derived from it (`--md-typeset-a-color`, say) follow it.
    """
    inherited = _computed(html, {})
    properties = _computed(body, inherited)
    pairs = [pair for pair in PAIRS if pair.adjust == adjust]
    original = _color(properties[adjust], adjust).convert("oklch")
    for alpha in dict.fromkeys((original.alpha(), 1.0)):  # keep its transparency if a shade passes with it
        for step in range(1, 201):
            for direction in (-1, 1):  # darker first: most palettes put white text on the colour
                lightness = min(1.0, max(0.0, original["lightness"] + direction * step * 0.005))
                shade = original.clone().set("lightness", lightness).set("alpha", alpha).convert("srgb").fit()
                given = {**body, adjust: tuple(tinycss2.parse_component_value_list(shade.to_string(hex=True)))}
                candidate = _computed(given, inherited)
                if all(contrast(pair, candidate)[0] >= pair.minimum for pair in pairs):
                    return shade.to_string(hex=True)
    return None


def _floor(ratio: float) -> str:
    """Ratios are shown rounded down, so 4.499 never reads as a passing 4.50."""
    return f"{math.floor(ratio * 100) / 100:.2f}"


def palettes(theme_palette: Any) -> list[tuple[FieldPath, dict[str, str]]]:
    """Each palette of `theme.palette` (one mapping, or a list for a light/dark toggle) with its place."""
    if not theme_palette:
        return [(("theme",), dict(DEFAULTS))]
    entries: list[tuple[FieldPath, Any]] = [(("theme", "palette"), theme_palette)]
    if isinstance(theme_palette, list):
        entries = [(("theme", "palette", index), item) for index, item in enumerate(theme_palette)]
    found: list[tuple[FieldPath, dict[str, str]]] = []
    for path, entry in entries:
        if isinstance(entry, dict):
            # Material writes the names into attributes with spaces as hyphens.
            chosen = {key: str(entry.get(key) or default).replace(" ", "-") for key, default in DEFAULTS.items()}
            found.append((path, chosen))
    return found


def check_palette(theme_palette: Any, extra_css: Sequence[Path]) -> list[Finding]:
    """Every failing pair of every palette, and every colour name Material does not know."""
    sheets = stylesheets(extra_css)
    findings: list[Finding] = []
    for path, chosen in palettes(theme_palette):
        unknown = [key for key, name in chosen.items() if name not in sheets.names[key]]
        for key in unknown:
            known = ", ".join(sorted(sheets.names[key]))
            findings.append(Finding((*path, key), f"'{chosen[key]}' is not a {key} of Material; choose one of {known}"))
        if unknown:
            continue
        html, body = sheets.declared(chosen["scheme"], chosen["primary"], chosen["accent"])
        properties = _computed(body, _computed(html, {}))
        shades: dict[str, str | None] = {}
        for pair in PAIRS:
            try:
                ratio, text, background = contrast(pair, properties)
            except (KeyError, ValueError) as error:
                findings.append(Finding((*path, pair.setting), f"{pair.what}: cannot measure the colours ({error})"))
                continue
            if ratio >= pair.minimum:
                continue
            if pair.adjust not in shades:
                shades[pair.adjust] = nearest_passing(pair.adjust, html, body)
            shade = shades[pair.adjust]
            kind = "text" if pair.minimum == TEXT else "controls and focus outlines"
            advice = (
                f"the nearest shade of {pair.adjust} that passes is {shade}"
                if shade
                else f"no shade of {pair.adjust} passes: choose another {pair.setting}"
            )
            findings.append(
                Finding(
                    (*path, pair.setting),
                    f"'{chosen[pair.setting]}': {pair.what} ({text.to_string(hex=True)} on "
                    f"{background.to_string(hex=True)}) has a contrast ratio of {_floor(ratio)}:1, below the "
                    f"{pair.minimum:g}:1 WCAG 2.2 AA needs for {kind}; {advice}",
                )
            )
    return findings

"""Check, before anything is built, that every colour pair the theme shows text or controls in meets WCAG 2.2 AA.

The palette (`theme.palette`: scheme, primary, accent; or a list of palettes)
gives the page its colours as CSS custom properties, read by `theme_css.py`
from the installed Material's stylesheets and the site's `extra_css` (where our
stylesheet sets its own colours, and where a board gives a custom shade).
Each pair in `PAIRS` is then measured with the WCAG contrast ratio, text over
its background composited layer by layer, against 4.5:1 for text and 3:1 for
the parts of controls (focus outlines). A failing pair is reported with its
ratio and the nearest shade that passes, found by moving the palette's colour
lighter or darker in OKLCH.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tinycss2
from coloraide import Color

from generator.errors import FieldPath
from generator.theme_css import DEFAULTS, Declared, computed, stylesheets

TEXT = 4.5
NON_TEXT = 3.0  # WCAG 1.4.11: the parts of controls and focus indicators (and large text: 1.4.3)
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
    inherited = computed(html, {})
    properties = computed(body, inherited)
    pairs = [pair for pair in PAIRS if pair.adjust == adjust]
    original = _color(properties[adjust], adjust).convert("oklch")
    for alpha in dict.fromkeys((original.alpha(), 1.0)):  # keep its transparency if a shade passes with it
        for step in range(1, 201):
            for direction in (-1, 1):  # darker first: most palettes put white text on the colour
                lightness = min(1.0, max(0.0, original["lightness"] + direction * step * 0.005))
                shade = original.clone().set("lightness", lightness).set("alpha", alpha).convert("srgb").fit()
                given = {**body, adjust: tuple(tinycss2.parse_component_value_list(shade.to_string(hex=True)))}
                candidate = computed(given, inherited)
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
        properties = computed(body, computed(html, {}))
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

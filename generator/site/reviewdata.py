"""The compact list of every review that the review index's filters load: /data/review-index.json.

The review index lists the newest reviews as HTML (which works without
script); its filters and sort work on every review, so they need all of them.
Listing 2,000 reviews as HTML would make a page of well over 1 MB; this file
holds what a review's card shows and what the filters test, with each board,
type, age group, harm, theme and agency named once in a table and referred to
by position, so it stays near 300 KB at 2,000 reviews. The browser fetches it
only when a reader first uses a filter or the sort.

Shape (arrays, to keep it small; `scripts/filters.js` reads it):

    {"boards": [name, ...], "types": [[id, label], ...], "ages": [...], "harms": [...],
     "themes": [[id, title], ...], "agencies": [[id, title], ...],
     "reviews": [[id, title, board, published, date, type, age, [harms], [themes], main, [agencies], summary], ...]}

`board`, `type`, `age` and the list members are positions in those tables (`age`
is -1 when not given); `themes` lists the main themes first and `main` says how
many of them the card names; `date` is the publication date as the page shows
it; reviews are newest first.
"""

from __future__ import annotations

import json

from generator.corpus import Corpus, facets_of
from generator.site import views
from generator.site.labels import label


def review_index_data(corpus: Corpus, card_themes: int) -> bytes:
    facets = facets_of(corpus.reviews)
    boards = {board: n for n, board in enumerate(facets.boards)}
    types = {value: n for n, value in enumerate(facets.review_types)}
    ages = {value: n for n, value in enumerate(facets.age_groups)}
    harms = {value: n for n, value in enumerate(facets.harms)}
    themes = {theme.id: n for n, theme in enumerate(facets.themes)}
    agencies = {agency.id: n for n, agency in enumerate(facets.agencies)}
    rows = []
    for entry in corpus.reviews:
        review, card = entry.review, views.review_card(entry, card_themes)
        age = review.child.age_group if review.child and review.child.age_group else None
        rows.append(
            [
                review.id,
                review.title,
                boards[review.board],
                review.published,
                card.date,
                types[review.review_type],
                ages[age] if age else -1,
                [harms[harm] for harm in dict.fromkeys(review.harm)],
                [themes[theme.id] for theme in entry.main_themes],
                len(card.themes),
                [agencies[agency.id] for agency in entry.agencies],
                card.summary,
            ]
        )
    document = {
        "boards": list(facets.boards),
        "types": [[value, label(value)] for value in facets.review_types],
        "ages": [[value, label(value)] for value in facets.age_groups],
        "harms": [[value, label(value)] for value in facets.harms],
        "themes": [[theme.id, theme.title] for theme in facets.themes],
        "agencies": [[agency.id, agency.title] for agency in facets.agencies],
        "reviews": rows,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"

"""Which reviews and which themes go together: related reviews and co-occurring themes, weighted by rarity.

A theme that nearly every review has says little about how two reviews are
alike; a theme few reviews have says a lot. Both relations weight a theme by
its inverse document frequency, `ln((1 + N) / n)` for a theme in `n` of `N`
reviews (smoothed, so a theme in every review still counts a little when
nothing rarer is shared).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generator.model import Review, Theme

RELATED_REVIEWS_SHOWN = 3
"""Related reviews named on a review page: the closest few, not every review that shares a theme."""
SHARED_THEMES_NAMED = 3
"""Shared themes named for each related review, the rarest first."""
_BLOCK = 512  # reviews per matrix product: bounds memory at about 4 MB a block per 2,000 reviews


@dataclass(frozen=True)
class RelatedReview:
    review: Review
    shared_themes: tuple[Theme, ...]  # at most SHARED_THEMES_NAMED, the rarest first
    shared_count: int  # every theme the two reviews share

    @property
    def more_shared(self) -> int:
        """Shared themes not named."""
        return self.shared_count - len(self.shared_themes)


def membership_matrix(reviews: list[Review], theme_ids: list[str], theme_sets: dict[str, set[str]]) -> np.ndarray:
    """The review x theme 0/1 matrix, reviews and themes in the order given."""
    column = {theme_id: index for index, theme_id in enumerate(theme_ids)}
    matrix = np.zeros((len(reviews), len(theme_ids)), dtype=np.int32)
    for row, review in enumerate(reviews):
        matrix[row, [column[theme_id] for theme_id in theme_sets[review.id]]] = 1
    return matrix


def rarity(membership: np.ndarray) -> np.ndarray:
    """The weight of each theme: high for themes few reviews have, 0 for themes no review has."""
    reviews = membership.shape[0]
    document_frequency = membership.sum(axis=0).astype(np.float64)
    with np.errstate(divide="ignore"):
        weights = np.log((1 + reviews) / document_frequency)
    return np.where(document_frequency > 0, weights, 0.0)


def related_reviews(
    reviews: list[Review], membership: np.ndarray, themes: list[Theme]
) -> dict[str, tuple[RelatedReview, ...]]:
    """For each review (newest first), the closest few: cosine similarity of rarity-weighted theme sets.

    Normalising by the size of each review's theme set keeps a review with
    thirty themes from being "related" to every other review. Ties go to the
    newer review. One matrix product per block of reviews: 2,000 reviews take
    milliseconds.
    """
    count = len(reviews)
    related: dict[str, tuple[RelatedReview, ...]] = {}
    if not count:
        return related
    weights = rarity(membership)
    weighted = membership * weights
    norms = np.linalg.norm(weighted, axis=1)
    norms[norms == 0] = 1.0
    unit = weighted / norms[:, None]
    shown = min(RELATED_REVIEWS_SHOWN, count)
    # One integer key per pair: similarity to six places, then the newer review (reviews are newest first).
    newer_first = np.arange(count, 0, -1, dtype=np.int64)
    by_rarity = np.argsort(-weights, kind="stable")  # vocabulary order among equals
    for start in range(0, count, _BLOCK):
        rows = np.arange(start, min(start + _BLOCK, count))
        similarity = np.rint((unit[rows] @ unit.T) * 1_000_000).astype(np.int64)
        shared = (membership[rows] @ membership.T) > 0
        score = np.where(shared, similarity * (count + 1) + newer_first, -1)
        score[rows - start, rows] = -1  # not related to itself
        best = np.argpartition(-score, shown - 1, axis=1)[:, :shown]
        best = np.take_along_axis(best, np.argsort(-np.take_along_axis(score, best, axis=1), axis=1), axis=1)
        for row, position in enumerate(rows.tolist()):
            entries = []
            for other in best[row].tolist():
                if score[row, other] < 0:
                    continue
                both = membership[position] & membership[other]
                named = [int(t) for t in by_rarity if both[t]]
                entries.append(
                    RelatedReview(
                        review=reviews[other],
                        shared_themes=tuple(themes[t] for t in named[:SHARED_THEMES_NAMED]),
                        shared_count=len(named),
                    )
                )
            related[reviews[position].id] = tuple(entries)
    return related


def co_occurring_themes(membership: np.ndarray, themes: list[Theme]) -> list[tuple[tuple[Theme, int], ...]]:
    """For each theme, the other themes met in the same reviews, the most telling first, with review counts.

    A theme ranks by (reviews with both) x (its rarity): one that nearly every
    review has comes last however often it meets this one; ties go to the one
    met more often, then to the title.
    """
    together = membership.T @ membership if membership.size else np.zeros((len(themes), len(themes)), dtype=np.int32)
    weights = rarity(membership) if membership.size else np.zeros(len(themes))
    result = []
    for index in range(len(themes)):
        others = [(other, int(n)) for other, n in enumerate(together[index].tolist()) if n and other != index]
        others.sort(key=lambda item: (-round(item[1] * float(weights[item[0]]), 9), -item[1], themes[item[0]].title))
        result.append(tuple((themes[other], n) for other, n in others))
    return result

"""Near-duplicate bodies fold into stories: shingles, MinHash bands, the overlap test."""

from __future__ import annotations

from transforms import stories
from transforms.stories import Known, assign, make_doc, overlap, shingles

P1 = (
    "The city council voted on Tuesday to close the old bridge over the river for repairs "
    "that engineers say will take at least eighteen months and cost twelve million euros."
)
P2 = (
    "Shop owners on both banks said they feared losing customers, and the mayor promised a "
    "free ferry service for pedestrians and cyclists while the work goes on."
)
P3 = (
    "The bridge, built in 1911, carries about fourteen thousand vehicles a day, according to "
    "the regional transport authority, which inspected it last winter."
)
OTHER = (
    "A new exhibition of early photographs opened at the museum on Saturday, drawing long "
    "queues of visitors who waited in the rain to see prints that had never been shown before "
    "in public, some of them lent by families of the photographers."
)
ORIGINAL = "\n\n".join([P1, P2, P3])
DROPPED = "\n\n".join([P1, P3])  # a paragraph dropped
CORRECTED = ORIGINAL + "\n\nCorrection: an earlier version gave the wrong year for the bridge."


def test_shingles_are_stable_word_grams_ignoring_case_and_punctuation() -> None:
    assert shingles("The Bridge, closed!") == shingles("the bridge closed")
    assert len(shingles("one two three four five")) == 2  # 4-word shingles
    assert shingles("") == frozenset()
    assert shingles("two words") == shingles("Two, words.")  # short lines: one shingle
    assert shingles("one two three\nfour five six") == shingles("one two three") | shingles(
        "four five six"
    )  # none across lines


def test_copies_overlap_wholly_and_other_articles_hardly() -> None:
    original = shingles(ORIGINAL)
    assert overlap(original, shingles(DROPPED)) == 1.0
    assert overlap(original, shingles(CORRECTED)) == 1.0
    assert overlap(original, shingles(OTHER)) == 0.0


def test_copies_share_lsh_bands_and_signatures_do_not_depend_on_the_process() -> None:
    a, b = make_doc(1, ORIGINAL), make_doc(2, CORRECTED)
    assert stories.banding(stories.CANDIDATE_JACCARD).bands == 42
    assert len(a.bands) == 42 + 3  # and one key per paragraph
    assert set(a.bands) & set(b.bands)
    assert make_doc(1, ORIGINAL).bands == a.bands
    assert not set(a.bands) & set(make_doc(3, OTHER).bands)


def test_a_batch_folds_its_copies_and_joins_earlier_stories() -> None:
    batch = [make_doc(10, DROPPED), make_doc(11, OTHER), make_doc(12, CORRECTED)]
    known = {5: Known(story=3, shingles=shingles(ORIGINAL))}
    got, new = assign(batch, {10: [(5, None)], 12: [(5, None)]}, known, 0.7, next_story=4)
    assert got == [3, 4, 3] and new == [4]
    # without the earlier article, the batch's copies open one story together
    got, new = assign(batch, {}, {}, 0.7, next_story=1)
    assert got == [1, 2, 1] and new == [1, 2]


def test_a_shared_stock_sentence_is_no_story() -> None:
    notice = "Sign up for our newsletter to get the best stories in your inbox every morning."
    short = make_doc(1, notice)
    longer = make_doc(2, OTHER + " " + notice)
    assert overlap(short.shingles, longer.shingles) == 1.0
    got, _ = assign([short, longer], {}, {}, 0.7, next_story=1)
    assert got == [1, 2]  # fewer than MIN_SHARED_SHINGLES in common


def test_signatures_shortlist_copies_and_pass_over_other_articles() -> None:
    doc = make_doc(1, CORRECTED)
    copy, other = make_doc(2, DROPPED), make_doc(3, OTHER)
    estimate, error = stories.estimated_overlap(
        doc.sketch, len(doc.shingles), copy.sketch, len(copy.shingles)
    )
    assert abs(estimate - overlap(doc.shingles, copy.shingles)) < 3 * error
    sketches = {
        d.key: stories.Sketch(story=d.key, size=len(d.shingles), sketch=d.sketch)
        for d in (copy, other)
    }
    listed = stories.shortlist(doc, [3, 2, 9], sketches, 0.67)  # 9: no sketch
    assert [k for k, _ in listed] == [2] and listed[0][1] is not None  # the signatures decide
    got, _ = assign([doc], {1: listed}, {2: Known(story=7, shingles=frozenset(), size=60)}, 0.67, 8)
    assert got == [7]  # joined without reading the copy's body


def test_a_short_article_inside_a_long_page_shares_its_paragraphs_keys() -> None:
    short = make_doc(1, P2)
    long_page = make_doc(2, "\n\n".join([OTHER] * 1 + [P2] + [f"{OTHER} {n}" for n in range(12)]))
    assert overlap(short.shingles, long_page.shingles) == 1.0
    assert set(stories.paragraph_keys(P2)) <= set(long_page.bands)
    got, _ = assign([short, long_page], {}, {}, 0.67, next_story=1)
    assert got == [1, 1]

from __future__ import annotations

import pytest

from transforms.gender import gender_before, mention_gender, person_gender, pronoun_after


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("Mrs. ", "F"),
        ("her husband, former President ", "M"),
        ("Former first lady ", "F"),
        ("his wife met Governor ", None),  # a verb stands between
        ("and her ", None),  # a pronoun alone says whose, not who
        ("Senator ", None),
    ],
)
def test_gender_before(before: str, expected: str | None) -> None:
    assert gender_before(before + "Kim Lee", len(before)) == expected


def test_pronouns_after_a_name_stop_at_the_next_person_and_the_sentence() -> None:
    body = "Ann Lee and her son Tom Lee came. Tom Lee left. He was tired."
    assert pronoun_after(body, 7, body.index("Tom")) == "F"
    assert pronoun_after(body, body.index("came"), len(body)) is None
    assert mention_gender("Lee said she would.", 0, 3) == "F"
    starts = [0, body.index("Tom"), body.rindex("Tom")]
    assert person_gender(body, [(0, 7)], starts) == "F"
    assert person_gender(body, [(starts[1], starts[1] + 7)], starts) == "M"


def test_the_word_before_a_name_outweighs_a_pronoun_after_it() -> None:
    body = "George Bush and his wife, Laura Bush, opened his library."
    start = body.index("Laura")
    starts = [0, start]
    assert person_gender(body, [(start, start + 10)], starts) == "F"

"""The tense of the sentence around a bare weekday, month or day, and the year it picks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

# Tense cues for bare weekdays, months and days; nearest cue to the mention wins.
MODALS = frozenset("will 'll shall wo would should must may might can could cannot can't".split())
INTENT_WORDS = frozenset(
    "going plans plan planned planning scheduled expects expected due set intends intended hopes "
    "aims slated poised likely forecast forecasts projected predicted".split()
)
FUTURE_WORDS = frozenset(
    "upcoming next coming tomorrow expect anticipate predict opens meets begins starts resumes "
    "arrives visits hosts travels heads convenes expires meet begin resume convene".split()
)
SCHEDULED = frozenset(  # present tenses telling a date ahead when they govern it: "votes Thursday"
    "votes holds plays faces returns ends closes launches testifies kicks hears decides releases "
    "leaves comes vote play face return testify".split()  # "the teams play Friday"
)
PAST_WORDS = frozenset(
    "said was were had did ago last earlier told came went took made began held met saw fell rose "
    "gave got left won lost sold bought paid yesterday previously began ended became knew thought "
    "brought fought found kept led ran sent spent stood struck wrote".split()
)
AWAITING = frozenset("expected scheduled slated due".split())  # a participle awaiting a date
LEAD_INS = frozenset("as early soon on in by no later than".split())  # "as early as", "on"
NOT_AWAITED = frozenset("was were had been than as".split())  # "was expected", "than expected"
BE_FORMS = frozenset("be been being is are am was were 's".split())
NOT_PAST_ED = frozenset(
    "need needed feed seed speed proceed exceed succeed indeed breed bleed embed hundred shed "
    "naked wicked sacred red bed".split()
)
PRESENT_AUX = frozenset("has have is are am 's 've".split())  # "has continued ... until": not over
STRONG_PAST = frozenset("had was were did said told".split())
TENSE_WINDOW = 400  # characters of the sentence either side of a mention read for its tense
PERFECT_REACH = 6  # words after "by March" in which a past perfect tells a date passed
MODAL_REACH = 10  # words a modal may lie before a weaker cue and still decide the tense

FUTURE_PREPS = frozenset("until till through effective starting beginning by".split())
REPORTED = re.compile(  # a reporting clause closing the sentence: ", his lawyer said."
    r"\s*,\s*(?:[\w.'’-]+\s+){0,4}?(?:said|says|told|added|reported)\s*(?:[.!?\"”]|$)"
)
WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|'ll")


def cue_of(words: Sequence[str], i: int) -> str:
    """The tense cue of words[i] ('past', 'future', 'modal' or ''), looking at its neighbours."""
    w = words[i]
    prev = words[i - 1] if i > 0 else ""
    prev2 = words[i - 2] if i > 1 else ""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if w in MODALS or w.endswith("'ll"):
        return "past" if nxt == "have" else "modal"  # "may have left": a past guessed at
    if w in INTENT_WORDS and nxt in ("to", "for"):  # "plans to", "is set for"
        return (
            "past"
            if prev in ("was", "were", "had") or prev2 in ("was", "were", "had")
            else "future"
        )
    if w in FUTURE_WORDS:
        return "future"
    if w in PAST_WORDS:
        return "past"
    if w.endswith("ed") and len(w) > 3 and w not in NOT_PAST_ED:
        if prev in BE_FORMS or prev2 in BE_FORMS and prev.endswith("ly"):
            return ""  # a passive participle: its auxiliary carries the tense
        return "past"
    return ""


DETERMINERS = frozenset("the a an his her its their our my your this that these those".split())


def scheduled(words: Sequence[str], i: int) -> bool:
    """Whether words[i] is a present tense of a scheduled event ('the teams play'), not a noun
    after a determiner ('the vote', 'his return')."""
    return words[i] in SCHEDULED and (i == 0 or words[i - 1] not in DETERMINERS)


def lasted(before: Sequence[str]) -> bool:
    """Whether the verb just before 'until'/'through' tells a span already over ('continued
    through Tuesday'), not a state ahead ('will remain closed until', 'is scheduled through')."""
    if len(before) < 2 or before[-2] in BE_FORMS or PRESENT_AUX.intersection(before):
        return False
    if "to" in before[-3:]:
        return False  # "to remain closed until": an infinitive, no tense of its own
    if any(cue_of(before, i) == "modal" for i in range(len(before))):
        return False
    verb = before[-1]
    return verb.endswith("ed") and verb not in AWAITING and verb not in NOT_PAST_ED


def awaited(before: Sequence[str]) -> bool:
    """Whether the words just before a date await it: 'expected (as early as) Friday', 'due
    on Monday' (not 'was expected', 'than expected', 'as expected')."""
    k = len(before)
    while k > 0 and before[k - 1] in LEAD_INS:
        k -= 1
    if k == 0 or before[k - 1] not in AWAITING:
        return False
    return k < 2 or before[k - 2] not in NOT_AWAITED


def tense_of(sentence: str, rel_start: int, rel_end: int) -> str:
    """'past', 'future' or '' from the verbs around a mention in its sentence."""
    before = [w if w == "May" else w.lower() for w in WORD.findall(sentence[:rel_start])]
    after = [w if w == "May" else w.lower() for w in WORD.findall(sentence[rel_end:])]
    if awaited(before):
        return "future"  # "a ruling, expected as early as Friday"
    if before and before[-1] in FUTURE_PREPS:
        done = STRONG_PAST.intersection(before[-8:]) or "had" in after[:PERFECT_REACH]
        done = done or lasted(before[-MODAL_REACH:-1])
        return "past" if done else "future"  # "by June, it had ...": a date passed
    if before and before[-1] == "since":
        return "past"
    if len(before) > 1 and before[-2] in ("is", "are") and before[-1] in ("on", "for"):
        return "future"  # "the vote is on Friday"
    if before and before[-1] in ("is", "are", "due"):
        return "future"  # "the hearing is Thursday", "the report is due Thursday"
    first, first_at = "", 0
    for i in range(len(before) - 1, -1, -1):
        cue = cue_of(before, i) or ("future" if scheduled(before, i) else "")
        if cue == "modal":
            if not first or first_at - i <= MODAL_REACH:
                return "future"
            break
        if cue == "past" and before[i] in STRONG_PAST:
            return first or cue
        if cue and not first:
            first, first_at = cue, i
    if first:
        return first
    said = REPORTED.match(sentence, rel_end)
    if said:  # "is expected in March, he said": the saying is no tense of the date
        after = [w if w == "May" else w.lower() for w in WORD.findall(sentence[said.end() :])]
    for i in range(min(len(after), 8)):
        cue = cue_of(after, i)
        if cue:
            return "future" if cue == "modal" else cue
    return ""


MONTH_REACH = (10, 11)  # months a past/future tense may reach back/ahead for a bare month


def pick_year(
    candidates: Sequence[date], ref: date, tense: str, reach: tuple[int, int] = (300, 300)
) -> date:
    """Of dates one year apart, the one the tense points to, else the nearest to ref."""
    if tense == "past":
        past = [c for c in candidates if c <= ref]
        if past and (ref - max(past)).days <= reach[0]:
            return max(past)
    if tense == "future":
        fut = [c for c in candidates if c >= ref]
        if fut and (min(fut) - ref).days <= reach[1]:
            return min(fut)
    return min(candidates, key=lambda c: (abs((c - ref).days), c > ref))


def pick_month_year(m: int, ref: date, tense: str) -> int:
    """The year of a bare month: the tense's side of ref if close enough, else the nearest."""
    offsets = {ref.year + k: (k * 12 + m - ref.month) for k in (-1, 0, 1)}  # months from ref
    past = [y for y, off in offsets.items() if -MONTH_REACH[0] <= off <= 0]
    future = [y for y, off in offsets.items() if 0 <= off <= MONTH_REACH[1]]
    if tense == "past" and past:
        return max(past)
    if tense == "future" and future:
        return min(future)
    return min(offsets, key=lambda y: (abs(offsets[y]), offsets[y] > 0))

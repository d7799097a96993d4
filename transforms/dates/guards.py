"""Start guards: an alternation of many patterns that skips, without trying them, the
positions where a pattern cannot start (derived from each parsed pattern)."""

from __future__ import annotations

import re
import re._constants as sre  # the parsed-pattern opcodes start_guard reads
import re._parser as sre_parse
from collections.abc import Iterable, Sequence
from typing import Any

_STRIP_NAMES = re.compile(r"\(\?P<\w+>")
_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}
HEAD_CHARS = 4  # leading characters a guard names: enough to tell "last" from "late"

Head = tuple[tuple[str, ...], bool]  # one regex per leading character; whether it is whole


class _AnyStart(Exception):
    """The pattern may start with any character (or with one this analysis does not know)."""


def _char(op: Any, arg: Any, folded: bool) -> str:
    """The regex of one literal or character-class item (folding left to `re`)."""
    if op is sre.LITERAL:
        text = re.escape(chr(arg))
        return f"(?i:{text})" if folded and chr(arg).lower() != chr(arg).upper() else text
    parts = []
    for kind, value in arg:
        if kind is sre.LITERAL:
            parts.append(re.escape(chr(value)))
        elif kind is sre.RANGE:
            parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif kind is sre.CATEGORY and value in _CATEGORIES:
            parts.append(_CATEGORIES[value])
        else:  # a negated class and the like: any character, near enough
            raise _AnyStart
    return f"(?i:[{''.join(parts)}])" if folded else f"[{''.join(parts)}]"


def _heads(items: Any, i: int, folded: bool, budget: int) -> set[Head]:
    """The ways a match of the parsed sequence items[i:] can start: up to `budget` leading
    characters each (a class ends one), and whether that is the whole of the match."""
    if i == len(items) or budget == 0:
        return {((), i == len(items))}
    op, arg = items[i]
    if op is sre.LITERAL:
        return {
            ((_char(op, arg, folded), *h), w) for h, w in _heads(items, i + 1, folded, budget - 1)
        }
    if op is sre.IN:
        return {((_char(op, arg, folded),), False)}
    if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):  # zero-width: what follows decides
        return _heads(items, i + 1, folded, budget)
    if op is sre.SUBPATTERN:
        _group, on, off, sub = arg
        inner = bool((folded or on & re.I) and not off & re.I)
        return _then(_heads(sub.data, 0, inner, budget), items, i + 1, folded, budget)
    if op is sre.BRANCH:
        return {
            h
            for alt in arg[1]
            for h in _then(_heads(alt.data, 0, folded, budget), items, i + 1, folded, budget)
        }
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, sub = arg
        once = _heads(sub.data, 0, folded, budget)
        out = (
            _then(once, items, i + 1, folded, budget)
            if high == 1
            else {(h, False) for h, _ in once}
        )
        return out | (_heads(items, i + 1, folded, budget) if low == 0 else set())
    raise _AnyStart


def _then(first: set[Head], items: Any, i: int, folded: bool, budget: int) -> set[Head]:
    """Heads of a part followed by items[i:]: whole heads are extended with what follows."""
    out: set[Head] = set()
    for head, whole in first:
        if whole and len(head) < budget:
            out |= {(head + h, w) for h, w in _heads(items, i, folded, budget - len(head))}
        else:
            out.add((head, False))
    return out


def _trie(heads: Iterable[tuple[str, ...]]) -> str:
    """One alternation of the heads, sharing their common leading characters (the regex engine
    then tries each first character once)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for head in heads:
        by_first.setdefault(head[0], []).append(head[1:])
    alternatives = []
    for first, rests in sorted(by_first.items()):
        rests = [r for r in rests if r]
        if len(rests) < len(by_first[first]) or not rests:  # one head ends here: it decides
            alternatives.append(first)
        else:
            alternatives.append(
                f"{first}(?:{_trie(rests)})" if len(rests) > 1 else first + "".join(rests[0])
            )
    return "|".join(alternatives)


def pattern_heads(src: str) -> set[tuple[str, ...]] | None:
    """The leading characters (up to HEAD_CHARS) any match of `src` starts with, one regex per
    character, derived from the parsed pattern; None when it may start with anything."""
    parsed = sre_parse.parse(src)
    try:
        heads = {h for h, _ in _heads(parsed.data, 0, bool(parsed.state.flags & re.I), HEAD_CHARS)}
    except _AnyStart:
        return None
    return None if () in heads else heads


def start_guard(src: str) -> str:
    """A lookahead for how a match of `src` can start ('' when it may start with anything), so
    that an alternation skips the pattern at a position where it cannot match without trying
    it. Case-insensitive parts stay case-insensitive (folding is `re`'s own)."""
    heads = pattern_heads(src)
    return f"(?={_trie(heads)})" if heads else ""


def compile_master(patterns: Sequence[tuple[str, str]], guarded: bool = True) -> re.Pattern[str]:
    """One alternation of all patterns, inner group names removed, outer ones named. Each is
    guarded by how it can start, and the whole by how any of them can: the same matches,
    found about 3x faster (most positions fail the one guard of the whole)."""
    parts = [
        f"(?P<{name}>{start_guard(src) if guarded else ''}{_STRIP_NAMES.sub('(?:', src)})"
        for name, src in patterns
    ]
    heads = [pattern_heads(src) for _, src in patterns] if guarded else [None]
    whole = "" if any(h is None for h in heads) else f"(?={_trie(set().union(*heads))})"  # type: ignore[arg-type]
    return re.compile(r"(?<![\w'])" + whole + "(?:" + "|".join(parts) + r")(?![\w])")

"""Named-entity mentions and their fold into canonical entities, within and across articles."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, insort
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from transforms.records import EntityMention

NAMED_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
# Label preference when votes tie: the more specific kind of thing wins.
LABEL_ORDER = (
    "PERSON",
    "GPE",
    "ORG",
    "LOC",
    "NORP",
    "FAC",
    "EVENT",
    "LAW",
    "WORK_OF_ART",
    "PRODUCT",
)
# Words of page furniture that NER tags as names when cleaning leaves them behind.
UI_WORDS = frozenset(
    "advertisement cookie cookies comment comments enjoy follow home login log menu newsletter "
    "photo read share sign subscribe subscription video watch click register search up in now"
    "".split()
)
# Well-known short forms that never spell their long form out in a news article.
KNOWN_SHORT_FORMS: Mapping[str, str] = {
    "us": "United States",
    "usa": "United States",
    "uk": "United Kingdom",
    "un": "United Nations",
    "eu": "European Union",
}
LEADING_JUNK = re.compile(r"^[\W_]+|^(?:the)\s+", re.IGNORECASE)
TRAILING_JUNK = re.compile(r"(?:['’]s?|[\W_])+$")
MIN_FUZZY_LENGTH = 8
CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z]{6,}\b")
# Labels NER gives a lone surname: spaCy's small model often tags one as ORG.
SURNAME_LABELS = frozenset({"PERSON", "ORG"})
# A personal name: capitalised words only (no dashes between words, no digits).
NAME_LIKE = re.compile(r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)*")


SPACES = re.compile(r"\s+")


def alias_key(name: str) -> str:
    """Comparison key of a surface form: case, dots and spacing ignored."""
    return SPACES.sub(" ", name.replace(".", "")).strip().casefold()


def normalise_surface(text: str) -> str:
    """A mention's text without bullets, a leading 'the', possessives or stray punctuation."""
    out = re.sub(r"\s+", " ", text).strip()
    out = LEADING_JUNK.sub("", out)
    out = LEADING_JUNK.sub("", out)
    if not out.endswith("."):
        out = TRAILING_JUNK.sub("", out)
    elif not re.search(r"\b[A-Z]\.$", out):
        out = out.rstrip(".")
    return out.strip()


def is_junk(name: str) -> bool:
    """Names that are page furniture or not names at all (no capital, too short, UI words)."""
    if len(name) < 2 or not any(c.isupper() for c in name) or not name[0].isalnum():
        return True
    words = name.casefold().split()
    return all(w in UI_WORDS for w in words)


def mentions_from_spans(
    spans: Sequence[tuple[int, int, str, str]], sentences: Sequence[tuple[int, int]]
) -> list[EntityMention]:
    """Named-entity mentions from NER spans, junk removed, with their sentence index."""
    out: list[EntityMention] = []
    sent_idx = 0
    for start, _end, text, label in sorted(spans):
        if label not in NAMED_LABELS:
            continue
        name = normalise_surface(text)
        if is_junk(name):
            continue
        offset = text.find(name)
        s, e = start + max(offset, 0), start + max(offset, 0) + len(name)
        while sent_idx + 1 < len(sentences) and sentences[sent_idx][1] <= s:
            sent_idx += 1
        out.append(EntityMention(start=s, end=e, text=name, label=label, sentence=sent_idx))
    return out


TITLES = (
    r"President|Vice[- ]President|Prime Minister|Minister|Secretary(?:[- ]General)?|Senator|"
    r"Sen\.|Rep\.|Representative|Governor|Gov\.|Mayor|Chancellor|General|Gen\.|Admiral|"
    r"Director|Chief|Chairman|Chairwoman|Chair|CEO|Ambassador|Judge|Justice|King|Queen|Prince|"
    r"Princess|Pope|Mr\.|Mrs\.|Ms\.|Dr\.|spokesman|spokeswoman|spokesperson|head|leader|"
    r"envoy|commander|coach|director|[Pp]resident-elect"
)
TITLE_BEFORE = re.compile(
    rf"\b(?i:{TITLES})(?:\s+(?:of|for)\s+(?:[\w'’.-]+\s+){{0,3}}[\w'’.-]+)?"
    r"(?<!\bthe)(?<!\ba)(?<!\ban),?\s+$"
)
TITLE_RELABEL = frozenset({"ORG", "NORP", "GPE", "PERSON", "PRODUCT", "WORK_OF_ART", "FAC"})


def title_cues(body: str, mentions: Sequence[EntityMention]) -> list[EntityMention]:
    """Mentions right after a personal title ("secretary of defense Mattis") become PERSON."""
    out = []
    for m in mentions:
        before = body[max(0, m.start - 60) : m.start].split("\n")[-1]
        cued = (
            m.label != "PERSON"
            and m.label in TITLE_RELABEL
            and NAME_LIKE.fullmatch(m.text)
            and not m.text.isupper()
            and TITLE_BEFORE.search(before)
        )
        out.append(replace(m, label="PERSON") if cued else m)
    return out


class _Taken:
    """Character spans already taken by mentions, sorted; `covers` is a binary search while
    the spans do not overlap one another (as NER's do not), else a scan."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.disjoint = all(a[1] <= b[0] for a, b in itertools.pairwise(self.spans))

    def covers(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a taken span."""
        if not self.disjoint:
            return any(s < end and start < e for s, e in self.spans)
        i = bisect_left(self.spans, (end,))  # the spans before i start before `end`
        return i > 0 and self.spans[i - 1][1] > start

    def add(self, start: int, end: int) -> None:
        """Take a span that overlaps none taken."""
        insort(self.spans, (start, end))


def _sentence_of(sentences: Sequence[tuple[int, int]], start: int) -> int:
    """Index of the sentence holding a character offset."""
    return next((i for i, (s, e) in enumerate(sentences) if s <= start < e), 0)


def propagate(
    body: str, mentions: Sequence[EntityMention], sentences: Sequence[tuple[int, int]]
) -> list[EntityMention]:
    """Add mentions NER missed: other occurrences of forms it found, surnames, and near typos."""
    taken = _Taken([(m.start, m.end) for m in mentions])
    labels: dict[str, str] = {}
    for m in mentions:
        labels.setdefault(m.text, m.label)
        words = m.text.split()
        if m.label == "PERSON" and len(words) > 1 and len(words[-1]) >= 3:
            labels.setdefault(words[-1], "PERSON")
    forms = sorted((f for f in labels if len(f) >= 4 and not is_junk(f)), key=len, reverse=True)
    added: list[EntityMention] = []
    if forms:
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, forms)) + r")\b")
        for hit in pattern.finditer(body):
            if not taken.covers(hit.start(), hit.end()):
                taken.add(hit.start(), hit.end())
                added.append(
                    EntityMention(
                        hit.start(),
                        hit.end(),
                        hit.group(),
                        labels[hit.group()],
                        _sentence_of(sentences, hit.start()),
                    )
                )
    surnames = [
        f
        for f, lab in labels.items()
        if lab == "PERSON" and " " not in f and len(f) >= MIN_FUZZY_LENGTH - 1
    ]
    for hit in CAPITALISED_WORD.finditer(body):
        word = hit.group()
        if taken.covers(hit.start(), hit.end()) or word in labels:
            continue
        near = [f for f in surnames if Levenshtein.distance(f, word) == 1]
        if len(near) == 1:
            taken.add(hit.start(), hit.end())
            added.append(
                EntityMention(
                    hit.start(), hit.end(), word, "PERSON", _sentence_of(sentences, hit.start())
                )
            )
    return sorted([*mentions, *added], key=lambda m: m.start)


def _initials(name: str) -> str:
    """Upper-case initials of the capitalised words of a name ("United States" -> "US")."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _fold_target(
    form: str, longer: list[str], person_forms: set[str], keys: Mapping[str, str]
) -> str | None:
    """The longer form a short form folds into within one article, if exactly one fits
    (`keys`: each form's alias_key)."""
    key = keys[form]
    words = form.split()
    same = [f for f in longer if keys[f] == key and f != form]
    if same:
        return same[0]
    compact = key.replace(" ", "")
    if form.isupper() and 2 <= len(compact) <= 5:
        spelled = [f for f in longer if _initials(f).casefold() == compact and len(f.split()) > 1]
        if len(spelled) == 1:
            return spelled[0]
    suffix = [
        f
        for f in longer
        if f in person_forms
        and NAME_LIKE.fullmatch(f)
        and not form.isupper()
        and len(f.split()) > len(words)
        and f.split()[-len(words) :] == words
    ]
    if len({keys[f] for f in suffix}) == 1:
        return suffix[0]
    if len(form) >= MIN_FUZZY_LENGTH:
        near = [f for f in longer if f != form and Levenshtein.distance(f, form) == 1]
        if len(near) == 1:
            return near[0]
    return None


def _rank(form: str, counts: Counter[str]) -> tuple[int, int, int, str]:
    """Order forms so the canonical one comes first: more words, mixed case, frequent."""
    return (-len(form.split()), form.isupper(), -counts[form], form)


def vote_label(labels: Sequence[str]) -> str:
    """One label for an entity: PERSON if a full name was tagged so, else majority, tie by order."""
    counts = Counter(labels)
    best = max(counts.values())
    return next(lab for lab in LABEL_ORDER if counts.get(lab, 0) == best)


def fold_article(mentions: Sequence[EntityMention]) -> list[EntityMention]:
    """Fold short forms, case variants, acronyms and typos into one canonical name per entity."""
    counts = Counter(m.text for m in mentions)
    person_forms = {m.text for m in mentions if m.label == "PERSON"}
    forms = sorted(counts, key=lambda f: _rank(f, counts))
    keys = {f: alias_key(f) for f in forms}
    target: dict[str, str] = {}
    for i, form in enumerate(forms):
        folded = _fold_target(form, forms[:i], person_forms, keys)
        target[form] = target.get(folded, folded) if folded else form
    for form in forms:
        known = KNOWN_SHORT_FORMS.get(keys[form].replace(" ", ""))
        if target[form] == form and known:
            target[form] = known
    labels: dict[str, list[str]] = defaultdict(list)
    for m in mentions:
        labels[target[m.text]].append(m.label)
    voted = {}
    for name, labs in labels.items():
        full_person = any(
            target[f] == name and f in person_forms and len(f.split()) > 1 for f in counts
        )
        voted[name] = "PERSON" if full_person else vote_label(labs)
    return [replace(m, entity=target[m.text], entity_label=voted[target[m.text]]) for m in mentions]


@dataclass
class KnownEntity:
    """An entity of the warehouse: its key, canonical name and label."""

    key: int
    name: str
    label: str


@dataclass
class EntityIndex:
    """Lookup of the warehouse's entities by alias and by surname, for cross-article folding."""

    entities: dict[int, KnownEntity] = field(default_factory=dict)
    by_alias: dict[str, int] = field(default_factory=dict)
    by_surname: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_single: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    def add(self, entity: KnownEntity, aliases: Sequence[str] = ()) -> None:
        """Record an entity (or its new name) and its aliases."""
        self.entities[entity.key] = entity
        for a in (entity.name, *aliases):
            self.by_alias.setdefault(alias_key(a), entity.key)
        words = entity.name.split()
        if entity.label == "PERSON" and len(words) > 1:
            self.by_surname[words[-1]].add(entity.key)
        elif entity.label in SURNAME_LABELS and len(words) == 1 and not entity.name.isupper():
            self.by_single[words[0]].add(entity.key)

    def match(self, name: str, label: str, forms: Sequence[str]) -> int | None:
        """The key of the entity an article's entity is, or None if it is new."""
        keys = {self.by_alias[k] for k in map(alias_key, (name, *forms)) if k in self.by_alias}
        if keys:
            return min(keys)
        words = name.split()
        if label == "PERSON" and len(words) > 1:
            pool = self.by_single.get(words[-1], set())
        elif label in SURNAME_LABELS and len(words) == 1 and not name.isupper():
            pool = self.by_surname.get(name, set())
        else:
            pool = set()
        if len(pool) == 1:
            return next(iter(pool))
        if len(name) >= MIN_FUZZY_LENGTH and self.by_alias:
            key = alias_key(name)
            near = process.extract(
                key, list(self.by_alias), scorer=Levenshtein.distance, score_cutoff=1, limit=5
            )
            found = {self.by_alias[a] for a, _, _ in near if len(a) >= MIN_FUZZY_LENGTH}
            if len(found) == 1:
                return found.pop()
        return None


def better_name(current: str, candidate: str) -> str:
    """The canonical name to keep when a later article brings another form of an entity."""
    return min(current, candidate, key=lambda f: (-len(f.split()), f.isupper(), f))


def fold_corpus(
    articles: Sequence[Sequence[tuple[str, str, Sequence[str]]]],
) -> list[dict[str, str]]:
    """Fold each article's (name, label, forms) into names shared across the articles."""
    index = EntityIndex()
    keys: list[dict[str, int]] = []
    next_key = 1
    ordered = lambda ents: sorted(ents, key=lambda e: (-len(e[0].split()), e[0]))  # noqa: E731
    for ents in articles:
        mine: dict[str, int] = {}
        for name, label, forms in ordered(ents):
            key = index.match(name, label, forms)
            if key is None:
                key, next_key = next_key, next_key + 1
                index.add(KnownEntity(key=key, name=name, label=label), forms)
            else:
                known = index.entities[key]
                known_name = better_name(known.name, name)
                index.add(KnownEntity(key=key, name=known_name, label=known.label), [name, *forms])
            mine[name] = key
        keys.append(mine)
    return [{name: index.entities[k].name for name, k in mine.items()} for mine in keys]


def shared_entities(
    articles: Sequence[Sequence[EntityMention]],
) -> list[dict[str, tuple[str, str]]]:
    """Each article's canonical names folded across the articles, with a label voted over them:
    per article, {article's name: (shared name, shared label)}."""
    per_article = [
        [
            (
                name,
                next(m.entity_label for m in mentions if m.entity == name),
                sorted({m.text for m in mentions if m.entity == name}),
            )
            for name in dict.fromkeys(m.entity for m in mentions)
        ]
        for mentions in articles
    ]
    shared = fold_corpus(per_article)
    votes: dict[str, list[str]] = defaultdict(list)
    for entities, names in zip(per_article, shared, strict=True):
        for name, label, _forms in entities:
            votes[names[name]].append(label)
    return [
        {name: (names[name], vote_label(votes[names[name]])) for name in names} for names in shared
    ]

"""Named-entity mentions and their fold into canonical entities, within and across articles."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from transforms.gender import mention_gender, person_gender
from transforms.place_cues import (
    CALENDAR_WORDS,
    DATELINE_TAIL,
    LEADING_WORDS,
    PlaceContext,
    Spans,
    missed_places,
    place_candidates,
    place_context,
    with_places,
)
from transforms.place_cues import place_evidence as _place_evidence
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
# A courtesy title NER took into the name ("Dr Fauci", "Mr Corbett" in British style): the
# mention is the surname, and the title stays before it for the fold to read.
COURTESY_TITLE = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+(?=[A-Z])")
# A wire dateline NER took into the name ("DETROIT - Ford Motor Co", "KYIV (Reuters) - Zelenskiy").
DATELINE = re.compile(r"^[A-Z][A-Z.'’ ]*[A-Z.]\s*(?:\([^)]{1,30}\)\s*)?[-–—]+\s+(?=[A-Z])")
TRAILING_JUNK = re.compile(r"(?:['’]s?|[\W_])+$")
MIN_FUZZY_LENGTH = 8
CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z]{6,}\b")
PLACE_LABELS = frozenset({"GPE", "LOC"})
# Labels NER gives a lone surname: spaCy's small model often tags one as ORG.
SURNAME_LABELS = frozenset({"PERSON", "ORG"})
# A personal name: capitalised words, with surname particles between them ("Ursula von der
# Leyen"), no dashes between words, no digits.
NAME_LIKE = re.compile(
    r"[A-Z][\w'’.-]*(?: (?:(?:von|van|der|den|de|del|della|di|da|du|le|la|des|bin|ibn|al|el|dos|"
    r"das) )*[A-Z][\w'’.-]*)*"
)


SPACES = re.compile(r"\s+")


def alias_key(name: str) -> str:
    """Comparison key of a surface form: case, dots and spacing ignored."""
    return SPACES.sub(" ", name.replace(".", "")).strip().casefold()


def normalise_surface(text: str) -> str:
    """A mention's text without bullets, a leading 'the' or courtesy title, possessives or stray
    punctuation."""
    out = re.sub(r"\s+", " ", text).strip()
    out = LEADING_JUNK.sub("", out)
    out = LEADING_JUNK.sub("", out)
    out = COURTESY_TITLE.sub("", DATELINE.sub("", out))
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


# A name with its acronym in brackets in one span: "World Health Organization (WHO)".
NAME_AND_ACRONYM = re.compile(r"^(.*\S)\s*\(([A-Z][A-Z.&]{1,9})\)?\s*$")


def _split_acronyms(
    spans: Sequence[tuple[int, int, str, str]],
) -> list[tuple[int, int, str, str]]:
    """NER spans in order, one holding a name and its bracketed acronym split in two."""
    out = []
    for start, end, text, label in sorted(spans):
        hit = NAME_AND_ACRONYM.match(text)
        if hit and len(hit.group(1).split()) > 1:
            at = start + hit.start(2)
            out.append((start, start + len(hit.group(1)), hit.group(1), label))
            out.append((at, at + len(hit.group(2)), hit.group(2), label))
        else:
            out.append((start, end, text, label))
    return out


DATELINE_CITY = re.compile(r"[A-Z][A-Z.'’ ]*[A-Z.]")
# A place and a name NER joined over a dateline's dash ("JACKSON, Mississippi - Supreme Court").
PLACE_DASH = re.compile(r"^([A-Z][a-z]+(?: [A-Z][a-z]+){0,2}) [-–—]+ (?=[A-Z])")


def _split_datelines(
    spans: Sequence[tuple[int, int, str, str]], is_place: Callable[[str], bool]
) -> list[tuple[int, int, str, str]]:
    """NER spans, one holding a wire dateline and a name split in two: the dateline's city (a
    GPE) and the name ("DETROIT - Ford Motor Co"; a well-known place before a spaced dash,
    "Mississippi - Supreme Court")."""
    out = []
    for start, end, text, label in spans:
        city = DATELINE_CITY.match(text) if DATELINE.match(text) else None
        if city:
            out.append((start, start + city.end(), city.group(), "GPE"))
        place = PLACE_DASH.match(text)
        if place and is_place(place.group(1)):
            out.append((start, start + place.end(1), place.group(1), "GPE"))
            start += place.end()
            text = text[place.end() :]
        out.append((start, end, text, label))
    return out


# A role NER took into a person's name where a sentence opens with it ("Founder Masayoshi
# Son said"): the name is the words after it, when two or more.
LEADING_ROLE = re.compile(
    r"^(?:Founder|Co-founder|Chairman|Chairwoman|Chief Executive|CEO|President|Premier|"
    r"Senator|Governor|Mayor|Minister|Coach|Captain|Judge|Justice)\s+(?=[A-Z])"
)


def mentions_from_spans(
    spans: Sequence[tuple[int, int, str, str]],
    sentences: Sequence[tuple[int, int]],
    is_place: Callable[[str], bool] | None = None,
) -> list[EntityMention]:
    """Named-entity mentions from NER spans, junk removed, with their sentence index
    (`is_place`: whether a name is a well-known place's, known_place by default)."""
    out: list[EntityMention] = []
    sent_idx = 0
    for start, _end, text, label in _split_datelines(
        _split_acronyms(spans), is_place or known_place
    ):
        if label not in NAMED_LABELS:
            continue
        name = normalise_surface(text)
        role = LEADING_ROLE.match(name) if label == "PERSON" else None
        if role and NAME_LIKE.fullmatch(name[role.end() :]) and " " in name[role.end() :]:
            name = name[role.end() :]  # "Founder Masayoshi Son": the role stays before the name
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
    r"Sen\.|Rep\.|Representative|Congressman|Congresswoman|Governor|Gov\.|Mayor|Chancellor|General|Gen\.|Admiral|"
    r"Director|Chief(?: [Ee]xecutive(?: [Oo]fficer)?)?|Chairman|Chairwoman|Chair|CEO|"
    r"Ambassador|Judge|Justice|King|Queen|Prince|"
    r"Princess|Pope|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|spokesman|spokeswoman|spokesperson|head|leader|"
    r"envoy|commander|coach|director|[Pp]resident-elect"
)
TITLE_BEFORE = re.compile(
    rf"\b(?i:{TITLES})(?:\s+(?:of|for)\s+(?:[\w'’.-]+\s+){{0,3}}[\w'’.-]+)?"
    r"(?<!\b[Tt]he)(?<!\b[Aa])(?<!\b[Aa]n),?\s+$"
)
TITLE_RELABEL = frozenset({"ORG", "NORP", "GPE", "PERSON", "PRODUCT", "WORK_OF_ART", "FAC"})
TITLE_WORD = re.compile(rf"\b((?i:{TITLES}))\s+$")
# Titles before a given name, not a surname: "King Hussein" is no Saddam Hussein.
ROYAL = r"King|Queen|Prince|Princess|Pope|Emperor|Empress|Sultan|Sheikh"
ROYAL_BEFORE = re.compile(rf"\b(?:{ROYAL})\s+$")
# "Congressman Meadows": a person named by a title and a surname.
TITLE_FIRST = re.compile(rf"((?:{TITLES}))\s+\S+$")
# Titles anyone may carry: they tell no office, so they do not single out the first named.
COURTESY = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof"})


def title_cues(body: str, mentions: Sequence[EntityMention]) -> list[EntityMention]:
    """Mentions right after a personal title ("secretary of defense Mattis") become PERSON, but
    not after a company noun ("chief executive of the fact-checking website Full Fact")."""
    out = []
    for m in mentions:
        before = body[max(0, m.start - 60) : m.start].split("\n")[-1]
        cued = (
            m.label != "PERSON"
            and m.label in TITLE_RELABEL
            and NAME_LIKE.fullmatch(m.text)
            and not m.text.isupper()
            and not company_form(m.text)
            and TITLE_BEFORE.search(before)
            and not _company_noun_before(before)
        )
        out.append(replace(m, label="PERSON") if cued else m)
    return out


# Context that says a name is a company's, not a person's (the small model tags many companies
# PERSON): a company noun right before it ("rocket company SpaceX"), a designator right after
# it ("Acme Inc"), what only companies have ("SpaceX's shares", "its chief executive"), an
# apposition ("Respawn, a game studio"). And context that says a person: "Warren, who",
# "Warren said she", "Warren's wife".
COMPANY_NOUNS = (
    r"company|companies|firm|startup|start-up|maker|manufacturer|carmaker|automaker|retailer|"
    r"studio|label|network|broadcaster|airline|bank|lender|insurer|conglomerate|giant|"
    r"chain|brand|outlet|supplier|contractor|subsidiary|corporation|website|platform|app|"
    r"service"
)
COMPANY_DESIGNATORS = r"Inc|Corp|Corporation|Co|Ltd|LLC|LLP|PLC|plc|GmbH|AG|S\.?A|N\.?V"
ORG_BEFORE = re.compile(rf"\b(?i:{COMPANY_NOUNS})\s+$")
ORG_AFTER = re.compile(
    rf"^(?:['’]s?\s+(?:shares|stock(?!\s+(?:exchange|market))|share price|market value|CEO|"
    rf"chief executive|founder|co-founder|employees|headquarters|board of directors|"
    rf"subsidiary|subsidiaries|shareholders|investors|revenue|revenues|earnings|profits?|IPO|"
    rf"initial public offering|"
    rf"(?:secondary )?listing)\b"
    rf"|,?\s+(?:{COMPANY_DESIGNATORS})\b"
    rf"|,\s+(?:a|an|the)\s+(?:(?!(?:of|at|for|from|in|with|the|his|her|its|their)\s)[\w-]+\s+){{0,3}}"
    rf"(?i:{COMPANY_NOUNS})\b)"
)
# "its" after a name: a country has its capital too, so only against a PERSON label.
ITS_AFTER = re.compile(
    r"^\s+(?:and|(?:said|says|reported|announced)(?:\s+on\s+[A-Z]\w+|\s+last\s+\w+)?)"
    r"\s+its\b"
)
# A company's officers, owners and staff before a name ("the chairman of Berkshire Hathaway",
# "an analyst at Morgan Stanley", "shares of Apple"): against a PERSON label only, and not before
# a possessive ("the chairman of Trump's campaign" is the campaign's). Of those, the roles only a
# company has ("the chief executive of Nvidia", "shares of Oracle") count against a place's
# label too.
COMPANY_ROLES = (
    r"chief executive(?: officer)?|CEO|chief (?:financial|operating|technology) officer|"
    r"CFO|COO|CTO|shares|shareholders|stockholders"
)
STAFF_ROLES = (
    r"chairman|chairwoman|(?:co-?)?founder|managing director|employees|analysts?|executives?|"
    r"engineers?"
)
ROLE_OF_BEFORE = re.compile(rf"\b(?i:{STAFF_ROLES}|{COMPANY_ROLES})\s+(?:of|at)\s+$")
COMPANY_ROLE_BEFORE = re.compile(rf"\b(?i:{COMPANY_ROLES})\s+(?:of|at)\s+$")
POSSESSIVE_AFTER = re.compile(r"^['’]s?\b")
# After a person's name: "who" (a group's name may have it too: "the forces, who"), and what
# only a person's has: an age, "said he", a relative, an apposition with a person's role.
WHO_AFTER = re.compile(r"^,\s+who\b")
PERSON_ONLY_AFTER = re.compile(
    r"^(?:,\s+\d{1,3},|\s+(?:said|says|told|added)\s+(?:he|she)\b"
    r"|['’]s?\s+(?:wife|husband|son|daughter|mother|father|brother|sister|widow|family)\b"
    r"|,\s+(?:the|a|an|its|[A-Z][\w-]*['’]s?)\s+(?:[\w-]+['’]s\s+)?(?:(?:former|late|new|then)\s+)?"
    r"(?:chairman|chairwoman|founder|co-founder|chief executive|president|minister|"
    r"spokesman|spokeswoman|senator|governor|mayor|actor|actress|singer|author)\b)"
)
# Last words of company names ("Dick Clark Productions", "Relativity Space", "Acme Corp",
# "Cosco Shipping", "Hilton Worldwide", "Sydney Trains"), which no person's name ends with.
COMPANY_WORDS = frozenset(
    "inc corp corporation co ltd llc llp plc gmbh group holdings productions studio studios "
    "entertainment media technologies technology tech labs lab systems software airlines "
    "airways motors pharmaceuticals therapeutics capital partners ventures investments "
    "industries enterprises communications networks games aerospace space robotics records "
    "brands foods electronics motor holding bank company shipping logistics worldwide "
    "international trains railways railway petroleum mining minerals resources insurance "
    "securities financial telecom telecommunications pharma biotech semiconductor "
    "semiconductors chemicals steel hotels resorts cruises automotive bancorp".split()
)
# A capital inside a word ("SpaceX", "WeWork") marks a brand, except after a surname prefix.
INNER_CAPITAL = re.compile(r"^(?!(?:Mc|Mac|O['’]|De|Di|Da|Du|Le|La|Van|Von|Fitz))[A-Z]?[a-z]+[A-Z]")


# Designators that only say a name is a company's ("Apple Inc", "Fox Corp.").
DESIGNATOR_WORDS = frozenset("inc corp corporation co ltd llc llp plc gmbh ag se sa nv".split())


def company_stem(name: str) -> str:
    """A company's name without its designators ("Apple Inc." -> "Apple")."""
    words = name.replace(",", " ").split()
    while len(words) > 1 and words[-1].rstrip(".").casefold() in DESIGNATOR_WORDS:
        words.pop()
    return " ".join(words)


def company_form(form: str) -> bool:
    """Whether a surface form reads as a company's name (designator last, a brand's capitals)."""
    words = form.split()
    last = words[-1].rstrip(".").casefold() if words else ""
    return (len(words) > 1 and (last in COMPANY_WORDS or last in DESIGNATOR_WORDS)) or any(
        INNER_CAPITAL.match(w) for w in words
    )


# Words before a company noun that make it an adjective ("the soft-spoken but firm Tegnell").
ADJECTIVE_BEFORE = frozenset("but and or very so too more most less quite".split())


def _company_noun_before(before: str) -> bool:
    """Whether a company noun ends `before` ("rocket company "), not used as an adjective."""
    hit = ORG_BEFORE.search(before)
    if not hit:
        return False
    words = before[: hit.start()].split()
    return not (words and words[-1].casefold() in ADJECTIVE_BEFORE)


def context_cue(body: str, m: EntityMention, label: str) -> str | None:
    """ "ORG" or "PERSON" when the words around a mention say which it is, else None; `label`:
    the label the entity has so far ("its" and most roles count against PERSON only, a company's
    officers and shares against GPE too)."""
    before = body[max(0, m.start - 60) : m.start].split("\n")[-1]
    after = body[m.end : m.end + 80].split("\n")[0]
    if (
        WHO_AFTER.match(after)
        or PERSON_ONLY_AFTER.match(after)
        or (
            TITLE_BEFORE.search(before)
            and not company_form(m.text)
            and not _company_noun_before(before)
        )
    ):
        return "PERSON"
    if _company_noun_before(before) or ORG_AFTER.match(after):
        return "ORG"
    roles = {"PERSON": ROLE_OF_BEFORE, "GPE": COMPANY_ROLE_BEFORE}.get(label)
    if roles and roles.search(before) and not POSSESSIVE_AFTER.match(after):
        return "ORG"
    if label == "PERSON" and ITS_AFTER.match(after):
        return "ORG"
    return None


def known_place(name: str) -> bool:
    """Whether a name is a country's, a US state's, a continent's or a city's of a million
    people or more (GeoNames, transforms.places)."""
    from transforms.places import gazetteer

    return any(
        p.kind != "city" or (p.population or 0) >= MILLION
        for p in gazetteer().primary.get(name.casefold(), ())
    )


MILLION = 1_000_000


def place_or_person(
    label: str,
    forms: Sequence[str],
    cues: Sequence[str | None],
    is_place: Callable[[str], bool],
    located: bool = False,
) -> str:
    """A one-word entity's label between a place and a person: a PERSON-tagged place no
    context calls a person is GPE ("Kyiv said"); a GPE- or ORG-tagged name most of whose
    mentions the context calls a person's, none after a preposition of place (`located`:
    "Senator Rick Scott of Florida said he"), is PERSON ("Washington, 68,", "Washington said
    he")."""
    if any(" " in f for f in forms):
        return label
    person = cues.count("PERSON")
    if label == "PERSON" and not person and is_place(forms[0]):
        return "GPE"
    if label in ("GPE", "ORG") and 2 * person > len(cues) and not cues.count("ORG") and not located:
        return "PERSON"
    return label


LOCATED = re.compile(r"\b(?:of|in|from|at|to|near|across|into)\s+$")
# What NER mislabels places as.
MISLABELLED_PLACE = frozenset({"PERSON", "ORG", "LOC"})


def gazetteer_label(
    label: str,
    its: Sequence[EntityMention],
    body: str,
    cues: Sequence[str | None],
    ctx: PlaceContext,
) -> str:
    """GPE for an entity NER tagged PERSON, ORG or LOC whose every form the gazetteer has as a
    country, US state or city, when no context calls it a person's or a company's and the
    article says it is a place (place_cues.place_evidence: a dateline, a preposition of place,
    a listed place, a country it names holding it; an ORG needs one of the first three:
    "offices in Chennai", not "Toyota" beside Japan)."""
    if label not in MISLABELLED_PLACE or "PERSON" in cues or "ORG" in cues:
        return label
    places = {m.text: place_candidates(m.text) for m in its}
    if not all(places.values()):
        return label
    said = [_place_evidence(body, m.start, m.end, places[m.text], ctx) for m in its]
    return "GPE" if "strong" in said or (label != "ORG" and any(said)) else label


# Last words of institutions' names, which no person's name ends with ("White House",
# "Penguin Random House", "Security Council").
INSTITUTION_WORDS = frozenset(
    "house council committee ministry department university college institute foundation "
    "association agency commission".split()
)


# Institutions their name alone names ("Johns Hopkins" of "Johns Hopkins University"; not
# "State" of "State Department").
SCHOOL_WORDS = frozenset("university college institute".split())


def institution_form(form: str) -> bool:
    """Whether a name of more than one word ends with an institution's word."""
    words = form.split()
    return len(words) > 1 and words[-1].casefold() in INSTITUTION_WORDS


def _person_named(name: str, cues: Sequence[str | None], person_only: int) -> bool:
    """Whether an ORG-tagged full name is a person's: a personal name, no company's or
    institution's form, cues only a person's name has (`person_only` of its mentions)
    outnumbering company cues ("Ratan Tata, the group's former chairman")."""
    return (
        bool(NAME_LIKE.fullmatch(name))
        and not name.isupper()
        and not company_form(name)
        and not institution_form(name)
        and person_only > cues.count("ORG")
    )


def cued_label(
    label: str, forms: Sequence[str], cues: Sequence[str | None], person_only: int = 0
) -> str:
    """An entity's label after its context: ORG when company cues outnumber person cues, for an
    entity labelled PERSON (a company's or an institution's form counts too), GPE or NORP
    ("Rivian, the truck maker"); PERSON for an ORG-tagged personal name of two or three words
    the context calls a person's more often than a company's (`person_only`: the mentions
    followed by what only a person's name is, PERSON_ONLY_AFTER)."""
    if label == "ORG" and 1 < len(max(forms, key=len).split()) <= 3:
        return "PERSON" if _person_named(max(forms, key=len), cues, person_only) else label
    if label not in ("PERSON", "GPE", "NORP"):
        return label
    org = cues.count("ORG") + (
        label == "PERSON" and any(company_form(f) or institution_form(f) for f in forms)
    )
    return "ORG" if org > cues.count("PERSON") else label


def _sentence_of(sentences: Sequence[tuple[int, int]], start: int) -> int:
    """Index of the sentence holding a character offset."""
    return next((i for i, (s, e) in enumerate(sentences) if s <= start < e), 0)


# Particles of surnames ("Le Pen", "von der Leyen", "al Qaeda"), which NER often cuts a name at.
PARTICLES = r"von|van|der|den|de|del|della|di|da|du|le|la|des|bin|ibn|al|el|dos|das"
PARTICLES_BEFORE = re.compile(rf"(?:^|(?<=\s))(?:(?i:{PARTICLES})\s+)+$")
# Particles that are no Romance preposition or article ("le patron de Renault" keeps Renault).
NAME_ONLY_PARTICLES = frozenset("von van der den bin ibn al".split())
PARTICLES_AFTER = re.compile(rf"^(?:\s+(?i:{PARTICLES}))*\s+[A-Z][\w-]*")
PARTICLE_WORD = re.compile(rf"(?i:{PARTICLES})")


def join_particles(body: str, mentions: Sequence[EntityMention]) -> list[EntityMention]:
    """Mentions grown over the surname particles NER cut them at ("Marine Le" + "Pen", "von der"
    + "Leyen"; before a name, only with one in lower case that is no Romance preposition or
    article: not "El Niño", not "de Renault"), without the mentions the grown ones now cover."""
    grown: list[EntityMention] = []
    for m in mentions:
        start, end = m.start, m.end
        before = PARTICLES_BEFORE.search(body[max(0, start - 20) : start].split("\n")[-1])
        if (
            before
            and m.text[:1].isupper()
            and any(w.islower() and w in NAME_ONLY_PARTICLES for w in before.group().split())
        ):
            start -= len(before.group())
        words = m.text.split()
        if m.label == "PERSON" and len(words) > 1 and PARTICLE_WORD.fullmatch(words[-1]):
            after = PARTICLES_AFTER.match(body[end : end + 40].split("\n")[0])
            if after:
                end += len(after.group())
        grown.append(
            m
            if (start, end) == (m.start, m.end)
            else replace(m, start=start, end=end, text=body[start:end])
        )
    changed = [g for g, m in zip(grown, mentions, strict=True) if g is not m]
    return [
        g
        for g in grown
        if not any(
            c is not g
            and c.start <= g.start
            and g.end <= c.end
            and c.end - c.start > g.end - g.start
            for c in changed
        )
    ]


def propagate(
    body: str,
    mentions: Sequence[EntityMention],
    sentences: Sequence[tuple[int, int]],
    language: str | None = "en",
) -> list[EntityMention]:
    """Add mentions NER missed: other occurrences of forms it found, surnames, near typos
    (after growing mentions over the surname particles NER cut them at), and places the
    gazetteer and the words around say are (transforms.place_cues.missed_places: in English,
    whose prepositions it reads)."""
    mentions = join_particles(body, mentions)
    taken = Spans((m.start, m.end) for m in mentions)
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
            if not taken.touches(hit.start(), hit.end()):
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
        if taken.touches(hit.start(), hit.end()) or word in labels:
            continue
        near = [f for f in surnames if Levenshtein.distance(f, word) == 1]
        if len(near) == 1:
            taken.add(hit.start(), hit.end())
            added.append(
                EntityMention(
                    hit.start(), hit.end(), word, "PERSON", _sentence_of(sentences, hit.start())
                )
            )
    found = given_names(body, sorted([*mentions, *added], key=lambda m: m.start))
    if language == "en":
        companies = missed_companies(body, found)
        found = sorted(
            [*found, *(replace(m, sentence=_sentence_of(sentences, m.start)) for m in companies)],
            key=lambda m: m.start,
        )
    places = [
        EntityMention(s, e, text, "GPE", _sentence_of(sentences, s))
        for s, e, text in (missed_places(body, found) if language == "en" else ())
    ]
    return sorted([*found, *places], key=lambda m: m.start) if places else found


# A capitalised word right before a name, with no capitalised word before it.
GIVEN_NAME_BEFORE = re.compile(r"(?:^|(?<=[^\w'’.-]))([A-Z][a-z]+) $")
CAPITALISED_BEFORE = re.compile(r"[A-Z][\w'’.-]*\s+$")
# Capitalised words before a name that are no given names.
NOT_GIVEN = frozenset("yesterday today tomorrow tonight meanwhile however".split())


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """spaCy's English stop words ("once", "make"), imported when first needed: after NER,
    spaCy is loaded already."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def given_names(body: str, mentions: Sequence[EntityMention]) -> list[EntityMention]:
    """Mentions of a surname grown over the given name NER left before it ("Denzel" of "Denzel
    Washington will star", then "Washington, 68,"): a one-word mention that somewhere has what
    only a person's name has after it (an age, "said he", "who", a relative: PERSON_ONLY_AFTER,
    WHO_AFTER), right after one capitalised word that no mention holds and no other capital
    precedes, and that is no function word, title, day or month."""
    surnames = {
        m.text
        for m in mentions
        if " " not in m.text
        and not m.text.isupper()
        and (
            PERSON_ONLY_AFTER.match(body[m.end : m.end + 80])
            or WHO_AFTER.match(body[m.end : m.end + 20])
        )
    }
    if not surnames:
        return list(mentions)
    ends = {m.end for m in mentions}
    out = []
    for m in mentions:
        hit = (
            GIVEN_NAME_BEFORE.search(body[max(0, m.start - 30) : m.start])
            if m.text in surnames
            else None
        )
        given = hit.group(1) if hit else ""
        at = m.start - len(given) - 1
        if (
            hit
            and at not in ends
            and not CAPITALISED_BEFORE.search(body[max(0, at - 30) : at])
            and at - 1 not in ends
            and given.casefold() not in LEADING_WORDS | CALENDAR_WORDS | NOT_GIVEN | COURTESY
            and given.casefold() not in _stop_words()
            and not TITLE_WORD.search(given + " ")
        ):
            out.append(replace(m, start=at, text=body[at : m.end], label="PERSON"))
        else:
            out.append(m)
    return out


# A run of capitalised words (an initial, a hyphen or a capital inside allowed).
NAME_RUN = re.compile(r"[A-Z](?:[\w&-]|[.'’](?=\w))*(?:[ ][A-Z](?:[\w&-]|[.'’](?=\w))*)*")


def _opens_sentence(body: str, start: int) -> bool:
    """Whether a word opens a sentence or a line."""
    before = body[:start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:\n"


def missed_companies(body: str, mentions: Sequence[EntityMention]) -> list[EntityMention]:
    """ORG mentions of names NER left out that the words around call a company's (a company
    noun before, "ride-hailing firm Uber"; an apposition or a designator after, "Uber, the
    ride-hailing firm"; a company's officers or shares before, "shares of Rio Tinto"), and
    every later occurrence of each: a whole run of capitalised words no mention touches, not
    opening a sentence (where "Meanwhile, the company" is no name), no title, day or month, nor
    a well-known place (known_place; a town may share a company's name, "Rio Tinto"); sentence
    0 for the caller to set."""
    taken = Spans((m.start, m.end) for m in mentions)
    runs = [
        (hit.start(), hit.group())
        for hit in NAME_RUN.finditer(body)
        if not taken.touches(hit.start(), hit.end())
    ]
    found: set[str] = set()
    for at, run in runs:
        first = run.split(" ")[0].casefold()
        if (
            len(run) < 2
            or _opens_sentence(body, at)
            or first in LEADING_WORDS
            or first in CALENDAR_WORDS
            or TITLE_FIRST.match(run + " x")
            or known_place(run)
        ):
            continue
        m = EntityMention(at, at + len(run), run, "ORG", 0)
        before = body[max(0, at - 60) : at].split("\n")[-1]
        after = body[m.end : m.end + 80].split("\n")[0]
        if (
            _company_noun_before(before)
            or ORG_AFTER.match(after)
            or (COMPANY_ROLE_BEFORE.search(before) and not POSSESSIVE_AFTER.match(after))
        ) and context_cue(body, m, "ORG") != "PERSON":
            found.add(run)
    return [EntityMention(at, at + len(run), run, "ORG", 0) for at, run in runs if run in found]


def _initials(name: str) -> str:
    """Upper-case initials of the capitalised words of a name ("United States" -> "US")."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


# A generational suffix after a surname ("Martin Luther King Jr", "Henry Ford II").
GENERATION = frozenset("jr jnr sr snr ii iii iv".split())


def _name_words(name: str) -> list[str]:
    """A full name's words without a generational suffix ("Martin Luther King Jr" -> ... King)."""
    words = name.split()
    if len(words) > 2 and words[-1].rstrip(".").casefold() in GENERATION:
        return words[:-1]
    return words


def _generations_differ(a: str, b: str) -> bool:
    """Whether two names differ in a generational suffix ("Allan Jnr", "Allan Snr")."""
    last_a, last_b = a.split()[-1].rstrip(".").casefold(), b.split()[-1].rstrip(".").casefold()
    return last_a != last_b and (last_a in GENERATION or last_b in GENERATION)


def _ending_with(form: str, names: Sequence[str]) -> list[str]:
    """The names whose last words, or last words before a generational suffix, are `form`'s
    words, case aside ("King" of "Martin Luther King Jr", "Von der Leyen" of "Ursula von der
    Leyen")."""
    words = form.casefold().split()
    n = len(words)
    return [
        f
        for f in names
        if (len(f.split()) > n and f.casefold().split()[-n:] == words)
        or (len(_name_words(f)) > n and [w.casefold() for w in _name_words(f)[-n:]] == words)
    ]


def _fuller_names(form: str, names: Sequence[str]) -> list[str]:
    """The longer names with `form`'s first and last words and more between them, a generational
    suffix after or not ("Joseph Kennedy" of "Joseph P. Kennedy III", not of "Joseph Kennedy
    Jr")."""
    words = form.split()
    if len(words) < 2:
        return []
    return [
        f
        for f in names
        if len(_name_words(f)) > len(words)
        and _name_words(f)[0] == words[0]
        and _name_words(f)[-1] == words[-1]
    ]


def _starting_with(form: str, names: Sequence[str]) -> list[str]:
    """The full names whose first word is `form` (a family name first: "Kim" of "Kim Jong Un")."""
    return [f for f in names if " " not in form and len(f.split()) > 1 and f.split()[0] == form]


def _company_short(form: str, longer: Sequence[str]) -> list[str]:
    """The company names that are `form` and company words or designators after it ("Apple" of
    "Apple Inc", "Porsche" of "Porsche AG"), and schools' ("Johns Hopkins" of "Johns Hopkins
    University")."""
    n = len(form.split())
    words = COMPANY_WORDS | DESIGNATOR_WORDS | SCHOOL_WORDS
    return [
        f
        for f in longer
        if len(f.split()) > n
        and f.split()[:n] == form.split()
        and all(w.rstrip(".").casefold() in words for w in f.split()[n:])
    ]


def _clipped(form: str, longer: Sequence[str], org_forms: set[str]) -> list[str]:
    """The organisations a clipped word names ("Fed" of "Federal Reserve"): its first word
    starts with the word and is longer."""
    if " " in form or len(form) < 3 or form.isupper() or form not in org_forms:
        return []
    return [
        f
        for f in longer
        if f in org_forms
        and len(f.split()) > 1
        and f.split()[0].startswith(form)
        and f.split()[0][len(form) :].isalpha()
        and f.split()[0][len(form) :].islower()
    ]


def _fold_target(
    form: str,
    longer: list[str],
    person_forms: set[str],
    keys: Mapping[str, str],
    surname_forms: set[str] | None = None,
    org_forms: set[str] | None = None,
    given_forms: set[str] | None = None,
) -> str | None:
    """The longer form a short form folds into within one article, if exactly one fits
    (`keys`: each form's alias_key; `surname_forms`: the forms that may fold into a full name
    as its surname: not a plural NER tagged NORP every time, more than once, "Democrats" of
    "Virginia Democrats"; not a name a royal title precedes, "King Hussein"; `org_forms`: the
    forms NER tagged ORG; `given_forms`: those that may be a full name's first word, a given
    name or a family name written first, "Kim" of "Kim Jong Un")."""
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
    people = [
        f
        for f in longer
        if (surname_forms is None or form in surname_forms)
        and f in person_forms
        and NAME_LIKE.fullmatch(f)
        and not form.isupper()
    ]
    suffix = _ending_with(form, people)
    if suffix and _eponymous(form, longer, org_forms):
        return None  # a person's surname and a company's name: each mention says which
    if len({keys[f] for f in suffix}) == 1:
        return suffix[0]
    if form in person_forms:
        fuller = _fuller_names(form, people)
        if len({keys[f] for f in fuller}) == 1:
            return fuller[0]
    if not suffix and form in person_forms and (given_forms is None or form in given_forms):
        prefix = _starting_with(form, people)
        if len({keys[f] for f in prefix}) == 1:
            return prefix[0]
    if (form in (org_forms or set()) or form in person_forms) and not (
        len(words) > 1 and form in person_forms
    ):
        company = _company_short(form, longer)
        if len({keys[f] for f in company}) == 1:
            return company[0]
    clipped = _clipped(form, longer, org_forms or set())
    if len({keys[f] for f in clipped}) == 1:
        return clipped[0]
    if len(form) >= MIN_FUZZY_LENGTH:
        near = [
            f
            for f in longer
            if f != form and Levenshtein.distance(f, form) == 1 and not _generations_differ(f, form)
        ]
        if len(near) == 1:
            return near[0]
    return None


def _eponymous(form: str, longer: Sequence[str], org_forms: set[str] | None) -> list[str]:
    """The companies NER tagged ORG named by a one-word `form` and company words ("Dell" of
    "Dell Technologies", "Ford" of "Ford Motor Co")."""
    if " " in form or not org_forms:
        return []
    return _company_short(form, [f for f in longer if f in org_forms])


def _surname_owners(
    form: str,
    forms: Sequence[str],
    person_forms: set[str],
    keys: Mapping[str, str],
    target: Mapping[str, str],
    surname_forms: set[str],
    given_forms: set[str] | None = None,
    org_forms: set[str] | None = None,
) -> list[str]:
    """The distinct people (canonical names) whose full names end with `form` (failing any,
    begin with it), when it is a bare name left unfolded because more than one does ("Warren":
    Elizabeth and Mark Warren; "Kim": Kim Jong Un and Kim Yo Jong), and the companies it names
    beside them ("Dell": Michael Dell and Dell Technologies)."""
    if target[form] != form or form.isupper() or not NAME_LIKE.fullmatch(form):
        return []
    if form not in surname_forms:
        return []
    people = [f for f in forms if f in person_forms and NAME_LIKE.fullmatch(f)]
    named = _ending_with(form, people)
    if not named and form in person_forms and (given_forms is None or form in given_forms):
        named = _starting_with(form, people)
    if named:
        named += _eponymous(form, forms, org_forms)
    owners = {target[f] for f in named}
    return sorted(owners) if len({keys.get(o, alias_key(o)) for o in owners}) > 1 else []


def _rank(form: str, counts: Counter[str]) -> tuple[int, int, int, str]:
    """Order forms so the canonical one comes first: more words, mixed case, frequent."""
    return (-len(form.split()), form.isupper(), -counts[form], form)


def vote_label(labels: Sequence[str]) -> str:
    """One label for an entity: PERSON if a full name was tagged so, else majority, tie by order."""
    counts = Counter(labels)
    best = max(counts.values())
    return next(lab for lab in LABEL_ORDER if counts.get(lab, 0) == best)


def _title_before(body: str, start: int) -> str | None:
    """The personal title right before an offset ("Sen." -> "sen"), if any."""
    hit = TITLE_WORD.search(body[max(0, start - 30) : start].split("\n")[-1])
    return hit.group(1).rstrip(".").casefold() if hit else None


def _form_title(form: str) -> str | None:
    """The title a form starts with ("Congressman Meadows" -> "congressman"), if any."""
    hit = TITLE_FIRST.match(form)
    return hit.group(1).rstrip(".").casefold() if hit else None


KIN = (
    r"(?:step|grand|great-grand)?(?:son|daughter|father|mother|child)(?:-in-law)?|"
    r"wife|husband|brother(?:-in-law)?|sister(?:-in-law)?|cousin|nephew|niece|uncle|aunt|"
    r"widow|widower|twin|spouse|partner|fianc[ée]e?"
)
# A relative brought in: "his son Hunter Biden", "Trump's daughter Ivanka Trump", "her
# husband, Bill Clinton", "Ron Paul, his father,".
KIN_BEFORE = re.compile(
    rf"(?:\b(?i:his|her|their)|\b[A-Z][\w-]*['’]s?)\s+(?:(?i:late|younger|older|elder|eldest|"
    rf"youngest|estranged|former|twin)\s+)?(?i:{KIN})s?,?\s+$"
)
KIN_AFTER = re.compile(rf"^,\s+(?i:his|her|their)\s+(?:\w+\s+)?(?i:{KIN})\b")


def _relatives(full: Sequence[EntityMention], target: Mapping[str, str], body: str) -> set[str]:
    """The people a full mention of whom names them as someone's relative."""
    return {
        target[x.text]
        for x in full
        if KIN_BEFORE.search(body[max(0, x.start - 40) : x.start])
        or KIN_AFTER.match(body[x.end : x.end + 40])
    }


def _shared_surname(
    m: EntityMention,
    owners: Sequence[str],
    full: Sequence[EntityMention],
    target: Mapping[str, str],
    body: str,
    resolved: Sequence[tuple[int, str]] = (),
    genders: Mapping[str, str | None] | None = None,
    companies: set[str] | frozenset[str] = frozenset(),
) -> str:
    """Which of the full names sharing a surname a bare-surname mention means: the one whose
    full mentions carry the same title (before them, or in them: "Congressman Meadows"); the
    man or woman the mention says ("Mrs. Clinton", "Clinton said she"), the others left out
    when `genders` (each owner's, from its full mentions: transforms.gender) says they are not
    (the rules that follow choose among those left); with
    an office none of them carries ("Vice President Biden" beside Joe and Hunter Biden), the
    one named first (an article introduces its main people first, and a relative seldom holds
    the office); else, with no title, when all but one are named as someone's relatives ("his
    son Hunter Biden", "Ron Paul, his father"), that one (news writers call a relative by a
    full or given name); else the one named last before it, in full or as a bare surname
    already resolved (`resolved`: (offset, name) of those), else the first one named after it.
    A company among the owners (`companies`: "Dell" of Michael Dell and Dell Technologies)
    takes the mention the context calls a company's, a person the one it calls a person's
    (context_cue), the rules above choosing when it says neither.
    `full`: the mentions of the owners by their longer forms."""
    cue = context_cue(body, m, "PERSON") if body and companies & set(owners) else None
    side = [o for o in owners if (o in companies) == (cue == "ORG")] if cue else owners
    if len(side) == 1:
        return side[0]
    if side and len(side) < len(owners):
        owners, full = side, [x for x in full if target[x.text] in side]
    title = _title_before(body, m.start) if body else None
    titled = {
        target[x.text]
        for x in full
        if title and title in (_title_before(body, x.start), _form_title(x.text))
    }
    if len(titled) == 1:
        return titled.pop()
    said = mention_gender(body, m.start, m.end) if body and genders else None
    keep = [o for o in owners if (genders or {}).get(o) in (None, said)] if said else owners
    if len(keep) == 1:
        return keep[0]
    if keep and len(keep) < len(owners):
        owners, full = keep, [x for x in full if target[x.text] in keep]
    if title and full and not titled and title not in COURTESY:
        return target[min(full, key=lambda x: x.start).text]
    kin = _relatives(full, target, body) if body else set()
    principal = {target[x.text] for x in full} - kin
    if kin and not title and len(principal) == 1:
        return principal.pop()
    before = [(x.start, target[x.text]) for x in full if x.start < m.start]
    before += [(at, name) for at, name in resolved if at < m.start and name in owners]
    if before:
        return max(before)[1]
    return target[min(full, key=lambda x: x.start).text] if full else m.text


def _kin_names(mentions: Sequence[EntityMention], person_forms: set[str], body: str) -> set[str]:
    """Full names NER did not call a person's that end with a person's surname ("Kylian Mbappe"
    beside "Ethan Mbappe"): a family's other members. Not when the surname is also a word in
    lower case in the body ("Canara Bank" beside "Indian Bank"), nor when the first word is a
    place's or a people's ("Louisiana Democrats")."""
    places = {w for m in mentions if m.label in ("GPE", "LOC", "NORP") for w in m.text.split()}
    surnames = {
        f.split()[-1] for f in person_forms if len(f.split()) > 1 and NAME_LIKE.fullmatch(f)
    }
    surnames = {w for w in surnames if not re.search(rf"\b{re.escape(w.lower())}\b", body)}
    return {
        m.text
        for m in mentions
        if m.text not in person_forms
        and 1 < len(m.text.split()) <= 3
        and NAME_LIKE.fullmatch(m.text)
        and not m.text.isupper()
        and not company_form(m.text)
        and m.text.split()[-1] in surnames
        and m.text.split()[0] not in places
    }


DATELINE_AFTER = re.compile(rf"^{DATELINE_TAIL}")  # a state or country, an agency, a dash


def _dateline_city(body: str, m: EntityMention) -> bool:
    """Whether a mention in capitals opens the body's first or second line and a dateline's
    dash follows it."""
    return (
        bool(body)
        and m.text.isupper()
        and m.label != "GPE"
        and body[max(0, m.start - 1) : m.start] in ("", "\n")
        and "\n" not in body[: m.start].strip()
        and bool(DATELINE_AFTER.match(body[m.end : m.end + 50]))
    )


THE_BEFORE = re.compile(r"\b[Tt]he\s+$")


def _after_the(mentions: Sequence[EntityMention], body: str) -> set[str]:
    """The forms that some mention has right after "the"."""
    return {
        m.text for m in mentions if body and THE_BEFORE.search(body[max(0, m.start - 5) : m.start])
    }


def fold_article(
    mentions: Sequence[EntityMention],
    body: str = "",
    is_place: Callable[[str], bool] = known_place,
) -> list[EntityMention]:
    """Fold short forms, case variants, acronyms and typos into one canonical name per entity;
    a surname two full names share goes, mention by mention, to the one the context says. With
    the article's `body`, the words around the mentions can relabel an entity (context_cue),
    and a place a person's surname spells, NER tagging it a place and no context calling it a
    person there, is the place ("a trip to Jordan" beside Jim Jordan; `is_place`: whether a
    name is a well-known place's; a dateline naming it in capitals says so too, "JACKSON").
    A wire dateline's city is a GPE whatever NER called it ("BURBANK, California -")."""
    mentions = [replace(m, label="GPE") if _dateline_city(body, m) else m for m in mentions]
    counts = Counter(m.text for m in mentions)
    person_forms = {m.text for m in mentions if m.label == "PERSON"}
    person_forms |= _kin_names(mentions, person_forms, body)
    org_forms = {m.text for m in mentions if m.label == "ORG"}
    nationality = {m.text for m in mentions if m.label == "NORP"} - {
        m.text for m in mentions if m.label != "NORP"
    }
    royal = {
        m.text
        for m in mentions
        if body and ROYAL_BEFORE.search(body[max(0, m.start - 20) : m.start])
    }
    surname_forms = {
        f
        for f in counts
        if not (f in nationality and f.endswith("s") and counts[f] > 1) and f not in royal
    }
    # A name after "the" is a group's or a thing's ("the Browns"), not a given name.
    after_the = _after_the(mentions, body)
    given_forms = {f for f in counts if f not in after_the}
    forms = sorted(counts, key=lambda f: _rank(f, counts))
    keys = {f: alias_key(f) for f in forms}
    target: dict[str, str] = {}
    for i, form in enumerate(forms):
        folded = _fold_target(
            form, forms[:i], person_forms, keys, surname_forms, org_forms, given_forms
        )
        target[form] = target.get(folded, folded) if folded else form
    for form in forms:
        known = KNOWN_SHORT_FORMS.get(keys[form].replace(" ", ""))
        if target[form] == form and known:
            target[form] = known
    shared = {
        form: _surname_owners(
            form, forms, person_forms, keys, target, surname_forms, given_forms, org_forms
        )
        for form in forms
    }
    full_mentions = {  # each shared surname's mentions by a longer form of one of its owners
        form: [
            x
            for x in mentions
            if target[x.text] in owners and len(x.text.split()) > len(form.split())
        ]
        for form, owners in shared.items()
        if len(owners) > 1
    }
    person_starts = sorted(m.start for m in mentions if m.label == "PERSON")
    companies = {target[f] for f in org_forms if company_form(f)}
    genders = {
        owner: person_gender(
            body, [(x.start, x.end) for x in full if target[x.text] == owner], person_starts
        )
        for form, full in full_mentions.items()
        for owner in shared[form]
    }
    entity_of = [target[m.text] for m in mentions]
    resolved: list[tuple[int, str]] = []
    for i in sorted(range(len(mentions)), key=lambda i: mentions[i].start):
        m = mentions[i]
        if m.text in full_mentions:
            entity_of[i] = _shared_surname(
                m,
                shared[m.text],
                full_mentions[m.text],
                target,
                body,
                resolved,
                genders,
                companies,
            )
            resolved.append((m.start, entity_of[i]))
    people = {target[f] for f in person_forms if len(f.split()) > 1}
    datelines = {m.text for m in mentions if m.label in PLACE_LABELS and m.text.isupper()}
    spelt = {m.text.casefold(): m.text for m in mentions if not m.text.isupper()}
    for i, m in enumerate(mentions):
        if (
            body
            and m.label in PLACE_LABELS
            and " " not in m.text
            and entity_of[i] != m.text
            and entity_of[i] in people
            and context_cue(body, m, "PERSON") != "PERSON"
            and (m.text.upper() in datelines or is_place(m.text))
        ):
            entity_of[i] = spelt.get(m.text.casefold(), m.text)
    labels: dict[str, list[str]] = defaultdict(list)
    for m, name in zip(mentions, entity_of, strict=True):
        labels[name].append(m.label)
    voted = {}
    for name, labs in labels.items():
        full_person = any(
            target[f] == name and f in person_forms and len(f.split()) > 1 for f in counts
        )
        voted[name] = "PERSON" if full_person else vote_label(labs)
    if body:
        places = place_context(mentions)
        all_cues: dict[str, list[str | None]] = {}
        own: dict[str, list[EntityMention]] = defaultdict(list)
        for m, name in zip(mentions, entity_of, strict=True):
            own[name].append(m)
        for name, its in own.items():
            cues = [context_cue(body, m, voted[name]) for m in its]
            person_only = sum(bool(PERSON_ONLY_AFTER.match(body[m.end : m.end + 80])) for m in its)
            voted[name] = cued_label(voted[name], [m.text for m in its], cues, person_only)
            located = any(LOCATED.search(body[max(0, m.start - 8) : m.start]) for m in its)
            voted[name] = place_or_person(
                voted[name], [m.text for m in its], cues, is_place, located
            )
            all_cues[name] = cues
        for _ in range(2):  # places found make their neighbours in a list places too
            found = [
                name
                for name, its in own.items()
                if voted[name] != "GPE"
                and gazetteer_label(voted[name], its, body, all_cues[name], places) == "GPE"
            ]
            for name in found:
                voted[name] = "GPE"
            places = with_places(places, [(m.start, m.end) for n in found for m in own[n]])
    return [
        replace(m, entity=name, entity_label=voted[name])
        for m, name in zip(mentions, entity_of, strict=True)
    ]


@dataclass
class KnownEntity:
    """An entity of the warehouse: its key, canonical name and label."""

    key: int
    name: str
    label: str


@dataclass
class EntityIndex:
    """Lookup of the warehouse's entities by alias, by surname and by a company's name without
    its designators, for cross-article folding."""

    entities: dict[int, KnownEntity] = field(default_factory=dict)
    by_alias: dict[str, int] = field(default_factory=dict)
    by_surname: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_single: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_stem: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    seen: Counter[int] = field(default_factory=Counter)  # times each entity was added

    def add(self, entity: KnownEntity, aliases: Sequence[str] = ()) -> None:
        """Record an entity (or its new name) and its aliases. A person's bare surname is no
        alias of theirs here (several people share one): by_surname holds it."""
        self.entities[entity.key] = entity
        self.seen[entity.key] += 1
        words = entity.name.split()
        full_person = entity.label == "PERSON" and len(words) > 1
        for a in (entity.name, *aliases):
            if not (full_person and len(a.split()) == 1):
                self.by_alias.setdefault(alias_key(a), entity.key)
        if full_person:  # the last word of its name and full names, and surnames as written
            self.by_surname[words[-1]].add(entity.key)
            for a in aliases:
                if NAME_LIKE.fullmatch(a) and not a.isupper():
                    self.by_surname[a.split()[-1]].add(entity.key)
        elif entity.label in SURNAME_LABELS and len(words) == 1 and not entity.name.isupper():
            self.by_single[words[0]].add(entity.key)
        if entity.label == "ORG":  # an organisation's names without designators
            for a in (entity.name, *aliases):
                self.by_stem[alias_key(company_stem(a))].add(entity.key)

    def match(self, name: str, label: str, forms: Sequence[str]) -> int | None:
        """The key of the entity an article's entity is, or None if it is new. A person's full
        name is not matched by its bare surname: another article's "Warren" may be another
        Warren; nor a place by the name of a person it spells ("Washington")."""
        words = name.split()
        if label == "PERSON" and len(words) > 1:
            forms = [f for f in forms if len(f.split()) > 1]
        keys = {self.by_alias[k] for k in map(alias_key, (name, *forms)) if k in self.by_alias}
        keys = {k for k in keys if not _person_and_place(self.entities[k].label, label)}
        if keys:
            return min(keys)
        if label == "ORG":  # "Apple" of another article's "Apple Inc", or the other way round
            stems = {alias_key(company_stem(f)) for f in (name, *forms)}
            keys = set().union(*(self.by_stem.get(k, set()) for k in stems))
            if len(keys) == 1:
                return keys.pop()
        if label == "PERSON" and len(words) > 1:
            pool = self.by_single.get(words[-1], set())
        elif label in SURNAME_LABELS and len(words) == 1 and not name.isupper():
            pool = self.by_surname.get(name, set())
        else:
            pool = set()
        if len(pool) == 1:
            return next(iter(pool))
        if len(pool) > 1:  # the person seen most often, if one is
            ranked = sorted((self.seen[k] for k in pool), reverse=True)
            if ranked[0] > ranked[1]:
                return max(pool, key=lambda k: self.seen[k])
        if len(name) >= MIN_FUZZY_LENGTH and self.by_alias:
            key = alias_key(name)
            near = process.extract(
                key, list(self.by_alias), scorer=Levenshtein.distance, score_cutoff=1, limit=5
            )
            found = {
                self.by_alias[a]
                for a, _, _ in near
                if len(a) >= MIN_FUZZY_LENGTH and not _generations_differ(a, key)
            }
            found = {k for k in found if _same_kind(self.entities[k].label, label)}
            if len(found) == 1:
                return found.pop()
        return None


def _person_and_place(a: str, b: str) -> bool:
    """Whether one label is a person's and the other a place's: the same name is then two
    entities ("Washington" the actor of one article, the city of another)."""
    return {a, b} in ({"PERSON", "GPE"}, {"PERSON", "LOC"})


def _same_kind(a: str, b: str) -> bool:
    """Whether two labels may name one entity spelt one letter apart: the same label, or a
    person's and an organisation's (NER gives a surname either); "ACCIDENT" (ORG) is no typo of
    "Occident" (GPE)."""
    return a == b or {a, b} <= SURNAME_LABELS


def better_name(current: str, candidate: str) -> str:
    """The canonical name to keep when a later article brings another form of an entity."""
    return min(current, candidate, key=lambda f: (-len(f.split()), f.isupper(), f))


def fold_corpus(
    articles: Sequence[Sequence[tuple[str, str, Sequence[str]]]],
) -> list[dict[str, str]]:
    """Fold each article's (name, label, forms) into names shared across the articles."""
    index, keys = _fold_corpus_keys(articles)
    return [{name: index.entities[k].name for name, k in mine.items()} for mine in keys]


def _fold_corpus_keys(
    articles: Sequence[Sequence[tuple[str, str, Sequence[str]]]],
) -> tuple[EntityIndex, list[dict[str, int]]]:
    """The index of the entities shared across the articles, and each article's {name: key}."""
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
    return index, keys


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
    index, shared = _fold_corpus_keys(per_article)
    votes: dict[int, list[str]] = defaultdict(list)
    for entities, keys in zip(per_article, shared, strict=True):
        for name, label, _forms in entities:
            votes[keys[name]].append(label)
    return [
        {name: (index.entities[k].name, vote_label(votes[k])) for name, k in keys.items()}
        for keys in shared
    ]

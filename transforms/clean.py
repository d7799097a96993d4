"""Page cleaning: keep the article's own prose from the visible text of a news page.

Each non-blank line is classed from cheap features (words, sentence punctuation, stopword
density in the page's language or the line's own, capitalisation, boilerplate phrases and the
vocabulary of forms in several languages, repetition within the page):

- ``bad``: furniture on any site (consent, accounts, newsletters, sharing, ads, credits,
  navigation-like capitalised lines, repeated lines);
- ``good``: a paragraph of prose; ``prose``: a short sentence; ``short``: anything else.

The article is built around one run of good lines, where a run tolerates a few bad lines
between paragraphs ("related"/"most read" headings weigh more): the run that opens right under
the headline (a copy of the page title), unless another outweighs it four times; a run of
teasers (paragraphs each alone under a heading) or of a dialog or panel (many lines on
accounts, passwords, consent) weighs less. Neighbouring runs join it when they outweigh the
furniture between, when they lie between it and the headline above, or when only an inline box
of related links lies between (an aside's heading over a few headlines) and the paragraph under
the box has more than one sentence (the article goes on; a teaser has one); nothing after a
comment-section heading, a thread of comments (rows of "Reply" buttons) or a paywall belongs to
it, nor anything across the page's headline, nor (for an article under the page's headline)
another article's headline over its byline or date (on a live blog, a clock time alone is an
entry's stamp, not such a date). A page with no paragraphs under its headline but a list or a
table of short lines there has that list as its article. Inside
the span, good and prose lines are kept, and short lines too when prose sits on both sides of
them (a sub-heading, a list the prose announces, a table of numbers), as jusText does; lines
indented unlike the body at its edges are not, nor a note on the author at the end, nor a tail
of one-sentence teasers (under a related heading, or each under a headline of its own). The lead
under the headline is kept, except on English pages, where a summary set apart by a byline or
date is a standfirst (a dek). When the body is shorter than the body-length expectation, a
fallback (the heaviest run, or lines that read as paragraphs but for their punctuation or
repetition) may give the body, and the result names it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from transforms.language import STOPWORDS, detect_language, language_of_words, raw_words, words
from transforms.records import CleanedPage

MIN_BODY_CHARS = 200  # the body-length expectation's default (settings.min_body_chars)
GOOD_MIN_WORDS = 10  # a paragraph has at least this many words (CJK: 2 characters a word)
PROSE_MIN_WORDS = 3  # a short sentence
MIN_STOPWORD_RATIO = 0.1  # prose in a known language has at least this share of stopwords
# ... or, in a sentence heavy with names and titles (a wire lead: "Vice Premier Qian Qichen met
# with visiting Thai Foreign Minister Surin Pitsuwan here"), this share of its lower-case words
NAMED_STOPWORD_RATIO = 0.2
NAMED_MIN_LOWER = 4  # of at least this many lower-case words
MAX_CAPITALISED = 0.6  # headlines and menus: most words capitalised ...
MIN_CAPITALISED_WORDS = 4  # ... in a line of at least this many words
MAX_CAPITALISED_PROSE = 0.75  # even with a full stop: a truncated headline "... Can Be .."
MAX_GAP_BAD = 3  # bad lines tolerated between two paragraphs of one run
MAX_GAP_LINES = 30  # non-blank lines tolerated between two paragraphs of one run
MAX_WIDGET_WORDS = 14  # lines this short are checked against the furniture phrases
MAX_WIDGET_WORD_LINE = 5  # "Share on Facebook", "Print": a widget word in a line this short
MAX_LEGAL_WORDS = 60  # consent/legal/credit phrases mark lines up to this long
LANGUAGE_SAMPLE_LINES = 25  # the page's longest lines tell its language
MAX_HEADING_WORDS = 8  # "Related articles", "12 Comments": headings are short
MIN_HEADING_WORDS = 2  # ... but not one word or a number
MIN_ARTICLE_CHARS = 400  # prose above a comment section that makes it the article
ASIDE_WEIGHT = 2  # an aside heading counts as this many bad lines in a gap
GAP_LINE_COST = 20  # joining two runs costs the characters between them plus this per line
GAP_BAD_COST = 40  # ... and this per bad line
TABLE_DIGIT_SHARE = 0.5  # a block of short lines this share of which hold numbers is a table
MIN_TEASERS = 3  # a run of at least this many paragraphs, ...
TEASER_SHARE = 0.75  # ... this share of them alone between headings, is a list of teasers
TEASER_WEIGHT = 0.3  # ... that weighs this share of its characters
BYLINE_REACH = 12  # lines above the body searched for the author's name ...
MAX_BYLINE_WORDS = 12  # ... in lines this short
AUTHOR_NOTE_REACH = 3  # the body's last lines checked for a note on the author
LEAD_SAMPLE = 5  # the first lines of the body tell its language for the standfirst rule
MIN_PANEL_LINES = 3  # a run of at least this many lines, ...
PANEL_SHARE = 0.3  # ... this share of them with a form word, is a dialog or a panel
MAX_BLURB_WORDS = 40  # a paragraph this short with a form word beside a form label ...
MAX_FORM_LABEL_WORDS = 6  # ... ("Newsletter", "Jetzt anmelden") this short is a panel's blurb
HEAD_REACH = 12  # a run opening this many lines under the headline is the article's start ...
ANCHOR_WEIGHT = 4  # ... unless another run outweighs it this many times
MIN_TAIL_TEASERS = 2  # one-sentence paragraphs after an aside's heading at the body's end
MAX_TEASER_HEADLINE_WORDS = 16  # a teaser's own headline over it has at most this many words
MIN_LIST_ITEMS = 6  # lines of a list or a table that can be a page's whole article
MAX_BOX_LINKS = 5  # links under an aside's heading in a box inside the article
MAX_DATE_WORDS = 6  # "June 13, 2019 at 5:46 pm", "5 hours ago": a date line under a headline

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_DIGITS = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_CLOSERS = r"[\"'”’“‘»«)\]*]*"  # closing quotes in English, German („…“, »…«) and French
_CLOSER_CHARS = "\"'”’“‘»«)]*"
_FULL_STOPS = ".!?…。！？।॥؟۔"  # sentence ends in Latin, CJK, Indic and Arabic scripts
_SENTENCE_FINAL = re.compile(rf"[{_FULL_STOPS}]{_CLOSERS}\s*$")
_INNER_SENTENCE_END = re.compile(r"\w[.!?][\"'”’“‘«»]?\s+[\"“‘„»«]?[A-ZÀ-ÖØ-ÞА-Я]")
# ... between two sentences, a letter before the stop ("26. September" is a German date).
_SENTENCE_BREAK = re.compile(r"[^\W\d_][.!?][\"'”’“‘«»]?\s+[\"“‘„»«]?[A-ZÀ-ÖØ-ÞА-Я]")
_INTERVIEW = re.compile(r"^(?:Q|A)\s?[:.]\s+\S")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+[^\W\d_]")  # "3. Choose", "4) Pflegen"
_BULLET = re.compile(r"^\s*(?:[•·▪►◦■□●○✓✔→]|[»›](?=\s))\s*")  # » alone opens German quotes
_URLISH = re.compile(r"https?://|www\.|\.(?:com|org|net|co\.uk)\b|@\w", re.I)
# Script or template source that reached the visible text: "(function() {", "{{#message}}".
_SCRIPT = re.compile(
    r"\bfunction\s*\([^)]*\)\s*\{|\b(?:document|window)\.[a-z]\w*\(|\{\{[#/^]?\w+\}\}"
)


def literal_trie(words: Iterable[str]) -> str:
    """A regex matching any of `words` (the longest where one is the start of another), written
    as a tree of shared prefixes: Python's engine tries an alternation's branches one by one,
    so one branch per first letter scans a line faster than one branch per word."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        arms = [re.escape(ch) + branch(child) for ch, child in sorted(node.items()) if ch]
        if not arms:
            return ""
        body = arms[0] if len(arms) == 1 else "(?:" + "|".join(arms) + ")"
        return f"(?:{body})?" if "" in node else body

    return branch(tree)


# Furniture on any site, even inside a long line: consent, legal, credits.
_LEGAL_WORDS = frozenset("cookie cookies javascript shutterstock adblocker".split())
# The vocabulary of forms and panels (accounts, newsletters, consent, comment forms) in the
# languages of the web's news: two of these in a line make it furniture.
_FORM_WORDS = frozenset(
    """
    login einloggen anmelden abmelden registrieren registrierung konto kundenkonto benutzerkonto
    passwort password kennwort benutzername username connexion connecter identifiant contraseña
    sesión registrarse accedi registrati zaloguj hasło logowanie inloggen wachtwoord registreren
    pflichtfeld pflichtfelder pflichtangaben required erforderlich erforderliche obligatoire
    obligatorio obbligatorio wymagane verplicht
    newsletter newsletters abonnieren abonniere abonnement abonnenten postfach posteingang inbox
    unsubscribe subscribe abonnez suscríbete suscribirse suscripción abonner iscriviti subskrybuj
    mail email correo
    datenschutz datenschutzerklärung datenschutzbestimmungen datenschutzhinweise einwilligung
    zustimmung akzeptieren ablehnen consent privacy confidentialité consentement privacidad
    consentimiento consenso prywatności zgoda privacyverklaring toestemming tracking
    personalisierte personalised personalized
    kommentar kommentare kommentieren kommentarfunktion comments commentaire commentaires
    comentario comentarios commento commenti komentarz komentarze reactie reacties akismet spam
    """.split()
)
MIN_FORM_WORDS = 2  # form words that make a line furniture ...
FORM_WORD_SHARE = 0.15  # ... when they are at least this share of its words
# Each rule: the literal keys one of which must occur in the line, and its pattern.
_LEGAL_RULES: tuple[tuple[str, str], ...] = (
    ("privacy", r"privacy\s+(?:policy|notice|settings|statement)"),
    ("terms", r"terms\s+(?:of|and)\s+(?:use|service|sale)"),
    ("rights", r"all\s+rights\s+reserved"),
    ("subscri", r"\bsubscribe\s+(?:now|today|here|to\s+(?:our|the|my))\b"),
    ("sign", r"\bsign\s+up\s+(?:now|here|today|for\s+(?:our|the|free))\b"),
    ("newsletter", r"\bnewsletter\b.*\b(?:sign|subscribe|email|inbox)"),
    ("email", r"\byour\s+email\s+address\b"),
    ("sign subscri", r"\b(?:sign\s+up|subscribe)\b.*\bnewsletters?\b"),
    ("inbox", r"\bto\s+your\s+inbox\b"),
    (
        "continu click blocker",
        r"\b(?:article\s+continues|continue\s+reading|click\s+here|ad\s+blocker)\b",
    ),
    ("cli kli", r"\b(?:clique|cliquez|klicken\s+sie|haga\s+clic|clicca|klik)\b"),
    ("site", r"\bthis\s+(?:site|website)\s+uses\b"),
    (
        "providing submitting click continu",
        r"\bby\s+(?:providing|submitting|clicking|continuing)"
        r"(?:\s*,|\s+(?:your|an?|the|this|to\s+use|to\s+browse)\b)",
    ),
    (
        "photo image picture",
        r"\((?:photo|image|picture)\b|\bphotograph:\s|\bphoto(?:graph)?\s*(?:credit|courtesy)\b",
    ),
    ("getty photo", r"\b(?:getty\s+images|ap\s+photo|file\s+photo)\b"),
    ("credit", r"\bcredit\s*(?::|\.\.\.)"),
    ("image", r"\bimage\s*(?:source|credit)\s*:"),
    (
        "explorer browser commercial",
        r"\b(?:internet\s+explorer|your\s+browser|modern\s+browser|non-commercial\s+use)\b",
    ),
    ("@", r"\b(?:write\s+to|contact|email)\s+[\w.\s]{0,40}\bat\s+\S+@"),
    (
        "commission compensation",
        r"\bmay\s+(?:earn|receive|get)\s+(?:an?\s+)?(?:small\s+)?(?:affiliate\s+)?"
        r"(?:commission|compensation)",
    ),
    ("affiliate", r"\baffiliate\s+(?:links?|commission|partnerships?)\b"),
    ("supported", r"\bsupported\s+by\s+(?:its|our)\s+(?:audience|readers)"),
    ("contributed", r"\bcontributed\s+(?:reporting|to\s+this\s+(?:report|story|article))\b"),
    ("[", r"\[(?:file|photo|image|picture)\s*:"),
    ("licensed creative", r"\blicensed\s+under\b|\bcreative\s+commons\b"),
    (
        "comment",
        r"\bcomments?\b.*\b(?:subscribers\s+only|register|logged\s+in|moderat\w*|polite"
        r"|guidelines)\b",
    ),
    (
        "attacks polite community",
        r"\b(?:personal\s+attacks|be\s+polite|community\s+(?:guidelines|standards))\b",
    ),
)
_LEGAL_BY_KEY: dict[str, re.Pattern[str]] = {
    key: re.compile("|".join(p for keys, p in _LEGAL_RULES if key in keys.split()))
    for key in {k for keys, _p in _LEGAL_RULES for k in keys.split()}
}
# The keys ("click" rather than "cli" where both match): a cheap screen that names the rules.
_LEGAL_KEYS = re.compile(literal_trie(_LEGAL_BY_KEY))
# More of it in several languages (credits, post metadata, disclaimers), screened apart.
_LEGAL_MORE = re.compile(
    r"""
    \b(?:foto|fotos|bild|bildquelle|quelle|photo|crédits?|crédito|fuente|zdjęcie)\s*:
    | \b(?:this\s+(?:entry|post)\s+was\s+posted|posted\s+in|filed\s+under|tagged\s+with
      |dieser\s+(?:beitrag|eintrag|artikel)\s+wurde\s+(?:veröffentlicht|unter|in)
      |abgelegt\s+unter|verschlagwortet\s+mit|gekennzeichnet\s+mit)\b
    | \b(?:meinung|opinions?|opiniones|opinioni)\b.*
      \b(?:autors?|autorin|authors?|auteurs?|autores?|autore|autori)\b
    """,
    re.X,
)
_LEGAL_MORE_WORDS = frozenset(
    "foto fotos bild bildquelle quelle photo crédit crédits crédito fuente zdjęcie posted filed "
    "tagged beitrag eintrag artikel abgelegt verschlagwortet gekennzeichnet meinung opinion "
    "opinions opiniones opinioni".split()
)  # one in every branch of _LEGAL_MORE but "©": a cheap screen on the line's words
# The same kind of furniture, recognised by how the line starts (cheap: anchored).
_LEGAL_START = re.compile(
    r"""^\W*(?:
      (?:see\s+also|read\s+(?:more|also|next)|also\s+read|related|more|watch|listen)\s*:
    | (?:lesen\s+sie\s+auch|lies\s+auch|auch\s+interessant|mehr\s+zum\s+thema|siehe\s+auch
      |(?:à\s+)?lire\s+aussi|voir\s+aussi|vea\s+también|lea\s+también|lee\s+también|lee\s+más
      |mira|te\s+puede\s+interesar|le\s+puede\s+interesar|leia\s+também|veja\s+também
      |leggi\s+anche|lees\s+ook|zobacz\s+(?:też|także)|czytaj\s+(?:też|także))\s*[:|»]
    | (?:published|updated|posted|last\s+(?:updated|modified))\b[^.]{0,30}?\d
    | (?:photo|image|picture|video)s?\s+(?:by|via|from|courtesy)\b
    | (?:©|\(c\)\s|copyright\b)
    )""",
    re.X,
)
# A credit that ends a caption: "REUTERS/Joshua Roberts", "(Photo by VIRGINIA MAYO / AP)".
_CAPTION_CREDIT = re.compile(
    r"(?:\s+[A-Z]{2,}\s*/\s*[A-Z][\w.-]*(?:\s[A-Z][\w.-]*)*)+\s*$"
    r"|\s\((?i:photo|image|picture)\s+(?i:by|:)[^()]*\)\s*$",
)
CAPTION_MIN_WORDS = 12  # a caption sentence, not a credit or a label
CAPTION_REACH = 6  # non-blank lines before the body searched for its lead picture's caption
# Photo credits: "(NASA/JPL-Caltech/ASU)", "REUTERS/Joshua Roberts", "| AP", "AFP/".
_CREDIT = re.compile(
    r"\([A-Z][^()/]{0,40}/[^()]{1,60}\)\s*$|\b[A-Z]{3,}/[A-Z][a-z]+"
    r"|\|\s*(?:AP|AFP|Reuters|Getty)\b|\b(?:AP|AFP)\s*/"
)
# Widget-sized furniture: accounts, sharing, navigation, ads, bylines, tags.
_WIDGET_KEYS = re.compile(
    literal_trie(
        "sign log account skip top home read see more most photo image video watch min opens copy"
        " load tag topic filed categor keyword source author date posted view".split()
    )
)
_WIDGET_WORDS = frozenset(
    "subscribe subscription subscriber subscribers newsletter newsletters register sponsored "
    "promoted advertise advertisement advertising related recommended trending featured share "
    "tweet whatsapp facebook twitter linkedin pinterest instagram email print comment comments "
    "reply follow download menu search listen podcast close advert youtube "
    # the same in de, fr, es, it, pt, nl
    "anzeige werbung teilen kommentare publicité partager commentaires publicidad compartir "
    "comentarios pubblicità condividi commenti publicidade compartilhar comentários advertentie "
    "delen reacties".split()
)
# A teaser ends on a link to the rest ("... Read More", "... Weiterlesen »").
_READ_ON = (
    "read more",
    "continue reading",
    "weiterlesen",
    "mehr lesen",
    "lire la suite",
    "leer más",
    "seguir leyendo",
    "continua a leggere",
    "leia mais",
    "lees meer",
    "czytaj dalej",
)
_READ_ON_TAIL = " .…»›>→)]"
# Lines of one of these words alone are navigation.
_NAV_WORDS = frozenset(
    "more next previous prev back top home expand collapse show hide loading continue "
    "advertisement ad ads sponsored close menu search skip".split()
)
_SOCIAL = frozenset(
    "facebook twitter instagram youtube linkedin whatsapp pinterest tiktok snapchat telegram "
    "reddit flipboard threads bluesky".split()
)
_WIDGET = re.compile(
    r"""
    \b(?:sign\s+(?:up|in|out)|log\s*(?:in|out)|my\s+account|skip\s+to|back\s+to\s+top)\b
    | \bhome\s*page\b
    | \bread\s+(?:more|next|also|full|the\s+full)\b | \bsee\s+(?:also|more|all)\b
    | \bmore\s+(?:from|on|in|stories|news|about|articles)\b
    | \bmost\s+(?:popular|read|viewed|shared|commented)\b
    | \b(?:photos?|image|video|watch)\s*: | \bmin(?:ute)?s?\s+read\b
    | \b(?:opens\s+in\s+new|copy\s+link|load\s+more|view\s+all|watch\s+more)\b
    | ^\s*(?:tags?|topics?|filed\s+under|categories|keywords|source|author|date|posted\s+in)\b
    """,
    re.X,
)
# An author in a byline: "by Jake Goulding", "von Inga Buller" (first and last name).
_AUTHOR = re.compile(
    r"\b(?i:by|von|par|por|di|door|de)\s+([A-ZÄÖÜÀ-Þ][a-zäöüßà-ÿ]+)\s+([A-ZÄÖÜÀ-Þ][\w'’-]+)"
)
_COPULAS = frozenset("is ist est es è jest was war".split())  # "Jake is the co-founder of ..."
_BYLINE = re.compile(r"^\s*(?i:by|von|par|por|di|door)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}")
# Headings of a page's comment section: the article is over.
_COMMENTS_HEADING = re.compile(
    r"""^\W*(?:
      .*\b\d+\s+(?:comments?|responses?|replies)\b.*
    | (?:comments?|responses?|replies)(?:\s+to\b.*)?
    | (?:kommentare|commentaires|comentarios|commenti|comentários|reacties)\b.*
    | .*\b(?:leave\s+a\s+(?:comment|reply)|join\s+the\s+(?:conversation|discussion)).*
    | .*\b(?:show|view|load|read|previous|older|newer|add\s+(?:a|your))\s+(?:all\s+)?comments?\b.*
    # the same in de, fr, es, it, pt, nl, pl
    | .*\b\d+\s+(?:kommentare?|commentaires?|comentarios?|commenti|comentários|reacties
      |komentarz\w*|antworten|réponses?|respuestas?|risposte)\b.*
    | (?:kommentar|komentarze?)\b.*
    | .*\b(?:schreibe(?:n\s+sie)?\s+einen\s+kommentar|kommentar\s+(?:schreiben|verfassen)
      |laisser\s+un\s+commentaire|deja\s+(?:un|tu)\s+comentario|lascia\s+un\s+commento
      |deixe\s+um\s+comentário|laat\s+een\s+reactie|geef\s+een\s+reactie
      |dodaj\s+komentarz|napisz\s+komentarz).*
    )\W*$""",
    re.X,
)
_NO_COMMENTS = re.compile(r"(?:^|\D)0(?:\D|$)|\b(?:no|keine|aucun|sin|nessun|geen|brak)\b")
# A count of comments beside a date or a clock time ("27.04.2020 - 18:50 Uhr 3 Kommentare"), or
# in a bar of sharing buttons ("SHARE / TWEET / 82 COMMENTS"), is the article's metadata, not the
# heading of its comments (a comment's own header has a date but no count: "Ann 11 May 9:41 Reply").
_COMMENT_COUNT = re.compile(
    r"\d\s+(?:comments?|kommentare?|commentaires?|comentarios?|commenti|comentários|reacties"
    r"|komentarz)"
)
# A clock time alone ("17:33", "16.46 GMT", "9:14 am", "14.05 Uhr"): a live blog's stamp.
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*(?i:am|pm|[a-z]{1,4}))?$")
MIN_LIVE_STAMPS = 3  # clock times over paragraphs that make a live blog
_AGO = re.compile(r"\b\d+\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b", re.I)
_POST_DATE = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|\b\d{1,2}:\d{2}\b")
_SHARE_BAR = re.compile(
    r"\b(?:share|tweet|teilen|partager|compartir|condividi|compartilhar|delen)\b"
)
_COMMENT_WORDS = re.compile(
    literal_trie(
        "comment respons repl conversation discussion kommentar coment reactie komentarz antwort"
        " réponse respuesta rispost".split()
    )
)  # a cheap screen before _COMMENTS_HEADING
# Headings of blocks that are not the article (related, most read); the article may go on.
_ASIDE_HEADING = re.compile(
    r"""^\s*(?:
      (?:more|latest)\s+(?:from|on|in|stories|news|articles|videos)\b.*
    | related\b.* | see\s+also\b.*
    | (?:most\s+(?:popular|read|viewed|shared|commented)|trending|recommended|popular)\b.*
    | you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested).* | read\s+(?:more|next)\b.*
    | about\s+(?:the\s+)?(?:authors?|writers?|reporters?|us|me|company|publisher)\s*
    | about\s+\S+ | (?:share|share\s+this)(?:\s+(?:article|story))?\s*:?
    | tags?\s*:.* | elsewhere\s+on\b.* | what\s+to\s+read\s+next.* | don'?t\s+miss.*
    # the same in de, fr, es, it, pt, nl, pl
    | mehr\s+(?:zum|zu|aus|von|über)\b.* | weitere\s+(?:artikel|beiträge|nachrichten|themen)\b.*
    | (?:ähnliche|verwandte|empfohlene|beliebte|neueste|aktuelle|letzte)
      \s+(?:artikel|beiträge|themen)
    | das\s+könnte\s+(?:sie|dich)\b.* | auch\s+interessant.* | (?:lesen\s+sie|lies)\s+auch\b.*
    | meist\s*gelesen\w* | empfehlungen | schlagwörter\s*:?.* | über\s+(?:den|die)\s+autor\w*
    | (?:à\s+)?lire\s+aussi.* | sur\s+le\s+même\s+sujet.* | articles?\s+(?:similaires|liés)
    | dans\s+la\s+même\s+rubrique | les\s+plus\s+lus | (?:à\s+)?voir\s+aussi.*
    | vous\s+aimerez\s+aussi.*
    | (?:noticias|artículos|notas)\s+relacionad[ao]s | (?:también\s+)?te\s+puede\s+interesar.*
    | lea\s+también.* | lee\s+también.* | más\s+noticias.* | lo\s+más\s+leído | más\s+leíd[ao]s
    | ver\s+también.* | te\s+recomendamos.*
    | leggi\s+anche.* | articoli\s+correlati | (?:ti\s+)?potrebbe\s+interessarti.* | più\s+letti
    | vedi\s+anche.* | altre\s+notizie.*
    | leia\s+(?:também|mais).* | notícias\s+relacionadas | veja\s+também.* | mais\s+lidas
    | lees\s+ook.* | gerelateerde\s+artikelen | meer\s+nieuws.* | meest\s+gelezen | bekijk\s+ook.*
    | (?:zobacz|czytaj|przeczytaj)\s+(?:też|także).* | podobne\s+artykuły | najczęściej\s+czytane
    )\s*$""",
    re.X,
)
# A paywall where the article is cut ("Subscribe to continue reading", "To read the full story",
# "Exclusive to subscribers", "Réservé aux abonnés"): the article is over.
_PAYWALL_KEYS = re.compile(
    literal_trie("subscri abonn suscri read lire lesen leggere member suite".split())
)
_PAYWALL = re.compile(
    r"""
    \b(?:subscribe|sign\s+in|log\s+in|register)\s+(?:now\s+)?to\s+(?:continue\s+reading
      |read\s+(?:the\s+)?(?:full|rest|whole|more|this))
    | ^\W*to\s+read\s+the\s+(?:full|whole|rest|complete)\b
    | \b(?:exclusive\s+to|only\s+for|(?:only\s+)?(?:available|reserved)\s+(?:to|for))
      \s+(?:our\s+)?(?:subscribers|members)\b
    | \b(?:continue|keep)\s+reading\s+with\s+(?:a\s+)?(?:subscription|membership)\b
    | \bthe\s+rest\s+of\s+this\s+(?:article|story)\s+is\b
    # the same in fr, es, it, de, pt, nl
    | \bpour\s+lire\s+la\s+suite\b | \b(?:réservée?s?|exclusifs?|exclusives?)\s+aux\s+abonnés\b
    | \bexclusivo\s+para\s+(?:suscriptores|abonados)\b | \bpara\s+seguir\s+leyendo\b
    | \briservato\s+agli\s+abbonati\b | \bper\s+continuare\s+a\s+leggere\b
    | \bexklusiv\s+für\s+abonnenten\b | \bum\s+(?:den\s+artikel\s+)?weiterzulesen\b
    | \bexclusivo\s+para\s+assinantes\b | \balleen\s+voor\s+abonnees\b
    """,
    re.X,
)
MAX_PAYWALL_WORDS = 30  # a paywall's lines are this short

# A comment's row of actions: a "Reply" button alone or with its likes, votes and other
# buttons on one line ("12 likes Reply", "Like · Reply · Share", "Antworten · Melden").
_REPLY_WORDS = frozenset(
    "reply antworten répondre responder rispondi reageer beantwoorden odpowiedz svara".split()
)
_ACTION_WORDS = _REPLY_WORDS | frozenset(
    """
    like likes unlike share report flag upvote downvote vote votes point points recommend
    permalink quote edit delete hide block mute
    melden teilen gefällt zitieren empfehlen
    signaler partager aime
    denunciar compartir reportar
    segnala condividi
    delen rapporteren
    zgłoś udostępnij
    """.split()
)
_REPLY_SCREEN = re.compile(
    literal_trie("repl antw répon respon rispon reag beantw odpow svar".split()), re.I
)
MAX_ACTION_WORDS = 6  # a row of comment actions has at most this many words and numbers
_ACTION_TOKEN = re.compile(r"[^\W_]+")
MIN_COMMENT_ACTIONS = 2  # "Reply" buttons that make a thread of comments
MAX_COMMENT_HEADER = 3  # lines over a comment's text (author, date, badge)
# "reader1 says:" lines: the headers of comments when the page has several.
_COMMENT_HEADER = re.compile(r"\b(?:says|said|wrote|replied)\s*:\s*$")


class LineInfo(NamedTuple):
    """Features and class of one non-blank input line (a named tuple: a page makes hundreds)."""

    number: int  # 1-based line number in the page
    text: str  # the stripped line
    indent: int  # width of the leading whitespace
    n_words: int
    kind: str  # bad, good, prose or short
    end_heading: bool  # a comment-section heading: the article is over
    aside: bool  # a heading of a related/most-read block
    loose: bool = False  # reads as a paragraph but for its punctuation or its repetition
    title_copy: bool = False  # repeats the page title (the first line) or a leading part of it
    form: bool = False  # has a word of forms and panels (accounts, newsletters, consent)

    @property
    def good(self) -> bool:
        """A paragraph of prose."""
        return self.kind == "good"

    @property
    def prose(self) -> bool:
        """A paragraph or a short sentence."""
        return self.kind in ("good", "prose")


def _terminal(text: str) -> bool:
    """Whether a line ends like a sentence (or announces what follows with a colon), closing
    quotes and brackets aside."""
    end = text.rstrip().rstrip(_CLOSER_CHARS).rstrip().rstrip(_CLOSER_CHARS)
    return bool(end) and (end[-1] in _FULL_STOPS or end[-1] == ":")


def word_count(text: str) -> int:
    """Words in `text`, counting two CJK characters as one word."""
    return len(words(text)) + len(_CJK.findall(text)) // 2


def _mostly_digits(text: str, n_tokens: int | None = None) -> bool:
    """True for lines that are mostly numbers (scores, counters, dates, pagination).
    `n_tokens`, the line's raw words when known, bounds its letters from below (each word
    has one): most prose lines are decided without counting letters."""
    if not _DIGITS.search(text):
        return False
    digits = len(_DIGITS.findall(text))
    return digits >= (n_tokens or 0) and digits >= len(_LETTER.findall(text))


def _capitalised_share(raw_tokens: list[str]) -> float:
    """Share of words starting with a capital letter (0 for caseless scripts)."""
    if not raw_tokens:
        return 0.0
    return sum([t[0].isupper() for t in raw_tokens]) / len(raw_tokens)


def _legal(lower: str) -> bool:
    """Consent, legal, subscription or credit furniture, by the rules whose keys occur."""
    return any(_LEGAL_BY_KEY[key].search(lower) for key in set(_LEGAL_KEYS.findall(lower)))


def is_furniture(text: str, n_words: int, tokens: Sequence[str] | None = None) -> bool:
    """Furniture phrases generic to the web (consent, sharing, ads, credits, bylines)."""
    if n_words > MAX_LEGAL_WORDS:
        return False
    tokens = words(text) if tokens is None else tokens
    lower = text.lower()
    form_words = sum(map(_FORM_WORDS.__contains__, tokens))
    if (
        not _LEGAL_WORDS.isdisjoint(tokens)
        or (form_words >= MIN_FORM_WORDS and form_words >= FORM_WORD_SHARE * len(tokens))
        or len(_SOCIAL.intersection(tokens)) >= 2
        or lower.rstrip(_READ_ON_TAIL).endswith(_READ_ON)
        or _LEGAL_START.match(lower)
        or _legal(lower)
        or "©" in text
        or (not _LEGAL_MORE_WORDS.isdisjoint(tokens) and _LEGAL_MORE.search(lower))
        or (("/" in text or "|" in text) and _CREDIT.search(text))
    ):
        return True
    if n_words > MAX_WIDGET_WORDS:
        return False
    if (_WIDGET_KEYS.search(lower) and _WIDGET.search(lower)) or _BYLINE.match(text):
        return True
    if len(tokens) == 1 and n_words == 1 and tokens[0] in _NAV_WORDS:
        return True
    if n_words <= MAX_WIDGET_WORD_LINE and not _WIDGET_WORDS.isdisjoint(tokens):
        return not _SENTENCE_FINAL.search(text)  # "Share", "Email", not "He declined to comment."
    return n_words <= 6 and bool(_URLISH.search(text))


def _stopword_share_ok(tokens: list[str], stops: frozenset[str], foreign: bool) -> bool:
    """Prose in the page's language, or (when `foreign` is asked) a sentence in another
    language of its own (an English quotation on a German page): enough stopwords of either."""
    if sum(map(stops.__contains__, tokens)) >= MIN_STOPWORD_RATIO * len(tokens):
        return True
    own = language_of_words(tokens) if foreign else None
    return own is not None and STOPWORDS[own] is not stops


def _named_sentence_ok(raw_tokens: list[str], stops: frozenset[str]) -> bool:
    """A sentence heavy with names and titles reads as prose in the page's language when
    enough of its lower-case words (those between the names) are stopwords."""
    lower = [t for t in raw_tokens if not t[0].isupper()]
    hits = sum(map(stops.__contains__, lower))
    return len(lower) >= NAMED_MIN_LOWER and hits >= NAMED_STOPWORD_RATIO * len(lower)


def classify(text: str, stops: frozenset[str], repeated: bool) -> tuple[str, int]:
    """The class of one stripped non-blank line and its word count."""
    found = _classify(text, stops, repeated)
    return found.kind, found.n_words


class _Class(NamedTuple):
    """A line's class, word count and the features the span rules read besides."""

    kind: str
    n_words: int
    loose: bool = False  # reads as a paragraph but for its punctuation or its repetition
    form: bool = False  # has a word of forms and panels


def _classify(text: str, stops: frozenset[str], repeated: bool) -> _Class:
    """`classify` with the features of `_Class`."""
    raw_tokens = raw_words(text)
    tokens = [t.lower() for t in raw_tokens]
    form = not _FORM_WORDS.isdisjoint(tokens)
    cjk = 0 if text.isascii() or not _CJK.search(text) else len(_CJK.findall(text))
    n_words = len(tokens) + cjk // 2
    if (
        is_furniture(text, n_words, tokens)
        or _BULLET.match(text)
        or _mostly_digits(text, len(raw_tokens))
        or (text.isupper() and n_words <= 8)
        or ("{" in text and _SCRIPT.search(text))
    ):
        return _Class("bad", n_words, form=form)
    if _INTERVIEW.match(text):  # "Q: Favourite book?" / "A: The Hard Thing About Hard Things"
        return _Class("good" if n_words >= GOOD_MIN_WORDS else "prose", n_words, form=form)
    terminal = _terminal(text) or (
        n_words >= GOOD_MIN_WORDS and bool(_INNER_SENTENCE_END.search(text))
    )
    stop_ok = (
        cjk > 0
        or not stops
        or _stopword_share_ok(tokens, stops, terminal or n_words >= GOOD_MIN_WORDS)
        or (terminal and n_words >= GOOD_MIN_WORDS and _named_sentence_ok(raw_tokens, stops))
    )
    capitals = 0.0 if cjk or n_words < MIN_CAPITALISED_WORDS else _capitalised_share(raw_tokens)
    if capitals > MAX_CAPITALISED_PROSE or (
        capitals > MAX_CAPITALISED and not terminal
    ):  # a headline, a menu, a list of names
        return _Class("bad", n_words, form=form)
    loose = stop_ok and n_words >= GOOD_MIN_WORDS
    if repeated:
        return _Class("short" if terminal and stop_ok else "bad", n_words, loose, form)
    if terminal and stop_ok and n_words >= GOOD_MIN_WORDS and not text.endswith(":"):
        return _Class("good", n_words, form=form)
    if terminal and stop_ok and n_words >= PROSE_MIN_WORDS:
        return _Class("prose", n_words, form=form)
    return _Class("short", n_words, loose, form)


_QUOTES = str.maketrans("’‘‚“”„«»", '\'\'\'"""""')  # folded to ASCII in title copies
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"  # a line of these alone is blank
_ENDS = " \"'.:!?"  # stripped from the ends of a title and its copies before comparing


def _normal(text: str) -> str:
    """Case- and space-folded text for repetition checks."""
    return " ".join(text.lower().split()).strip(_ZERO_WIDTH)


def _title_form(norm: str) -> str:
    """A folded line as compared with the page title: quotes folded, end punctuation off."""
    return (norm if norm.isascii() else norm.translate(_QUOTES)).strip(_ENDS)


def page_lines(text: str) -> list[str]:
    """The page's lines, with any newline convention."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@lru_cache(maxsize=8)
def analyse(text: str) -> tuple[LineInfo, ...]:
    """Features and class of every non-blank line of the page (cached: cleaning and metadata
    both read it)."""
    raw_lines = page_lines(text)
    lang = detect_language("\n".join(sorted(raw_lines, key=len)[-LANGUAGE_SAMPLE_LINES:]))
    stops = STOPWORDS.get(lang, frozenset()) if lang else frozenset()
    normals = [_normal(x) for x in raw_lines]
    counts = Counter(n for n in normals if n)
    comment_headers = sum(1 for n in normals if n.endswith(":") and _COMMENT_HEADER.search(n))
    originals = _first_copies(normals, counts)
    titles = _title_targets(raw_lines[0]) if raw_lines else set()
    title_lengths = {n for t in titles for n in range(len(t), len(t) + len(_ENDS) + 1)}
    infos: list[LineInfo] = []
    for i, (raw, norm) in enumerate(zip(raw_lines, normals, strict=True), 1):
        if not norm:
            continue
        text = raw.strip()
        repeated = counts[norm] > 1 and len(norm.split()) >= 2 and i - 1 not in originals
        kind, n_words, loose, form = _classify(text, stops, repeated)
        heading = n_words <= MAX_HEADING_WORDS
        end = (
            heading
            and _COMMENT_WORDS.search(norm) is not None
            and bool(_COMMENTS_HEADING.match(norm))
            and not _NO_COMMENTS.search(norm)  # "0 comments" under a headline opens nothing
            and not _post_meta(norm)
        )
        if n_words <= MAX_PAYWALL_WORDS and _PAYWALL_KEYS.search(norm) and _PAYWALL.search(norm):
            kind, end = "bad", True
        aside = heading and bool(_ASIDE_HEADING.match(norm))
        if aside:
            kind = "bad"
        if comment_headers >= 2 and _COMMENT_HEADER.search(norm):
            kind, end = "bad", True
        indent = len(raw) - len(raw.lstrip())
        title_copy = bool(infos) and len(norm) in title_lengths and _title_form(norm) in titles
        infos.append(LineInfo(i, text, indent, n_words, kind, end, aside, loose, title_copy, form))
    return tuple(_with_comment_thread(_without_blurbs(infos)))


def _with_comment_thread(infos: list[LineInfo]) -> list[LineInfo]:
    """`infos` with a thread of comments marked: where the page has several "Reply" buttons,
    each is furniture and the first comment's header (its author's name, its date) over the
    first comment's text ends the article."""
    actions = [k for k, info in enumerate(infos) if _comment_actions(info)]
    if len(actions) < MIN_COMMENT_ACTIONS:
        return infos
    out = list(infos)
    for k in actions:
        out[k] = infos[k]._replace(kind="bad", end_heading=True)
    top = actions[0]
    while top > 0 and infos[top - 1].prose:  # the first comment's text
        top -= 1
    header = top
    while header > 0 and top - header < MAX_COMMENT_HEADER and not infos[header - 1].prose:
        header -= 1
    if header < top and header > 0:
        out[header] = out[header]._replace(end_heading=True)
    return out


def _comment_actions(info: LineInfo) -> bool:
    """A comment's row of action buttons: a reply button with at most a few other buttons and
    counts ("Reply", "12 likes Reply", "Like · Reply · Share", "Répondre - Signaler")."""
    if info.n_words > MAX_ACTION_WORDS or info.prose or not _REPLY_SCREEN.search(info.text):
        return False
    tokens = _ACTION_TOKEN.findall(info.text.lower())
    return (
        0 < len(tokens) <= MAX_ACTION_WORDS
        and not _REPLY_WORDS.isdisjoint(tokens)
        and all(t in _ACTION_WORDS or t.isdigit() for t in tokens)
    )


def _without_blurbs(infos: list[LineInfo]) -> list[LineInfo]:
    """`infos` with the paragraphs of panels made furniture: a short paragraph that speaks of
    newsletters, accounts or consent right beside a label of the same panel ("Newsletter" /
    "Sign up to get the best content of the week ..." / "Jetzt anmelden"), or one between two
    labels of a panel."""
    labels = [
        not info.prose and info.form and info.n_words <= MAX_FORM_LABEL_WORDS for info in infos
    ]
    if not any(labels):
        return infos
    out = list(infos)
    for k, info in enumerate(infos):
        if not info.good or info.n_words > MAX_BLURB_WORDS:
            continue
        beside = (k > 0 and labels[k - 1]) or (k + 1 < len(infos) and labels[k + 1])
        between = 0 < k < len(infos) - 1 and _panel_sides(
            infos[k - 1], labels[k - 1], infos[k + 1], labels[k + 1]
        )
        if (info.form and beside) or between:
            out[k] = info._replace(kind="bad")
    return out


def _panel_sides(above: LineInfo, label_above: bool, below: LineInfo, label_below: bool) -> bool:
    """A paragraph between two labels of one panel, one of them a form's of several words
    ("Sign up" / "Get our best stories every morning." / "Enter your email"): its blurb, even
    with no form word of its own."""
    if above.prose or below.prose:
        return False
    if max(above.n_words, below.n_words) > MAX_FORM_LABEL_WORDS:
        return False
    return (label_above and above.n_words >= 2) or (label_below and below.n_words >= 2)


def _post_meta(norm: str) -> bool:
    """A comment counter that is the article's metadata (a byline, a sharing bar)."""
    if _SHARE_BAR.search(norm):
        return True
    return bool(_COMMENT_COUNT.search(norm) and _POST_DATE.search(norm))


def _first_copies(normals: Sequence[str], counts: Counter[str]) -> set[int]:
    """Indexes of the first copies of paragraphs repeated next to each other: a page that holds
    its article twice (a second layout); repeated paragraphs alone are blurbs."""
    if not any(n > 1 and norm.count(" ") >= GOOD_MIN_WORDS for norm, n in counts.items()):
        return set()
    seen: set[str] = set()
    firsts = []
    for k, norm in enumerate(normals):
        if counts[norm] > 1 and norm not in seen and len(norm.split()) >= GOOD_MIN_WORDS:
            firsts.append(k)
        if norm:
            seen.add(norm)
    nonblank = [k for k, norm in enumerate(normals) if norm]
    position = {k: p for p, k in enumerate(nonblank)}
    ranks = {position[k] for k in firsts}
    return {k for k in firsts if position[k] - 1 in ranks or position[k] + 1 in ranks}


class Run(NamedTuple):
    """A run of good lines, possibly with small gaps of other lines inside."""

    first: int  # index of its first good line
    last: int  # index of its last good line
    chars: int  # characters of its good lines
    gap_cost: int  # cost of joining it to the run before: the furniture in between
    gap_lines: int  # non-blank lines between it and the run before
    after_comments: bool  # a comment-section heading lies between it and the run before
    under_title: bool = False  # the first copy of the page title lies between it and the run
    # before (later copies: in lists of related articles, in sharing bars)
    under_headline: bool = False  # ... or another article's headline over its byline or date
    boxed: bool = False  # only an inline related box lies between it and the run before, and it
    # opens with a paragraph of several sentences: the article goes on under the box


def _opens_article(infos: Sequence[LineInfo], k: int, live: bool = False) -> bool:
    """Whether line `k` is shaped like the headline of an article: a few words right over a
    byline or a date line ("By Ann Lee", "5 hours ago"; on a live blog (`live`) not a clock
    time alone, which stamps the blog's next entry)."""
    info = infos[k]
    if info.n_words < HEADLINE_MIN_WORDS or k + 1 == len(infos) or info.prose:
        return False
    below = infos[k + 1]
    if below.n_words > MAX_BYLINE_WORDS:
        return False
    if _BYLINE.match(below.text):
        return True
    if live and _CLOCK.match(below.text):
        return False
    return below.n_words <= MAX_DATE_WORDS and bool(
        _POST_DATE.search(below.text) or _AGO.search(below.text)
    )


def _live_blog(infos: Sequence[LineInfo]) -> bool:
    """A live blog: at least MIN_LIVE_STAMPS clock times alone, each right over a paragraph."""
    stamps = 0
    for k in range(len(infos) - 1):
        if infos[k + 1].good and infos[k].n_words <= 2 and _CLOCK.match(infos[k].text):
            stamps += 1
            if stamps >= MIN_LIVE_STAMPS:
                return True
    return False


def _runs(infos: Sequence[LineInfo]) -> list[Run]:
    """Runs of good lines, split where too much furniture lies between two paragraphs or where
    an article's headline does."""
    runs: list[Run] = []
    bad = ends = others = gap_chars = 0
    titled = opens = False
    headline = next((k for k, info in enumerate(infos) if info.title_copy), None)
    live = _live_blog(infos)
    for k, info in enumerate(infos):
        if not info.good:
            bad += (info.kind == "bad") + (ASIDE_WEIGHT - 1) * info.aside
            ends += info.end_heading
            others += 1
            gap_chars += len(info.text)
            titled = titled or k == headline
            opens = opens or _opens_article(infos, k, live)
            continue
        if (
            runs
            and not ends
            and not titled
            and not opens
            and bad <= MAX_GAP_BAD
            and others <= MAX_GAP_LINES
        ):
            runs[-1] = runs[-1]._replace(last=k, chars=runs[-1].chars + len(info.text))
        else:
            cost = gap_chars + GAP_LINE_COST * others + GAP_BAD_COST * bad
            boxed = bool(runs) and _inline_box(infos, k - others, k)
            runs.append(Run(k, k, len(info.text), cost, others, ends > 0, titled, opens, boxed))
        bad = ends = others = gap_chars = 0
        titled = opens = False
    return runs


def _inline_box(infos: Sequence[LineInfo], lo: int, k: int) -> bool:
    """Whether lines `lo` to `k` - 1 are an inline box of related links inside the article and
    the paragraph `k` under it goes on with the article: an aside's heading ("Related", "Lesen
    Sie auch") over one to MAX_BOX_LINKS lines shaped like headlines (links, none a sentence),
    and under them a paragraph of more than one sentence (a teaser has one). One heading only, and
    no number alone: a list of the most read under its headings is not such a box."""
    box = infos[lo:k]
    if not 2 <= len(box) <= MAX_BOX_LINKS + 1 or not box[0].aside:
        return False
    if not _SENTENCE_BREAK.search(infos[k].text):
        return False
    return all(
        not i.prose
        and not i.aside
        and not i.end_heading
        and not i.form
        and MIN_HEADING_WORDS <= i.n_words <= MAX_TEASER_HEADLINE_WORDS
        for i in box[1:]
    )


def main_span(infos: Sequence[LineInfo], anchor: bool = True) -> tuple[int, int] | None:
    """Index span of the article: the run under the headline or the heaviest (`anchor` off: the
    heaviest that is neither teasers nor a panel), joined with worthy neighbours and with the
    runs between it and the headline above it."""
    runs = _runs(infos)
    if not runs:
        return None
    # A comment section opened after some prose: the article is above it (prose above the
    # page's headline is not the article's: a comment count under it opens nothing).
    headline = next((k for k, info in enumerate(infos) if info.title_copy), -1)
    for r in range(1, len(runs)):
        above = sum(run.chars for run in runs[:r] if run.first > headline)
        if runs[r].after_comments and above >= MIN_ARTICLE_CHARS:
            runs = runs[:r]
            break
    weighed = [_discount_teasers(infos, run) for run in runs]
    if anchor:
        best = _best_run(infos, weighed)
    else:  # the heaviest run that is neither teasers nor a panel
        whole = [r for r in range(len(runs)) if weighed[r].chars == runs[r].chars]
        if not whole:
            return None
        best = max(whole, key=lambda r: runs[r].chars)
    runs = weighed
    head = _headline_index(infos, runs[best].first)
    lo = hi = best
    while True:
        if lo > 0 and _joins(runs[lo - 1], runs[lo], head):
            lo -= 1
        elif hi + 1 < len(runs) and _joins(runs[hi + 1], runs[hi + 1], None, head is not None):
            hi += 1
        else:
            break
    return runs[lo].first, runs[hi].last


def _discount_teasers(infos: Sequence[LineInfo], run: Run) -> Run:
    """A run whose paragraphs stand alone between headings (a list of teasers for other
    articles, not one article's prose) weighs only part of its characters."""
    good = [k for k in range(run.first, run.last + 1) if infos[k].good]
    if len(good) < MIN_TEASERS:
        return _discount_panel(infos, run)
    alone = sum(
        _heading(infos[k - 1]) and (k + 1 == len(infos) or not infos[k + 1].prose) for k in good
    )
    if alone < TEASER_SHARE * len(good):
        return _discount_panel(infos, run)
    return run._replace(chars=int(run.chars * TEASER_WEIGHT))


def _discount_panel(infos: Sequence[LineInfo], run: Run) -> Run:
    """A run where many lines speak of accounts, passwords, newsletters or consent (a login
    dialog, a consent panel) weighs only part of its characters."""
    lines = infos[run.first : run.last + 1]
    if len(lines) < MIN_PANEL_LINES or sum(i.form for i in lines) < PANEL_SHARE * len(lines):
        return run
    return run._replace(chars=int(run.chars * TEASER_WEIGHT))


def _heading(info: LineInfo) -> bool:
    """A line of a few words that is not a sentence: a heading (not a list number)."""
    return not info.prose and MIN_HEADING_WORDS <= info.n_words <= MAX_HEADING_WORDS


def _best_run(infos: Sequence[LineInfo], runs: Sequence[Run]) -> int:
    """Index of the run the article is built around: the heaviest, unless a run that opens
    right under a copy of the page title (the headline) weighs a fair share of it."""
    best = max(range(len(runs)), key=lambda r: runs[r].chars)
    anchored = [
        r
        for h in (k for k, info in enumerate(infos) if info.title_copy)
        for r in range(len(runs))
        if h < runs[r].first <= h + HEAD_REACH and (r == 0 or runs[r - 1].first < h)
    ]
    if anchored:
        top = max(anchored, key=lambda r: runs[r].chars)
        if ANCHOR_WEIGHT * runs[top].chars >= runs[best].chars or runs[best].under_headline:
            return top  # (a heavier run under a headline of its own is another article)
    return best


def _title_targets(title: str) -> set[str]:
    """The page title and each of its leading parts ("Headline - Section - Site"), folded."""
    cuts = [m.start() for m in _TITLE_CUT.finditer(title)] + [len(title)]
    return {_title_form(_normal(title[:c])) for c in cuts if word_count(title[:c]) >= 2}


def _joins(neighbour: Run, later: Run, head: int | None, headed: bool = False) -> bool:
    """Whether `neighbour` joins the article across the gap before `later` (the later of the
    two runs): it outweighs the furniture in between, or it lies below the headline; never
    across the page's headline, nor (`headed`: the article is under the page's headline) across
    another article's headline."""
    if later.after_comments or later.under_title or (headed and later.under_headline):
        return False
    if later.boxed or neighbour.chars >= later.gap_cost:
        return True
    below_headline = head is not None and neighbour.first > head
    return below_headline and later.gap_lines <= MAX_GAP_LINES


def _headline_index(infos: Sequence[LineInfo], before: int) -> int | None:
    """Index of the last line before `before` that repeats the page title (the headline)."""
    if not infos:
        return None
    first = infos[0].text
    targets = {_normal(first), _normal(split_title(first)[0])}
    shortest, longest = min(map(len, targets)), 2 * max(map(len, targets))
    found = [
        k
        for k in range(1, before)
        if shortest <= len(infos[k].text) <= longest and _normal(infos[k].text) in targets
    ]
    return found[-1] if found else None


def select_lines(infos: Sequence[LineInfo], anchor: bool = True) -> list[int]:
    """Indexes of the lines kept as the article body (`anchor`: prefer the run under the
    headline to the heaviest)."""
    span = main_span(infos, anchor)
    if span is None:  # no paragraph at all: a page of short sentences, or no article
        prose = [k for k, info in enumerate(infos) if info.prose]
        prose_chars = sum(len(infos[k].text) for k in prose)
        alone = prose if 2 * prose_chars >= sum(len(info.text) for info in infos) else []
        return _list_under_headline(infos, alone) or alone
    first, last = span
    # Short prose lines just outside the run (dialogue, one-line paragraphs) belong to it.
    while first > 0 and infos[first - 1].prose:
        first -= 1
    while last + 1 < len(infos) and infos[last + 1].prose and not infos[last + 1].end_heading:
        last += 1
    kept: list[int] = []
    for k in range(first, last + 1):
        if infos[k].prose or (
            (infos[k].kind == "short" or _numbered_heading(infos[k]))
            and _between_prose(infos, k, first, last)
        ):
            kept.append(k)
    kept = _trim_indented(infos, _without_teaser_tail(infos, kept))
    return _list_under_headline(infos, kept) or kept


def _list_under_headline(infos: Sequence[LineInfo], kept: list[int]) -> list[int] | None:
    """A page whose article is a list or a table of short lines (a calendar, a results table)
    right under the headline, when the body found elsewhere is lighter and not under it: at
    least MIN_LIST_ITEMS lines in a row of a few words each, none furniture, most of them with
    numbers ("3a etapa: 22 de abril – Velopark"), opening within the headline's reach."""
    heads = [k for k, info in enumerate(infos) if info.title_copy]
    if not heads or (kept and heads[0] < kept[0] <= heads[-1] + HEAD_REACH):
        return None
    weight = sum(len(infos[k].text) for k in kept)
    for head in heads:
        k = head + 1
        while k < min(len(infos), head + HEAD_REACH):
            if infos[k].kind == "bad" or infos[k].n_words < PROSE_MIN_WORDS:
                k += 1
                continue
            end = k
            while end < len(infos) and infos[end].kind != "bad" and not infos[end].good:
                end += 1
            block = infos[k:end]
            numbered = sum(bool(_DIGITS.search(i.text)) for i in block)
            if (
                len(block) >= MIN_LIST_ITEMS
                and numbered >= TABLE_DIGIT_SHARE * len(block)
                and sum(len(i.text) for i in block) > weight
            ):
                return list(range(k, end))
            k = end + 1
    return None


def _aside_heading(info: LineInfo) -> bool:
    """The heading of an aside block, not a link in a line of its own ("Read more: ...")."""
    return info.aside and ":" not in info.text.rstrip(" :")


def _without_teaser_tail(infos: Sequence[LineInfo], kept: list[int]) -> list[int]:
    """`kept` without its tail after the last heading of an aside ("Related stories") when the
    tail opens right under the heading or its paragraphs mostly stand under headings of their
    own, and it is only one-sentence paragraphs (teasers of other articles), at least
    MIN_TAIL_TEASERS of them, shorter than the body above the heading."""
    if len(kept) < 2:
        return kept
    aside = next((k for k in range(kept[-1], kept[0], -1) if _aside_heading(infos[k])), None)
    if aside is None:
        return _without_headed_teasers(infos, kept)
    tail = [k for k in kept if k > aside]
    if len(tail) < MIN_TAIL_TEASERS or len(tail) == len(kept):
        return kept
    teasers = [k for k in tail if infos[k].prose]  # (the headings above them kept or not)
    if len(teasers) < MIN_TAIL_TEASERS:
        return kept
    headed = sum(k == aside + 1 or _heading(infos[k - 1]) for k in teasers)
    if tail[0] != aside + 1 and headed < TEASER_SHARE * len(teasers):
        return kept  # (a list of links under the heading, then the article goes on)
    if any(_INNER_SENTENCE_END.search(infos[k].text) for k in teasers):
        return kept
    head = kept[: len(kept) - len(tail)]
    if sum(len(infos[k].text) for k in tail) >= sum(len(infos[k].text) for k in head):
        return kept  # the article goes on under the aside, the longer part of it
    return head


def _without_headed_teasers(infos: Sequence[LineInfo], kept: list[int]) -> list[int]:
    """`kept` without its tail of teasers under no aside heading: at least MIN_TEASERS
    one-sentence paragraphs at the body's end, each right under a headline of its own that is
    not kept ("World | Talks Collapse Over Border Dispute" / one sentence), shorter than the
    body above them."""
    chosen = set(kept)
    pos = len(kept)
    while pos > 1:
        k = kept[pos - 1]
        above = infos[k - 1]
        if (
            not infos[k].prose
            or _INNER_SENTENCE_END.search(infos[k].text)
            or k - 1 in chosen
            or above.prose
            or not HEADLINE_MIN_WORDS <= above.n_words <= MAX_TEASER_HEADLINE_WORDS
            or kept[pos - 2] >= k - 1
        ):
            break
        pos -= 1
    if len(kept) - pos < MIN_TEASERS:
        return kept
    head, tail = kept[:pos], kept[pos:]
    if sum(len(infos[k].text) for k in tail) >= sum(len(infos[k].text) for k in head):
        return kept
    return head


def _numbered_heading(info: LineInfo) -> bool:
    """A numbered or questioning sub-heading ("3. Choose the Right Pot", "War Usui ein
    Schamane?"), even when it is capitalised like a headline, but not furniture."""
    return (
        info.kind == "bad"
        and info.n_words <= MAX_HEADING_WORDS + 4
        and (bool(_NUMBERED.match(info.text)) or info.text.endswith("?"))
        and not is_furniture(info.text, info.n_words)
    )


def _trim_indented(infos: Sequence[LineInfo], kept: list[int]) -> list[int]:
    """Drop lines at either end of the body indented unlike most of the body (another block)."""
    weight: Counter[int] = Counter()
    for k in kept:
        weight[infos[k].indent] += len(infos[k].text)
    if len(weight) < 2:
        return kept
    main = weight.most_common(1)[0][0]
    lo, hi = 0, len(kept)
    while lo < hi and infos[kept[lo]].indent != main:
        lo += 1
    while hi > lo and infos[kept[hi - 1]].indent != main:
        hi -= 1
    return kept[lo:hi]


def _between_prose(infos: Sequence[LineInfo], k: int, first: int, last: int) -> bool:
    """A short line between prose: a sub-heading, or an item of a list the prose announces."""
    lo = k
    while lo > first and infos[lo - 1].kind == "short":
        lo -= 1
    hi = k
    while hi < last and infos[hi + 1].kind == "short":
        hi += 1
    if lo == first or hi == last:
        return False
    before, after = infos[lo - 1], infos[hi + 1]
    # Several short lines in a row: a list when announced ("...:"), else related links ...
    announced = lo == hi or before.text.endswith(":") or infos[lo].text.endswith(":")
    if before.prose and after.prose and announced:
        return True
    return _table(infos, k, first, last)


def _table(infos: Sequence[LineInfo], k: int, first: int, last: int) -> bool:
    """... or a table or a list of quantities: a block between paragraphs whose lines mostly
    hold numbers (scores, prices, ingredients), with no heading of an aside in it."""
    lo = k
    while lo > first and not infos[lo - 1].prose:
        lo -= 1
    hi = k
    while hi < last and not infos[hi + 1].prose:
        hi += 1
    if lo in (first, hi) or hi == last:
        return False
    block = infos[lo : hi + 1]
    if any(i.aside or i.end_heading for i in block):
        return False
    numbered = sum(bool(_DIGITS.search(i.text)) for i in block)
    return numbered >= TABLE_DIGIT_SHARE * len(block)


_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|:|·|•|»)\s+")
_TITLE_CUT = re.compile(r"\s+(?:\||-|–|—|::|:|·|•|»|›|/|~)\s+")  # where a headline may end
MAX_SITE_WORDS = 6  # a "Headline | Site" suffix longer than this is part of the headline
HEADLINE_MIN_WORDS = 4  # a headline found by its shape alone (menus have 1-3 words a line)
HEADLINE_WINDOW = 40  # non-blank lines before the body searched for the headline


def split_title(line: str) -> tuple[str, str | None]:
    """Split a "Headline | Site" page title into headline and site (None without a suffix)."""
    line = line.strip()
    cuts = list(_TITLE_SEPARATOR.finditer(line))
    if not cuts:
        return line, None
    site = line[cuts[-1].end() :].strip()
    if not site or len(site.split()) > MAX_SITE_WORDS:
        return line, None
    return line[: cuts[-1].start()].strip(), site


_LETTER_WORD = re.compile(r"[^\W\d_]{3,}")
_NUMBER = re.compile(r"\d[\d,.]*")


def _prose_with_a_number(text: str) -> bool:
    """Words around one or two numbers ("Ford cutting 30,000 jobs by 2012"), not a list of them."""
    return len(_LETTER_WORD.findall(text)) >= 4 and len(_NUMBER.findall(text)) <= 2


def headline_like(text: str, min_words: int = 3) -> bool:
    """A line that could be a headline: a few words, no final full stop, not furniture."""
    n_words = word_count(text)
    if not min_words <= n_words <= 30:
        return False
    tokens = words(text)
    if sum(len(t) <= 2 for t in tokens) > len(tokens) / 2:  # "FR En ES DE ZH", "A B C"
        return False
    if text.rstrip().endswith((".", ",", ";")) or _mostly_digits(text):
        return False
    if len(_DIGITS.findall(text)) > 0.15 * len(text) and not _prose_with_a_number(text):
        return False  # a score, a quote board, a date line; not "Ford cutting 30,000 jobs by 2012"
    return not is_furniture(text, n_words) and not _ASIDE_HEADING.match(text.lower())


def find_headline(infos: Sequence[LineInfo], kept: list[int]) -> str | None:
    """The article's headline as it appears on the page, or None."""
    if not infos:
        return None
    start = kept[0] if kept else len(infos)
    window = range(max(1, start - HEADLINE_WINDOW), start)
    first = infos[0].text
    head, _site = split_title(first)
    for target in (_normal(head), _normal(first)):
        matches = [k for k in window if word_count(infos[k].text) >= 3]
        matches = [k for k in matches if _normal(infos[k].text) in target]
        # The copy nearest the body, unless it is only a fragment of the page title.
        longest = max((len(infos[k].text) for k in matches), default=0)
        matches = [k for k in matches if len(infos[k].text) >= longest / 2]
        if matches:
            return infos[matches[-1]].text
    if start > 0 and headline_like(head):
        return head
    nearby = [k for k in window if headline_like(infos[k].text, HEADLINE_MIN_WORDS)]
    return infos[nearby[0]].text if nearby else None


def _visible_chars(text: str) -> int:
    """Characters of `text` that are not whitespace."""
    return len("".join(text.split()))


def _standfirst(infos: Sequence[LineInfo], kept: list[int], title: str | None) -> list[int]:
    """An English page's summary right under the headline, set apart from the body by furniture
    (byline, date, picture; not a related-links block, nor a live blog's time stamp), is a
    standfirst (a "dek"), not the article's prose, and is dropped. Elsewhere the lead under the
    headline opens the article, even without a final full stop (a German "Vorspann"), and is
    kept."""
    if not title or len(kept) < 3:
        return kept
    first, second = kept[0], kept[1]
    heads = [k for k in range(max(0, first - 2), first) if infos[k].text == title]
    between = infos[first + 1 : second]
    standfirst = (
        heads
        and between
        and not between[0].prose
        and not any(i.aside for i in between)
        and not (_CLOCK.match(between[0].text) and _live_blog(infos))  # an entry's time stamp
    )
    with_lead = _with_lead(infos, kept, title)
    if not standfirst and with_lead == kept:
        return kept
    if detect_language(" ".join(infos[k].text for k in kept[:LEAD_SAMPLE])) != "en":
        return with_lead
    return kept[1:] if standfirst else kept


def _without_author_note(infos: Sequence[LineInfo], kept: list[int]) -> list[int]:
    """`kept` without a note on the author at its end: one of its last lines that opens with
    the first name of a person named in the byline area above the body ("By Jake Goulding" ...
    "Jake is the co-founder of ...")."""
    if len(kept) < 2:
        return kept
    names: set[tuple[str, str]] = set()
    for info in infos[max(0, kept[0] - BYLINE_REACH) : kept[0]]:
        if info.n_words <= MAX_BYLINE_WORDS:
            names.update((m.group(1), m.group(2)) for m in _AUTHOR.finditer(info.text))
    if not names:
        return kept
    for pos in range(max(1, len(kept) - AUTHOR_NOTE_REACH), len(kept)):
        opening = infos[kept[pos]].text.split(maxsplit=2)[:2]
        if len(opening) == 2 and any(
            opening[0] == first and (opening[1] == last or opening[1].lower() in _COPULAS)
            for first, last in names
        ):
            return kept[:pos]
    return kept


def _with_lead(infos: Sequence[LineInfo], kept: list[int], title: str) -> list[int]:
    """`kept` with the lead paragraph that lacks a final full stop: the last line between the
    headline and the body that reads as a paragraph, with only furniture around it (the body
    opening within the headline's reach, as the run under the headline does)."""
    first = kept[0]
    heads = [k for k in range(max(0, first - HEAD_REACH), first) if infos[k].text == title]
    if not heads:
        return kept
    between = range(heads[-1] + 1, first)
    leads = [k for k in between if infos[k].loose and infos[k].kind != "bad"]
    if leads and not any(infos[k].prose for k in between):
        return [leads[-1], *kept]
    return kept


def caption_text(text: str) -> str | None:
    """The prose of a photo caption without its credit ("... in Washington. REUTERS/J. Roberts"),
    or None when the line is not a caption of at least CAPTION_MIN_WORDS words of prose."""
    credit = _CAPTION_CREDIT.search(text)
    if not credit:
        return None
    prose = text[: credit.start()].rstrip(" -–—|,;")
    if word_count(prose) < CAPTION_MIN_WORDS or not _terminal(prose):
        return None
    return prose


def _with_captions(infos: Sequence[LineInfo], kept: list[int]) -> dict[int, str]:
    """Captions just before or inside the body, kept for the names and dates they state."""
    if not kept:
        return {}
    chosen = set(kept)
    out = {}
    for k in range(max(0, kept[0] - CAPTION_REACH), kept[-1]):
        if k not in chosen and not infos[k].end_heading:
            prose = caption_text(infos[k].text)
            if prose:
                out[k] = prose
    return out


def clean_page(text: str, min_chars: int = MIN_BODY_CHARS) -> CleanedPage:
    """Split a page's visible text into the article body and furniture; when the body is
    shorter than `min_chars` but a fallback finds that much prose, the fallback's body."""
    infos = analyse(text)
    page = _cleaned(infos, select_lines(infos), None)
    if len(page.body) >= min_chars:
        return page
    for name, alt_infos, anchor in _fallbacks(infos):
        alt = _cleaned(infos, select_lines(alt_infos, anchor), name)
        if len(alt.body) >= min_chars:
            return alt
    return page


def _fallbacks(infos: Sequence[LineInfo]) -> Iterator[tuple[str, Sequence[LineInfo], bool]]:
    """Second choices, most trusted first: the heaviest run rather than the one under the
    headline; lines that read as paragraphs but for their punctuation or their repetition,
    taken as paragraphs."""
    yield "heaviest", infos, False
    loose = [i._replace(kind="good") if i.loose else i for i in infos]
    yield "unpunctuated", loose, True


def _cleaned(infos: Sequence[LineInfo], kept: list[int], fallback: str | None) -> CleanedPage:
    """The cleaned page made of the lines `kept` (indexes into `infos`)."""
    title = find_headline(infos, kept)
    if title and kept and infos[kept[0]].text == title:
        kept = kept[1:]
    kept = _standfirst(infos, kept, title)
    kept = _without_author_note(infos, kept)
    texts = {k: infos[k].text for k in kept} | _with_captions(infos, kept)
    order = sorted(texts)
    total = sum(_visible_chars(info.text) for info in infos)
    kept_chars = sum(_visible_chars(texts[k]) for k in order)
    return CleanedPage(
        body="\n\n".join(texts[k] for k in order),
        kept_lines=tuple(infos[k].number for k in order),
        title=title,
        furniture_share=round((total - kept_chars) / total, 4) if total else 0.0,
        fallback=fallback,
    )

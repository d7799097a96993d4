"""What every spaCy worker of the local pool starts with, done once by the fork server that
forks them (see flows/workers.py PRELOAD): spaCy and the transforms imported (about 1.9 CPU-s)
and the gazetteer built (about 1.4 CPU-s), shared by the workers' pages instead of paid by each.
Nothing here starts a thread, and no model is loaded (each worker loads its own)."""

from __future__ import annotations

import spacy  # noqa: F401

from transforms import article, nlp, places  # noqa: F401

places.gazetteer()

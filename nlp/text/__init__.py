"""Text handling: normalisation, language per statement, segmentation into statements with offsets."""
import sys


def _load_thinc_without_torch() -> None:
    """spaCy imports thinc, and thinc imports torch when it is installed (2-3 s of a cold start) only to offer
    torch-backed layers; the blank pipelines here never use them, so thinc is loaded while torch cannot be found.
    torch itself stays importable afterwards (sentence-transformers needs it)."""
    if "thinc" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` raises ImportError meanwhile
    try:
        import thinc.compat  # noqa: F401
    finally:
        del sys.modules["torch"]


def _load_spacy_without_its_cli() -> None:
    """`import spacy` imports spacy.cli for one function (`spacy.info`), and spacy.cli imports requests, httpx,
    jinja2 and weasel for its download and project commands: about half of spaCy's import time. A stand-in
    serves while spaCy loads and is dropped afterwards, so `import spacy.cli` still gives the real one."""
    if "spacy" in sys.modules:
        return
    import types

    def info(*args, **kwargs):  # pragma: no cover - only reachable through spacy.info
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    stand_in = types.ModuleType("spacy.cli.info")
    stand_in.info = info
    package = types.ModuleType("spacy.cli")
    package.info = stand_in
    sys.modules.update({"spacy.cli": package, "spacy.cli.info": stand_in})
    try:
        import spacy
    finally:
        for name in ("spacy.cli", "spacy.cli.info"):
            if sys.modules.get(name) in (package, stand_in):
                del sys.modules[name]
    if getattr(spacy, "cli", None) is package:
        del spacy.cli


_load_thinc_without_torch()
_load_spacy_without_its_cli()
from nlp.text.language import detect_language  # noqa: E402
from nlp.text.normalise import normalise  # noqa: E402
from nlp.text.segment import segment  # noqa: E402

__all__ = ["detect_language", "normalise", "segment"]

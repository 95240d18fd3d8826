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


_load_thinc_without_torch()
from nlp.text.language import detect_language  # noqa: E402
from nlp.text.normalise import normalise  # noqa: E402
from nlp.text.segment import segment  # noqa: E402

__all__ = ["detect_language", "normalise", "segment"]

"""Text handling: normalisation, language per statement, segmentation into statements with offsets."""
from nlp.text.language import detect_language
from nlp.text.normalise import normalise
from nlp.text.segment import segment

__all__ = ["detect_language", "normalise", "segment"]

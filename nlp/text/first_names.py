"""Which sex a first name usually belongs to, from the lists the gender-guesser package ships (Gareth male, Fiona
female, Kim either): for a pronoun's person (`He has cooled` is Danny, not Fi) and for a titled form's namesakes (`Mr
Pryce` of Gareth and Helen Pryce)."""
from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

from corpus.files import kept_lines


@cache
def sexes() -> dict[str, str]:
    """{first name: male | female | mostly_male | mostly_female | andy} from the lists gender-guesser ships. Parsing
    them takes about 0.4 s, so the answers are kept as a plain list in the temp folder (named after the package's
    version and its list's size) and read from there by later processes."""
    import gender_guesser
    from gender_guesser.detector import Detector

    def build() -> list[str]:
        detector = Detector(case_sensitive=False)
        return [f"{n}\t{g}" for n in sorted(detector.names) if (g := detector.get_gender(n)) != "unknown"]

    source = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    copy = Path(tempfile.gettempdir()) / f"first-names-{source.stat().st_size}.txt"
    try:
        return dict(line.split("\t") for line in kept_lines(copy, build))
    except ValueError:  # a damaged copy: parse the lists again and write it anew
        copy.unlink(missing_ok=True)
        return dict(line.split("\t") for line in kept_lines(copy, build))


def sex_of(first: str) -> str:
    return sexes().get(first.lower(), "unknown") if first.isalpha() else "unknown"


_HE = {"he", "him", "his", "himself"}
_SHE = {"she", "her", "hers", "herself"}


def _sex(name: str) -> str:
    first = name.split()[0] if name.isascii() and name.split() else ""
    return sex_of(first).replace("mostly_", "") if first else "unknown"


def pronoun_fits(pronoun: str, name: str) -> bool:
    """Whether an English pronoun can stand for the person: `he` not for a woman's first name, `she` not for a man's."""
    sex = _sex(name)
    return not (pronoun.lower() in _HE and sex == "female" or pronoun.lower() in _SHE and sex == "male")


def pronoun_matches(pronoun: str, name: str) -> bool:
    """Whether the person's first name is known to be of the pronoun's sex (`he` for Danny; not for Fi or Wei)."""
    sex = _sex(name)
    return pronoun.lower() in _HE and sex == "male" or pronoun.lower() in _SHE and sex == "female"

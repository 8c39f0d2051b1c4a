"""Key terms of a scheme point: topic hints that name what a point is about without its wording.

`key_terms` picks, in this order of priority:

1. dates (years such as 1956, decades such as 1920s);
2. names: runs of capitalised words ("Doctor Zhivago", "Union of Soviet Writers"), possessive
   "'s" removed; a capitalised word that starts a sentence counts only if the scheme also
   capitalises it in mid-sentence (so "Khrushchev" counts, "Censorship" does not);
3. distinctive words: words of four letters or more, not common English words, ranked by how
   often they occur in the text times how rare they are across the scheme's points (idf), month
   and day names left out; a name among them (one the scheme capitalises mid-sentence) keeps its
   capitals, and so does a word with a capital inside ("de-Stalinisation").

Terms that are in the question, or in more than half of the scheme's points, are skipped: they
name the topic of the whole question, not of one point. The chosen terms keep the order in
which they appear in the text. Pure string logic: no model is needed.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from marker.schemes import Scheme

_DATE = re.compile(r"\b(?:1[0-9]{3}|20[0-9]{2})s?\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
_CONNECTORS = frozenset({"of", "and", "de", "von", "the"})  # "the" only after "of"
# Month and day names, and articles: a name neither starts nor ends with them ("in June", "The King").
_NOT_NAME_ENDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday the a an".split()
)
MAX_DATES = 2
MAX_NAMES = 3
_SENTENCE_BREAK = re.compile(r"[.;:!?]\s+$|^\s*$")
COMMON_WORDS = frozenset(
    """
    about above after again against also although always among another any anyone are around became because
    become been before being below between both came cannot could did does doing done down during each either
    even ever every few first from further gave given going great had has have having here however into its
    itself just kept known large last later least less like made main make many more most much must near
    never next none nothing now often once only other others over own part rather really same seen shall
    should show showed shown shows since some still such take taken than that their them themselves then
    there these they thing things this those though through thus together too took toward towards under
    until upon used very want was way well went were what when where whether which while whom whose why
    will with within without would years your point points view clear place carried stayed brought
    lost new old put got back remain remains remained continue continues continued allowed encouraged
    controlling centrally world especially across
    """.split()
)


def _words(text: str) -> list[str]:
    return [_strip_possessive(w.lower()) for w in _WORD.findall(text)]


def _strip_possessive(term: str) -> str:
    return re.sub(r"['’]s$", "", term)


def _capitalised_mid_sentence(texts: list[str]) -> set[str]:
    """Words the texts capitalise somewhere other than at the start of a sentence."""
    found = set()
    for text in texts:
        for match in _WORD.finditer(text):
            before = text[: match.start()]
            if match.group(0)[0].isupper() and not _SENTENCE_BREAK.search(before):
                found.add(_strip_possessive(match.group(0)))
    return found


def _names(text: str, proper: set[str]) -> list[tuple[int, str]]:
    """(position, name) for each run of capitalised words, joined through "of", "the", ..."""
    names: list[tuple[int, str]] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        while run and (run[-1].group(0) in _CONNECTORS or run[-1].group(0).lower() in _NOT_NAME_ENDS):
            run.pop()
        while run and run[0].group(0).lower() in _NOT_NAME_ENDS:
            run.pop(0)
        if run:
            words = [m.group(0) for m in run]
            starts_sentence = bool(_SENTENCE_BREAK.search(text[: run[0].start()]))
            if len(words) > 1 or not starts_sentence or _strip_possessive(words[0]) in proper:
                names.append((run[0].start(), _strip_possessive(" ".join(words))))
        run.clear()

    for match in _WORD.finditer(text):
        word = match.group(0)
        if word[0].isupper():
            if run and text[run[-1].end() : match.start()].strip():  # punctuation between words
                close()
            run.append(match)
        elif run and word in _CONNECTORS and (word != "the" or run[-1].group(0) == "of"):
            run.append(match)
        else:
            close()
    close()
    return names


def key_terms(text: str, scheme: Scheme, limit: int = 5) -> list[str]:
    """Up to `limit` topic hints for `text` (a point or a claim of `scheme`), see the module doc.

    Example:
        >>> scheme = Scheme.from_dict({"id": "q", "question": "Why did the war start?", "points": [
        ...     {"id": "F1", "side": "for", "text": "The Munich Agreement of 1938 emboldened Hitler."},
        ...     {"id": "A1", "side": "against", "text": "Rearmament was too slow."}]})
        >>> key_terms(scheme.points[0].text, scheme)
        ['Munich Agreement', '1938', 'emboldened', 'Hitler']
    """
    points = [_words(p.text) for p in scheme.points]
    frequency = Counter(w for words in points for w in set(words))
    question = set(_words(scheme.question))

    def generic(term: str) -> bool:
        words = _words(term)
        if not words:  # a date
            return term in scheme.question
        return all(w in question or frequency[w] > len(points) / 2 for w in words)

    chosen: list[tuple[int, str]] = []

    def take(found: list[tuple[int, str]], most: int) -> None:
        for position, term in found[:]:
            if most and not generic(term) and term.lower() not in {t.lower() for _, t in chosen}:
                chosen.append((position, term))
                most -= 1

    proper = _capitalised_mid_sentence([p.text for p in scheme.points])
    take(_names(text, proper), MAX_NAMES)
    take([(m.start(), m.group(0)) for m in _DATE.finditer(text)], MAX_DATES)
    taken = {w for _, term in chosen for w in _words(term)}
    first: dict[str, int] = {}
    for match in _WORD.finditer(text):
        first.setdefault(_strip_possessive(match.group(0).lower()), match.start())
    counts = Counter(_words(text))
    candidates = [w for w in counts if len(w) >= 4 and w not in COMMON_WORDS | _NOT_NAME_ENDS | taken and not generic(w)]
    weight = {w: counts[w] * math.log(1 + len(points) / max(frequency[w], 1)) for w in candidates}
    ranked = sorted(candidates, key=lambda w: (-weight[w], -len(w), first[w]))
    inner_capitals = {w for p in scheme.points for w in _WORD.findall(p.text) if not w[:1].isupper() and w != w.lower()}
    as_written = {_strip_possessive(w).lower(): _strip_possessive(w) for w in proper | inner_capitals}  # "de-Stalinisation"
    take([(first[w], as_written.get(w, w)) for w in ranked], limit - len(chosen))
    return [term for _, term in sorted(chosen)]

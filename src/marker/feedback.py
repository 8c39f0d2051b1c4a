"""Feedback a student can act on, built from a `Report`; every output format shows the same.

What `build_feedback` works out:

* per side, how many points are covered, partial and missing;
* per point, plain advice: where a covered point is made, which claims of a partial point
  are still to make, and what a missing point is about ("You have not yet discussed ...", or
  "You have not yet made this point (paragraph N comes close to part of it)" when one of its
  claims is matched by a sentence that is not in the introduction or conclusion, makes no other
  point and is not in a paragraph that makes a point of the other side);
* balance: each side's coverage (a covered point counts 1, a partial one 0.5, divided by the
  side's number of points) as a share of the total; a share of `ONE_SIDED_SHARE` or more for
  one side is flagged as one-sided;
* judgement, a heuristic on the final paragraph (see `judge_conclusion`);
* paragraphs linked to no point (other than the introduction and conclusion), which may still be
  valid knowledge: "check relevance";
* relevance: a note when few of the essay's words are the question's or its points' own (see
  `relevance_note`), as in an essay written for another question;
* layout: a note when the essay came without paragraph breaks and was cut into chunks to mark it,
  or when half of it or more is bullet points of a few words (`NOTE_MAX_WORDS`), which name points
  rather than argue them.

With `hints_only`, the scheme's wording of every point that is not yet covered is replaced by
its key terms (`key_terms`), so a student can check a draft without reading the answer.

Example:
    >>> feedback = build_feedback(report, hints_only=True)  # doctest: +SKIP
    >>> feedback.balance.message  # doctest: +SKIP
    'Balanced: 50% of what you cover argues for the view and 50% against.'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from marker.calibrate import Status
from marker.features import content_words
from marker.keyterms import key_terms
from marker.report import DECIMALS, ClaimCheck, Evidence, ParagraphResult, PointResult, Report
from marker.schemes import SIDES, Scheme, Side
from marker.segment import list_item_text

_WORD = re.compile(r"[^\s\w]*\w\S*")  # white-space separated, with a letter or digit in it
ONE_SIDED_SHARE = 0.75
BALANCE_MIN_POINTS = 1  # a covered point, or two partial ones: less is too little to call an essay one-sided
PARTIAL_WEIGHT = 0.5
SIDE_TITLE: dict[Side, str] = {"for": "Arguments for", "against": "Arguments against"}
INTRODUCTION_MIN_PARAGRAPHS = 3
RELEVANCE_MIN_WORDS = 40
RELEVANCE_MIN_SHARE = 0.2
NOTE_MAX_WORDS = 8  # a bullet of at most this many words (the median of an essay's) names a point: a note
_EXAM_WORDS = ("how far agree view extent effectively successful significant important assess evaluate explain "
               "discuss examine years reasons main causes argue arguments")
UNLINKED_NOTE = "Not linked to the mark scheme: check relevance (it may still be valid knowledge)."
ALL_COVERED_NOTE = "Every point of the scheme is covered."
STILL_TO_MAKE = "Still to make:"

_CONCLUDING = re.compile(
    r"\b(in conclusion|to conclude|in summary|to sum up|overall|on balance|ultimately|all in all|^conclusion\b|"
    r"in the final analysis|taken together)\b",
    re.IGNORECASE,
)
_WEIGHING = re.compile(
    r"\b(however|but|although|though|whereas|while|yet|nevertheless|nonetheless|on the other hand|"
    r"despite|in contrast|outweigh(?:s|ed)?|(?:more|less|rather|stronger|weaker|better|worse|greater) than|"
    r"at the same time)\b",
    re.IGNORECASE,
)
_EVALUATIVE = re.compile(
    r"\b((?:most|more|less|least|very|highly|far) (?:important|significant|effective|successful|"
    r"decisive|influential|limited)|to an? (?:large|great|limited|significant|considerable|certain) "
    r"(?:extent|degree)|to some (?:extent|degree)|largely|partly|partially|mainly|primarily|limited|"
    r"superficial|(?:in)?effective(?:ly|ness)?|(?:un)?successful(?:ly)?|failed|significant(?:ly)?|"
    r"crucial|decisive(?:ly)?|fundamental(?:ly)?|profound(?:ly)?|real but|only (?:partly|partially)|"
    r"(?:dis)?agree(?:s|d)?|convincing(?:ly)?|persuasive|stronger|weaker|outweigh(?:s|ed)?|(?:un)?likely|"
    r"(?:the\s+)?best\s+(?:way|policy|explanation|approach|option)|(?:not\s+)?(?:fully|entirely|wholly)\s+\w+|"
    r"(?:un)?suitable|(?:in)?adequate|(?:un)?justified|"
    r"(?:main|key|chief|biggest|greatest) (?:reason|cause|factor|problem|weakness|strength))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SideSummary:
    """How many points of one side are covered, partial and missing."""

    side: Side
    covered: int
    partial: int
    missing: int

    @property
    def total(self) -> int:
        return self.covered + self.partial + self.missing

    @property
    def title(self) -> str:
        return SIDE_TITLE[self.side]

    @property
    def coverage(self) -> float:
        """Covered points count 1, partial ones `PARTIAL_WEIGHT`, over the side's points (0 to 1)."""
        return (self.covered + PARTIAL_WEIGHT * self.partial) / self.total if self.total else 0.0

    def cells(self, width: int) -> tuple[int, int, int]:
        """How many of `width` bar cells are covered, partial and missing (they add up to `width`)."""
        if not self.total:
            return 0, 0, width
        covered = round(width * self.covered / self.total)
        partial = round(width * (self.covered + self.partial) / self.total) - covered
        return covered, partial, width - covered - partial


@dataclass(frozen=True)
class PointFeedback:
    """One scheme point, as the student sees it.

    Attributes:
        text: the scheme's wording, or in hints-only mode for a point not yet covered
            "A point about: <key terms>".
        evidence: covered, where the essay makes it; partial, the closest sentence; missing, the
            sentences that come close to one of its claims, if any.
        claims_to_add: for a partial point, the claims the essay does not yet make
            (as key terms in hints-only mode).
        advice: what the essay does and what to do, for "What to do next" (the claims still to
            make included).
        note: what the essay does, for the point's row beside its evidence and claims still to make.
    """

    id: str
    side: Side
    status: Status
    text: str
    evidence: tuple[Evidence, ...]
    claims_to_add: tuple[str, ...]
    advice: str
    note: str

    @property
    def highlighted(self) -> tuple[Evidence, ...]:
        """The evidence to highlight in the essay: a missing point's near sentences are quoted in its row only."""
        return () if self.status == "missing" else self.evidence


@dataclass(frozen=True)
class Balance:
    """The share of the essay's coverage on each side, and whether it is one-sided."""

    for_share: float | None  # None when nothing is covered on either side
    one_sided: Side | None
    message: str

    @property
    def against_share(self) -> float | None:
        return None if self.for_share is None else 1.0 - self.for_share

    def cells(self, width: int) -> tuple[int, int]:
        """How many of `width` bar cells go to "for" and to "against" (both 0 with no coverage)."""
        if self.for_share is None:
            return 0, 0
        for_cells = round(width * self.for_share)
        return for_cells, width - for_cells


@dataclass(frozen=True)
class Judgement:
    """Whether the final paragraph concludes, weighs the two sides and reaches a judgement."""

    paragraph: int | None  # the final paragraph's index; None for a one-paragraph essay
    concludes: bool
    weighs: bool
    judges: bool
    phrases: tuple[str, ...]  # the concluding, weighing and evaluative phrases found
    message: str

    @property
    def reached(self) -> bool:
        return self.concludes and self.weighs and self.judges

    @property
    def verdict(self) -> str:
        """"yes" when the conclusion is reached, else what it lacks first: "none", "no weighing", "no judgement"."""
        return ("none" if not self.concludes else "no weighing" if not self.weighs
                else "no judgement" if not self.judges else "yes")

    @property
    def checks(self) -> tuple[tuple[str, bool], ...]:
        """The three checks, as (label, passed)."""
        return (
            ("has a conclusion", self.concludes),
            ("weighs the two sides", self.weighs),
            ("reaches a judgement", self.judges),
        )


@dataclass(frozen=True)
class Feedback:
    """Everything a student is told about one essay (see the module docstring)."""

    report: Report
    hints_only: bool
    sides: tuple[SideSummary, ...]
    points: tuple[PointFeedback, ...]
    balance: Balance
    judgement: Judgement
    unlinked: tuple[ParagraphResult, ...]
    relevance: str | None = None  # set when the essay may answer another question
    layout: str | None = None  # set when the essay had no paragraph breaks (`layout_note`)

    def side(self, side: Side) -> list[PointFeedback]:
        return [p for p in self.points if p.side == side]

    def with_status(self, status: Status) -> list[PointFeedback]:
        return [p for p in self.points if p.status == status]

    @property
    def words(self) -> int:
        """The essay's words: what white space separates, with a letter or digit in it (not a bullet's "-")."""
        return sum(len(_WORD.findall(p.text)) for p in self.report.paragraphs)

    @property
    def flags(self) -> dict[str, str]:
        """What a teacher scans a class list for, as text cells: words, balance ("balanced",
        "one-sided (for)", "one-sided (against)", or "" when it cannot be judged), conclusion ("yes"
        when it concludes, weighs and judges; else what it lacks first: "none", "no weighing", "no
        judgement") and the "Please check" note, if any."""
        balance = "" if self.balance.for_share is None else (
            f"one-sided ({self.balance.one_sided})" if self.balance.one_sided else "balanced")
        return {
            "words": str(self.words),
            "balance": balance,
            "conclusion": self.judgement.verdict,
            "please_check": self.relevance or "",
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: what the text, Markdown and HTML reports tell the student, beside `Report.to_dict()`.

        Paragraph indexes count from 0, as in `Report.to_dict()`.
        """
        judgement = self.judgement
        return {
            "words": self.words,
            "please_check": self.relevance,
            "layout": self.layout,
            "balance": {
                "for": None if self.balance.for_share is None else round(self.balance.for_share, DECIMALS),
                "against": None if self.balance.against_share is None else round(self.balance.against_share, DECIMALS),
                "one_sided": self.balance.one_sided,
                "message": self.balance.message,
            },
            "conclusion": {
                "paragraph": judgement.paragraph,
                **{name: getattr(judgement, name) for name in ("concludes", "weighs", "judges", "reached")},
                "phrases": list(judgement.phrases),
                "message": judgement.message,
            },
            "unlinked_paragraphs": [paragraph.index for paragraph in self.unlinked],
            "advice": {point.id: point.advice for point in self.points},
            "to_do": [point.id for point in self.to_do],
        }

    @property
    def to_do(self) -> list[PointFeedback]:
        """The points still to work on, for "What to do next": the missing ones, then the partial ones."""
        return self.with_status("missing") + self.with_status("partial")


def _paragraph_list(indexes: list[int]) -> str:
    numbers = [str(i + 1) for i in sorted(set(indexes))]
    if len(numbers) == 1:
        return f"paragraph {numbers[0]}"
    return "paragraphs " + ", ".join(numbers[:-1]) + " and " + numbers[-1]


def _as_sentence(text: str) -> str:
    """`text` ending with a full stop, unless it ends a sentence already."""
    return text if text.rstrip().endswith((".", "!", "?")) else f"{text.rstrip()}."


def point_feedback(result: PointResult, scheme: Scheme, *, hints_only: bool = False,
                   not_near: Callable[[PointResult, ClaimCheck], bool] = lambda result, claim: False) -> PointFeedback:
    """The student-facing view of one point of `scheme`; a claim's best sentence for which `not_near`
    is true (in the introduction, or making another point) does not make a missing point "come close".

    Example:
        >>> point_feedback(report.point("A2"), report.scheme).advice  # doctest: +SKIP
        'You make this point in paragraph 5.'
    """
    hide = hints_only and result.status != "covered"
    terms = ", ".join(key_terms(result.point.text, scheme)) if hide else ""
    text = f"A point about: {terms}" if hide else result.point.text
    claims_to_add: tuple[str, ...] = ()
    evidence = result.evidence
    if result.status == "covered":
        advice = note = f"You make this point in {_paragraph_list([e.paragraph for e in result.evidence])}."
    elif result.status == "partial":
        unmade = [c.text[:1].upper() + c.text[1:] for c in result.claims if not c.made]  # a claim cut at ";" starts lower
        claims_to_add = tuple(", ".join(key_terms(c, scheme)) if hide else c for c in unmade)
        where = _paragraph_list([e.paragraph for e in result.evidence]) if result.evidence else "your essay"
        note = f"You touch on this in {where}, but do not make it fully yet."
        still = (f"claims about {'; '.join(claims_to_add)}." if hide
                 else " ".join(_as_sentence(claim) for claim in claims_to_add))
        advice = f"{note} {STILL_TO_MAKE} {still}" if claims_to_add else (
            f"{note[:-1]}: explain it and support it with evidence.")
    elif close := _closest_sentences(result, not_near):  # a sentence matches a claim, but not well enough to count
        evidence = close
        where = _paragraph_list(sorted({e.paragraph for e in close}))
        note = f"Not yet made, though your essay comes close to part of it in {where}."
        about = f"a point about {terms}" if hide else "this point"
        advice = f"You have not yet made {about} ({where} comes close to part of it)"
        advice += "." if hide else f": {text}"
    else:
        note = "Not yet discussed."
        advice = f"You have not yet discussed a point about {terms}." if hide else f"You have not yet discussed this point: {text}"
    return PointFeedback(result.id, result.side, result.status, text, evidence, claims_to_add, advice, note)


def _closest_sentences(result: PointResult, not_near: Callable[[PointResult, ClaimCheck], bool]) -> tuple[Evidence, ...]:
    """The sentences that match a claim of a point, each once: where the essay comes close to it."""
    close = {c.sentence: Evidence(c.paragraph, c.sentence, c.score)
             for c in result.claims if c.made and not not_near(result, c)}
    return tuple(sorted(close.values(), key=lambda e: e.paragraph))


def side_summaries(summary: Mapping[str, Mapping[str, int]]) -> tuple[SideSummary, ...]:
    """Covered, partial and missing counts for each side that has points, from `Report.summary`."""
    summaries = []
    for side in SIDES:
        counts = summary[side]
        if counts["total"]:
            missing = counts["total"] - counts["covered"] - counts["partial"]
            summaries.append(SideSummary(side, counts["covered"], counts["partial"], missing))
    return tuple(summaries)


def points_made(sides: Iterable[SideSummary]) -> float:
    """The points an essay makes on all sides, a partial one counting `PARTIAL_WEIGHT`."""
    return sum(side.covered + PARTIAL_WEIGHT * side.partial for side in sides)


def assess_balance(sides: tuple[SideSummary, ...]) -> Balance:
    """Each side's share of the coverage; one-sided when one side has `ONE_SIDED_SHARE` or more. Not
    judged with less than `BALANCE_MIN_POINTS` points made (a single partial point).

    Example:
        >>> assess_balance((SideSummary("for", 4, 0, 1), SideSummary("against", 0, 1, 4))).one_sided
        'for'
    """
    coverage = {s.side: s.coverage for s in sides}
    if len(coverage) < 2:
        return Balance(None, None, "The scheme has points on one side only, so balance cannot be judged.")
    total = coverage["for"] + coverage["against"]
    if not total:
        return Balance(None, None, "The essay does not yet make any point of the scheme on either side.")
    if points_made(sides) < BALANCE_MIN_POINTS:
        return Balance(None, None, "The essay makes too little of the scheme yet to judge its balance: develop "
                                   "your points, on both sides.")
    share = round(coverage["for"] / total, 9)  # 0.6 / 0.8 is 0.7499999999999999 in floating point
    shares = f"{share:.0%} of what you cover argues for the view and {1 - share:.0%} against"
    if share >= ONE_SIDED_SHARE or share <= 1 - ONE_SIDED_SHARE:
        strong: Side = "for" if share >= ONE_SIDED_SHARE else "against"
        weak = "against" if strong == "for" else "for"
        message = f"One-sided: {shares}. Add arguments {weak} the view, then weigh them against each other."
        return Balance(share, strong, message)
    return Balance(share, None, f"Balanced: {shares}.")


def _found(pattern: re.Pattern[str], text: str) -> list[str]:
    return [m.group(0) for m in pattern.finditer(text)]


def judge_conclusion(report: Report) -> Judgement:
    """A heuristic check of the final paragraph (the essay needs at least two paragraphs); it weighs
    and judges only when it concludes, and in an essay that makes a point of the scheme.

    * concludes: it opens or contains a concluding signpost ("In conclusion", "Overall",
      "On balance", ...), or it both weighs and judges;
    * weighs: it uses contrasting language ("however", "although", "outweighs", ...) or is
      linked to points of both sides, in an essay that makes a point of the scheme;
    * judges: it uses evaluative language ("largely", "to a limited extent", "most important",
      "effectively", "failed", "I agree", "stronger", "the main reason", ...).

    Example:
        >>> judge_conclusion(report).reached  # doctest: +SKIP
        True
    """
    if len(report.paragraphs) < 2:
        message = ("Your essay is one paragraph: give your conclusion a paragraph of its own, so that it weighs both "
                   "sides and answers the question." if _CONCLUDING.search(report.paragraphs[0].text) else
                   "Your essay is one paragraph: end with a conclusion that weighs both sides and answers the question.")
        return Judgement(None, False, False, False, (), message)
    final = report.paragraphs[-1]
    signposts, contrasts, evaluations = (_found(p, final.text) for p in (_CONCLUDING, _WEIGHING, _EVALUATIVE))
    sides_linked = {report.point(point_id).side for point_id in final.points}
    makes_points = any(result.status != "missing" for result in report.points)
    weighs = makes_points and (bool(contrasts) or len(sides_linked) == 2)  # with no point made, nothing to weigh
    judges = bool(evaluations)
    concludes = bool(signposts) or (weighs and judges)
    weighs, judges = weighs and concludes, judges and concludes and makes_points  # not praised without a point made
    if not concludes:
        message = "There is no clear conclusion: end with a paragraph that weighs both sides and answers the question."
    elif not makes_points:
        message = ("The essay does not yet make the scheme's points, so its conclusion has no arguments to weigh: "
                   "check that it answers this question.")
    elif not weighs:
        message = "Your conclusion does not weigh the two sides: say which side is stronger and why."
    elif not judges:
        message = "Your conclusion does not reach a clear judgement: say how far you agree ('largely', 'to a limited extent')."
    else:
        message = "Your conclusion weighs both sides and reaches a judgement."
    phrases = tuple(dict.fromkeys(p.lower() for p in signposts + contrasts + evaluations))
    return Judgement(final.index, concludes, weighs, judges, phrases, message)


def framing_paragraphs(report: Report) -> frozenset[int]:
    """The introduction (in an essay of `INTRODUCTION_MIN_PARAGRAPHS` or more) and the conclusion
    (the last of two or more): they restate the question and the arguments, and rarely make a point."""
    n = len(report.paragraphs)
    return frozenset([0] * (n >= INTRODUCTION_MIN_PARAGRAPHS) + [n - 1] * (n >= 2))


def unlinked_paragraphs(report: Report) -> tuple[ParagraphResult, ...]:
    """Paragraphs that make no point and hold no sentence that comes close to one (a partial
    point's closest match, or a claim's), other than the introduction and conclusion."""
    near = {e.paragraph for r in report.points for e in r.evidence} | {
        c.paragraph for r in report.points for c in r.claims if c.made}
    framing = framing_paragraphs(report)
    return tuple(p for p in report.paragraphs if not p.points and p.index not in near and p.index not in framing)


def relevance_note(report: Report) -> str | None:
    """A note when under `RELEVANCE_MIN_SHARE` of the essay's content words (of at least
    `RELEVANCE_MIN_WORDS`) are words of the question or its points, exam words ("assess",
    "extent", ...) left out; else None.

    On the 223 labelled essays of the development sets (34 questions), an essay's share for its
    own scheme was 0.26 at least (median 0.44); against the other schemes, 89% of shares fell
    under 0.2.
    """
    words = content_words(" ".join(p.text for p in report.paragraphs))
    if len(words) < RELEVANCE_MIN_WORDS:
        return None
    scheme = report.scheme
    vocabulary = set(content_words(" ".join([scheme.question, *(p.text for p in scheme.points)])))
    vocabulary -= set(content_words(_EXAM_WORDS))
    share = sum(word in vocabulary for word in words) / len(words)
    if share >= RELEVANCE_MIN_SHARE:
        return None
    return (f"Few of your essay's words are those of the question or its mark scheme ({share:.0%}; essays that "
            "answer it usually have over 25%): check that your essay answers this question.")


def layout_note(report: Report) -> str | None:
    """A note when the essay came without paragraph breaks, so that its "paragraphs" are chunks
    marker cut from it (`Report.chunked`), or when half its words or more are in bullets of a median
    `NOTE_MAX_WORDS` words or fewer (notes); else None."""
    if report.chunked:
        return (f"Your essay has no paragraph breaks, so marker cut it into {len(report.paragraphs)} parts of whole "
                "sentences to check it, and the paragraph numbers here count those parts. Break it into paragraphs, "
                "one for each argument.")
    lines = [line for paragraph in report.paragraphs for line in paragraph.text.split("\n")]
    items = [list_item_text(line) for line in lines]
    bullet_words = sorted(len(_WORD.findall(item)) for item in items if item is not None)
    words = sum(len(_WORD.findall(line if item is None else item)) for line, item in zip(lines, items))
    if not bullet_words or 2 * sum(bullet_words) < words or bullet_words[(len(bullet_words) - 1) // 2] > NOTE_MAX_WORDS:
        return None
    return ("Most of your essay is bullet points of a few words. marker looks for argued points, so a point only "
            "named may not count: write each as a sentence or two that explains it and says why it matters.")


def build_feedback(report: Report, *, hints_only: bool = False) -> Feedback:
    """The feedback for one marked essay.

    Example:
        >>> feedback = build_feedback(marker.mark(essay_text, "khrushchev-destalinisation"))  # doctest: +SKIP
        >>> [p.advice for p in feedback.with_status("missing")]  # doctest: +SKIP
        ['You have not yet discussed The centrally planned command economy ...']
    """
    sides = side_summaries(report.summary)
    judgement = judge_conclusion(report)
    framing = framing_paragraphs(report)
    making = {e.sentence for r in report.points if r.status == "covered" for e in r.evidence}
    sides_made = {(i, r.side) for r in report.points if r.status == "covered" for i in r.paragraphs}

    def not_near(result: PointResult, claim: ClaimCheck) -> bool:
        """The introduction and conclusion restate; a sentence that makes a point, or sits in a paragraph that
        makes one of the other side (it likely says the opposite), is not close to another."""
        other_side = "against" if result.side == "for" else "for"
        return claim.paragraph in framing or claim.sentence in making or (claim.paragraph, other_side) in sides_made

    return Feedback(
        report=report,
        hints_only=hints_only,
        sides=sides,
        points=tuple(point_feedback(r, report.scheme, hints_only=hints_only, not_near=not_near) for r in report.points),
        balance=assess_balance(sides),
        judgement=judgement,
        unlinked=unlinked_paragraphs(report),
        relevance=relevance_note(report),
        layout=layout_note(report),
    )

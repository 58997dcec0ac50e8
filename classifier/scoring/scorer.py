"""The one scoring API every command uses: text in, :class:`Result` out.

>>> from classifier.language.pipeline import build_pipeline
>>> scorer = Scorer(build_pipeline(), model=None)
>>> result = scorer.score("ТОЛЬКО СЕГОДНЯ скидка 50%! Успейте купить!!!")
>>> result.verdict, sorted(r.signal for r in result.junk_reasons)
('rewrite', ['buy_call', 'caps', 'discount', 'exclamations', 'urgency'])

Many texts go through :meth:`Scorer.score_many`, which vectorises the model over the batch;
``score`` is ``score_many`` of one text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from classifier.errors import InputError
from classifier.features.analysis import AnalysedPost, from_doc
from classifier.language.numerals import count, number
from classifier.model.linear import JunkModel, Thresholds
from classifier.scoring.ad_marking import assess_marking
from classifier.scoring.explain import Evidence, Explainer, signal_part, signal_reason, spans_of
from classifier.scoring.points import Gate, Part, attribute, round_points
from classifier.scoring.result import Reason, Result
from classifier.scoring.selling import CAPPED, FLOORED, sells_in_words
from classifier.scoring.settings import Settings
from classifier.signals.base import JUNK, MARKING, VALUE, Options
from classifier.signals.engine import SignalEngine
from classifier.signals.registry import BY_ID, SIGNALS

SIGNALS_ONLY = "signals-only"
# Without a model: each fired junk signal adds, each value signal takes away, this much logit.
SIGNAL_ONLY_STEP = 0.9
SIGNAL_ONLY_THRESHOLDS = Thresholds(ok=35.0, rewrite=60.0)
NOT_RUSSIAN = (
    "Текст почти не на русском языке: postcheck обучен на русских постах, оценка может "
    "быть неточной."
)
_LETTER = re.compile(r"[^\W\d_]")
MAX_TEXT_CHARS = 100_000  # a post is a few thousand characters; beyond this only the start is scored
_SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATES_WARNING = (
    "В тексте были недопустимые символы (одиночные суррогаты UTF-16, обычно след испорченной "
    "кодировки или обрезанного эмодзи): они заменены на «\ufffd»."
)


def replace_surrogates(text: str) -> tuple[str, bool]:
    """The text with every lone surrogate replaced by U+FFFD, and whether there was one."""
    if _SURROGATE.search(text) is None:
        return text, False
    return _SURROGATE.sub("\ufffd", text), True


def prepare_text(text: str) -> tuple[str, list[str]]:
    """The text as it can be scored, and Russian warnings about what had to change.

    Lone surrogates (which no file can hold as text) become U+FFFD; a text over
    :data:`MAX_TEXT_CHARS` is cut to its start. Offsets into the result stay offsets into
    the original text.

    >>> prepare_text("Скидка " + chr(0xD800))[0]
    'Скидка \ufffd'
    """
    warnings = []
    text, replaced = replace_surrogates(text)
    if replaced:
        warnings.append(SURROGATES_WARNING)
    if len(text) > MAX_TEXT_CHARS:
        warnings.append(f"Текст очень длинный ({count(len(text), 'символ', 'символа', 'символов')}): "
                        f"оценены первые {number(MAX_TEXT_CHARS)}.")
        text = text[:MAX_TEXT_CHARS]
    return text, warnings


def text_problem(text: str) -> str | None:
    """A Russian message if the text cannot be scored at all (empty, no words), else None.

    Links, domains, @mentions and #hashtags do not count as words. The check takes time in
    proportion to the text's length, however long the text is.

    >>> text_problem("  \\n "), text_problem("🔥🔥 https://t.me/x")
    ('текст пустой.', 'в тексте нет ни одного слова — только эмодзи, ссылки, цифры или знаки.')
    """
    if not text.strip():
        return "текст пустой."
    if _CYRILLIC_WORD.search(text):
        return None  # the usual case, decided without the scan below
    if any(_has_word(token) for token in text.split()):
        return None
    return "в тексте нет ни одного слова — только эмодзи, ссылки, цифры или знаки."


_DOMAIN = re.compile(r"\S\.(?:ru|рф|com|me|cc|net|org)")  # a token holding one is a domain, all of it
_LINK_START = re.compile(r"https?://|www\.")  # a link runs to the end of its token
_TAG = re.compile(r"[@#]\w+")


def _has_word(token: str) -> bool:
    """Whether a whitespace-free token has a letter outside links, domains, mentions and hashtags."""
    if not _LETTER.search(token) or _DOMAIN.search(token):
        return False
    link = _LINK_START.search(token)
    if link is not None:
        token = token[:link.start()]
    return _LETTER.search(_TAG.sub(" ", token)) is not None


_NOT_CYRILLIC = re.compile(r"[^а-яА-ЯёЁ]+")
_CYRILLIC_WORD = re.compile(r"(?<![\w./@#-])[а-яА-ЯёЁ]{2,}(?![\w.-]*\.(?:рф|ru|рус)\b)")
LANGUAGE_SAMPLE = 400  # characters: enough to tell the language of a post


def language_warning(text: str) -> str | None:
    """A warning when fewer than half the letters of the text's start are Cyrillic."""
    text = text[:LANGUAGE_SAMPLE]
    cyrillic = len(_NOT_CYRILLIC.sub("", text))
    if cyrillic >= 0.5 * len(text):
        return None  # cheap exit for ordinary Russian posts
    letters = len(_LETTER.findall(text))
    if letters < 10:
        return None
    return NOT_RUSSIAN if cyrillic / letters < 0.5 else None


@dataclass
class _Custom:
    phrase: str
    weight: float  # score points on a neutral post


class Scorer:
    """Scores posts with a model (or, without one, with the signals alone)."""

    def __init__(self, nlp: Language, model: JunkModel | None, settings: Settings | None = None) -> None:
        settings = settings or Settings()
        self.nlp = nlp
        self.model = model
        self.settings = settings
        unknown = settings.disabled_signals - set(BY_ID)
        if unknown:
            raise InputError(f"неизвестные сигналы в настройках: {', '.join(sorted(unknown))}.")
        signals = [s for s in SIGNALS if s.id not in settings.disabled_signals]
        self.engine = SignalEngine(nlp, signals, Options(brand_names=settings.brand_names))
        self.explainer = Explainer(model) if model is not None else None
        base = model.thresholds if model is not None else SIGNAL_ONLY_THRESHOLDS
        self.thresholds = Thresholds(
            ok=settings.ok_threshold if settings.ok_threshold is not None else base.ok,
            rewrite=settings.rewrite_threshold if settings.rewrite_threshold is not None else base.rewrite,
        )
        if self.thresholds.ok > self.thresholds.rewrite:
            raise InputError(
                f"порог «ok» ({self.thresholds.ok:g}) выше порога «rewrite» ({self.thresholds.rewrite:g})."
            )
        self._custom, self._custom_matcher = self._compile_custom(settings.extra_phrases)

    @property
    def model_name(self) -> str:
        if self.model is None:
            return SIGNALS_ONLY
        return f"{self.model.name} {self.model.version}"

    # --- public API ---------------------------------------------------------------------
    def score(self, text: str) -> Result:
        """Score one post. Raises InputError for a text with nothing to score."""
        problem = text_problem(text)
        if problem is not None:
            raise InputError(problem)
        return self.score_many([text])[0]

    def score_many(self, texts: Sequence[str], batch_size: int = 256, with_spans: bool = True) -> list[Result]:
        """Score many posts; each text must pass :func:`text_problem`.

        A text is first passed through :func:`prepare_text`; its warnings join the result's.

        ``with_spans=False`` leaves the word reasons without quotes, which is faster (the
        batch path uses it unless an HTML report needs the highlights).
        """
        posts: list[AnalysedPost] = []
        customs: list[list[tuple[_Custom, tuple[int, int]]]] = []
        engine = self.engine
        prepared = [prepare_text(text) for text in texts]
        for doc in self.nlp.pipe([text for text, _ in prepared], batch_size=batch_size):
            ctx = engine.context(doc)
            posts.append(from_doc(doc, engine.detect(ctx), ctx))
            customs.append(self._find_custom(doc))
        if self.model is not None:
            features = self.model.transform(posts)
            decisions = self.model.decision(features)
            evidence = self.explainer.evidence_many(posts, features, with_spans)
        else:
            decisions = np.array([_signal_only_decision(p) for p in posts])
            evidence = [_signal_only_evidence(p) for p in posts]
        return [
            self._result(post, float(decisions[i]), evidence[i], self._custom_evidence(post, customs[i]),
                         prepared[i][1])
            for i, post in enumerate(posts)
        ]

    # --- helpers ------------------------------------------------------------------------
    @property
    def _calibration(self) -> tuple[float, float]:
        return self.model.calibration if self.model is not None else (1.0, 0.0)

    def _result(self, post: AnalysedPost, decision: float, evidence: list[Evidence], custom: list[Evidence],
                notes: list[str]) -> Result:
        """The score and verdict of one post, its reasons weighed by their exact share of the score.

        ``decision`` is the model's own and ``evidence`` its reasons; what the decision holds beyond
        their parts (the intercept) is the base. Configured phrases (``custom``) add their parts on top.
        """
        gate = Gate(self._calibration, decision - sum(e.part.logit for e in evidence), self.thresholds.rewrite)
        evidence = evidence + custom
        shares = attribute(gate, [e.part for e in evidence])
        score, base, weights = round_points(shares.score, shares.base, shares.points)
        reasons = [replace(e.reason, weight=w, without=round(wo, 1) if e.reason.polarity == JUNK else None)
                   for e, w, wo in zip(evidence, weights, shares.without)]
        reasons.sort(key=_reason_order)
        verdict = self.thresholds.verdict(score)
        gate_notes = [CAPPED] if shares.capped else [FLOORED] if shares.floored else []
        warnings = [*notes, *[w for w in [language_warning(post.text)] if w], *gate_notes]
        marking = assess_marking(post.text, post.hits, verdict, self.settings.marking, self.settings.brand_names,
                                 sales_words=sells_in_words(post))
        return Result(score, verdict, reasons, marking, warnings, self.model_name, base)

    def _custom_evidence(self, post: AnalysedPost, found: list[tuple[_Custom, tuple[int, int]]]) -> list[Evidence]:
        evidence = []
        for custom in _distinct(found):
            spans = [span for c, span in found if c is custom]
            junk = custom.weight > 0
            evidence.append(Evidence(Reason(
                signal=f"custom:{custom.phrase}", category="custom", polarity=JUNK if junk else VALUE,
                title=f"Стоп-фраза «{custom.phrase}»" if junk else f"Желательная фраза «{custom.phrase}»",
                why="Эту фразу ваша команда внесла в список фраз с весом (настройки postcheck).",
                tip="Замените её формулировкой о пользе для читателя." if junk else "Сохраните её.",
                weight=0.0, spans=spans_of(post.text, sorted(spans)),
            ), Part(_logit_points(custom.weight), opens=junk)))
        return evidence

    def _compile_custom(self, phrases: dict[str, float]) -> tuple[dict[str, _Custom], PhraseMatcher | None]:
        if not phrases:
            return {}, None
        matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        custom = {}
        for phrase, weight in phrases.items():
            if not -49 <= weight <= 49:
                raise InputError(f"вес стоп-фразы «{phrase}» должен быть от -49 до 49, а не {weight:g}.")
            key = f"custom:{phrase}"
            custom[key] = _Custom(phrase, float(weight))
            matcher.add(key, [self.nlp(phrase)])
        return custom, matcher

    def _find_custom(self, doc: Doc) -> list[tuple[_Custom, tuple[int, int]]]:
        if self._custom_matcher is None:
            return []
        strings = self.nlp.vocab.strings
        found = []
        for match_id, start, end in self._custom_matcher(doc):
            span = doc[start:end]
            found.append((self._custom[strings[match_id]], (span.start_char, span.end_char)))
        return found


def _reason_order(reason: Reason) -> tuple[float, int, str]:
    """Strongest first; reasons worth the same (two pushes sharing a score) in text order."""
    return -abs(reason.weight), reason.spans[0].start if reason.spans else 1 << 62, reason.signal


def _distinct(found: list) -> list[_Custom]:  # noqa: ANN001
    seen, out = set(), []
    for custom, _ in found:
        if id(custom) not in seen:
            seen.add(id(custom))
            out.append(custom)
    return out


def _logit_points(weight: float) -> float:
    """The logit shift that moves a neutral post (score 50) by ``weight`` points."""
    return math.log((50.0 + weight) / (50.0 - weight))


def _signal_only_decision(post: AnalysedPost) -> float:
    junk = sum(1 for sid, h in post.hits.items() if h.fired and BY_ID[sid].polarity == JUNK)
    value = sum(1 for sid, h in post.hits.items() if h.fired and BY_ID[sid].polarity == VALUE)
    return SIGNAL_ONLY_STEP * (junk - value) - 0.5


def _signal_only_evidence(post: AnalysedPost) -> list[Evidence]:
    evidence = []
    for sid, hit in post.hits.items():
        sig = BY_ID[sid]
        if not hit.fired or sig.polarity == MARKING:
            continue
        part = SIGNAL_ONLY_STEP if sig.polarity == JUNK else -SIGNAL_ONLY_STEP
        evidence.append(Evidence(signal_reason(sid, post.text, hit.spans), signal_part(sid, part)))
    return evidence

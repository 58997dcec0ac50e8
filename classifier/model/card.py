"""The model card: a Markdown page written next to each trained model."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from classifier.model.linear import JunkModel


def strongest_ngrams(model: JunkModel, n: int = 50) -> dict[str, list[list]]:
    """The ``n`` lemma n-grams pushing hardest towards junk and towards value, with weights."""
    if model.lemmas is None or not len(model.lemma_coef):
        return {"junk": [], "value": []}
    order = np.argsort(model.lemma_coef, kind="stable")
    names = model.lemmas.names

    def pick(indices: np.ndarray) -> list[list]:
        return [[names[i], round(float(model.lemma_coef[i]), 3)] for i in indices]

    return {"junk": pick(order[::-1][:n]), "value": pick(order[:n])}


def _metrics_rows(evaluations: dict) -> list[str]:
    rows = ["| set | posts | junk | ROC-AUC | PR-AUC | junk P | junk R | junk F1 | Brier | calibration error |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for name, ev in evaluations.items():
        junk = ev["junk"]
        ece = ev.get("calibration_error")
        rows.append(
            f"| {name} | {ev['n']} | {ev['n_junk']} | {ev['roc_auc']} | {ev['pr_auc']} | "
            f"{junk['precision']} | {junk['recall']} | {junk['f1']} | {ev['brier']} | "
            f"{'' if ece is None else ece} |"
        )
    return rows


def _verdict_rows(verdicts: dict) -> list[str]:
    rows = ["| source | label | ok | borderline | rewrite |", "|---|---|---|---|---|"]
    for source, labels in verdicts.items():
        for label, shares in sorted(labels.items()):
            rows.append(f"| {source} | {label} | {shares['ok']:.1%} | {shares['borderline']:.1%} | "
                        f"{shares['rewrite']:.1%} |")
    return rows


def _class_rows(classes: dict) -> list[str]:
    rows = ["| class / label | posts | ok | borderline | rewrite | contradicts the label |",
            "|---|---|---|---|---|---|"]
    for name, c in classes.items():
        rows.append(f"| {name} | {c['n']} | {c['ok']:.1%} | {c['borderline']:.1%} | {c['rewrite']:.1%} | "
                    f"{c['contradicts']:.1%} |")
    return rows


def _cv_rows(cv: dict, limit: int = 8) -> list[str]:
    sources = [k for k in next(iter(cv.values()), {}) if k != "mean"]
    rows = ["| setting | " + " | ".join(sources) + " | mean |", "|---" * (len(sources) + 2) + "|"]
    for name, q in sorted(cv.items(), key=lambda kv: -(kv[1]["mean"] - kv[1].get("contradicts", 0.0)))[:limit]:
        rows.append(f"| {name} | " + " | ".join(str(q.get(s, "")) for s in sources) + f" | {q['mean']} |")
    return rows


def _ngram_rows(top: dict) -> list[str]:
    junk, value = top.get("junk", []), top.get("value", [])
    rows = ["| # | junk n-gram | weight | value n-gram | weight |", "|---|---|---|---|---|"]
    for i in range(max(len(junk), len(value))):
        j = junk[i] if i < len(junk) else ["", ""]
        v = value[i] if i < len(value) else ["", ""]
        rows.append(f"| {i + 1} | {j[0]} | {j[1]} | {v[0]} | {v[1]} |")
    return rows


def _what_score(meta: dict) -> str:
    share = meta.get("junk_share")
    feed = f", for a feed where {share:.0%} of the posts are junk (the 80/20 rule of thumb)" if share else ""
    return (f"**What the score is.** The probability (0-100) that the post is advertising junk{feed}. A post "
            "with no push (no signal that pushes a sale, numbers or the brand) is capped just below the "
            "`rewrite` threshold; a hard push (a call, a discount, a promo code, urgency, a follow ask, an unreal "
            "promise) with no value signal beside it is lifted to `rewrite` (`classifier/scoring/selling.py`). "
            "The points of each reason are its exact Shapley share of that score "
            "(`classifier/scoring/points.py`).")


def render_card(meta: dict) -> str:
    data = meta.get("data", {})
    per_source = data.get("per_source", {})
    lines = [
        f"# Model card: {meta.get('name')} {meta.get('version')}",
        "",
        "Scores how much a Russian brand post is advertising junk and explains the score by rule "
        "signals and by the words behind it.",
        "",
        _what_score(meta),
        "",
        "## Training data",
        "",
        f"- sources: {', '.join(data.get('files', data.get('sources', [])))}",
        f"- rows used: split = `{data.get('split')}`; {data.get('n_posts')} posts, "
        f"{data.get('n_junk')} junk, {data.get('n_value')} value",
        *[f"  - {name}: {c['n']} posts, {c['junk']} junk" for name, c in per_source.items()],
        f"- SHA-256 of the data files: `{data.get('sha256')}`",
        "",
        "## Model",
        "",
        "- features: lemma 1-2-gram and character 3-5-gram TF-IDF over the whole vocabulary (explanations "
        "quote sales words only), rows divided by at least a fixed norm so that a short post's few words "
        "weigh no more than those of an average post; links by kind (tracked, shortened, invite, Telegram); "
        "signal counts. No length or shape statistics.",
        "- classifier: L2 logistic regression with signs (a junk signal's weight >= 0, a value signal's <= 0: "
        "a value signal can only lower a score), fitted with L-BFGS-B (`classifier/model/signed.py`); "
        f"C = {meta.get('C')}, signal block weight = "
        f"{meta.get('dense_weight')}, source weights {meta.get('source_weights') or 'equal'} "
        f"(chosen by {meta.get('folds')}-fold cross-validation; each fold holds out whole brands of the "
        "written corpus and whole channels of the real posts; criterion: mean over sources of the "
        "out-of-fold PR-AUC less the share of written posts whose verdict contradicts the label)",
        f"- calibration: Platt scaling on out-of-fold decisions, each source counted equally, reweighted "
        f"to the junk share above; a = {meta['calibration'][0]:.4f}, b = {meta['calibration'][1]:.4f}",
        f"- features in total: {meta.get('n_features')}",
        "",
        "Best settings of the grid (out-of-fold PR-AUC per source, their mean, and the share of written "
        "posts whose gated verdict contradicts the label; the criterion is the mean less that share):",
        "",
        *_cv_rows(meta.get("cv", {})),
        "",
        "## Thresholds",
        "",
        f"- `rewrite` from {meta['thresholds']['rewrite']:g}: the lowest score at which at most 1.5% of "
        "the real non-junk posts (out of fold) are flagged",
        f"- `ok` below {meta['thresholds']['ok']:g}: at most 5% of the written junk posts score lower, and "
        "never above the junk share, so that `borderline` is a real band",
        "- between them: `borderline`. Both are configurable (`postcheck.toml`, `--threshold`).",
        "",
        "## Evaluation",
        "",
        *(_metrics_rows(meta.get("evaluations", {})) if meta.get("evaluations") else ["(none recorded)"]),
        "",
        "Precision, recall and F1 at the `rewrite` threshold. \"Out of fold\": each post scored by a model "
        "that saw none of its brand's or channel's posts. Brier and calibration error (ECE, in score "
        "points) are computed with the posts reweighted to the junk share the score is calibrated for. "
        "tg-news-ads: the legal ad markers are stripped before training and scoring; its non-ads are news, "
        "not brand posts.",
        "",
        "## Verdicts on posts the model did not see (out of fold, with the gate and the floor)",
        "",
        *_verdict_rows(meta.get("verdicts", {})),
        "",
        "Per class of the guide (written corpus, out of fold; GUIDE.md section 3):",
        "",
        *_class_rows(meta.get("classes", {})),
        "",
        "## The 50 strongest n-grams",
        "",
        *_ngram_rows(meta.get("top_ngrams", {})),
        "",
        "## Libraries",
        "",
        *[f"- {k} {v}" for k, v in sorted(meta.get("libraries", {}).items())],
        "",
        "## Limits",
        "",
        "- The written corpus is fictional brands; the real posts are news and IT channels with paid "
        "native ads, not brand feeds. Native ads written as plain news (no offer, no call, no price) "
        "are still often missed.",
        "- tg-news-ads labels come partly from a language model and are noisy both ways.",
        "- The ad-marking warning is a hint about signs of advertising, not a legal opinion.",
        "",
    ]
    return "\n".join(lines)


def write_card(meta: dict, path: Path) -> None:
    path.write_text(render_card(meta), encoding="utf-8")

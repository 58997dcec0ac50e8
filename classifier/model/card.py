"""The model card: a Markdown page written next to each trained model."""

from __future__ import annotations

from pathlib import Path


def _metrics_rows(evaluations: dict) -> list[str]:
    rows = ["| set | posts | junk | ROC-AUC | PR-AUC | junk P | junk R | junk F1 | Brier |",
            "|---|---|---|---|---|---|---|---|---|"]
    for name, ev in evaluations.items():
        junk = ev["junk"]
        rows.append(
            f"| {name} | {ev['n']} | {ev['n_junk']} | {ev['roc_auc']} | {ev['pr_auc']} | "
            f"{junk['precision']} | {junk['recall']} | {junk['f1']} | {ev['brier']} |"
        )
    return rows


def render_card(meta: dict) -> str:
    data = meta.get("data", {})
    lines = [
        f"# Model card: {meta.get('name')} {meta.get('version')}",
        "",
        "Scores how much a Russian brand post is advertising junk (0-100, the calibrated "
        "probability) and explains the score by rule signals and by the words behind it.",
        "",
        "## Training data",
        "",
        f"- sources: {', '.join(data.get('sources', []))}",
        f"- rows used: split = `{data.get('split')}`; {data.get('n_posts')} posts, "
        f"{data.get('n_junk')} junk, {data.get('n_value')} value",
        f"- SHA-256 of the data files: `{data.get('sha256')}`",
        "",
        "## Model",
        "",
        "- features: lemma 1-2-gram TF-IDF, character 3-5-gram TF-IDF (within words), signal "
        "counts and densities, document statistics",
        f"- classifier: logistic regression, C = {meta.get('C')}, dense block weight = "
        f"{meta.get('dense_weight')} (chosen by {meta.get('folds')}-fold cross-validation"
        f"{', grouped by brand' if meta.get('grouped_cv') else ''})",
        f"- calibration: Platt scaling on out-of-fold decisions, a = {meta['calibration'][0]:.4f}, "
        f"b = {meta['calibration'][1]:.4f}",
        f"- features in total: {meta.get('n_features')}",
        f"- out-of-fold on the training rows: ROC-AUC {meta['cv_oof']['roc_auc']}, "
        f"Brier {meta['cv_oof']['brier']}",
        "",
        "## Thresholds",
        "",
        f"- `ok` below {meta['thresholds']['ok']:g}: at most 1% of junk posts score lower "
        "(out-of-fold)",
        f"- `rewrite` from {meta['thresholds']['rewrite']:g}: the highest score whose junk F1 is "
        "within 0.005 of the best (out-of-fold): the fewest false alarms at no real cost in F1",
        "- between them: `borderline`. Both are configurable (`postcheck.toml`, `--threshold`).",
        "",
        "## Evaluation",
        "",
        *(_metrics_rows(meta.get("evaluations", {})) if meta.get("evaluations") else ["(none recorded)"]),
        "",
        "Precision, recall and F1 at the `rewrite` threshold. tg-news-ads: advertising labels "
        "(erid, «Реклама», #реклама...) stripped before scoring; its non-ads are news, not brand posts.",
        "",
        "## Libraries",
        "",
        *[f"- {k} {v}" for k, v in sorted(meta.get("libraries", {}).items())],
        "",
        "## Limits",
        "",
        "- Trained on a hand-written corpus of fictional brands (see corpora/README.md); real "
        "posts of other industries and native ads written as news score lower than they should.",
        "- The ad-marking warning is a hint about signs of advertising, not a legal opinion.",
        "",
    ]
    return "\n".join(lines)


def write_card(meta: dict, path: Path) -> None:
    path.write_text(render_card(meta), encoding="utf-8")

"""`make eval`: the evaluation protocol.

Three models are trained the same way on the corpus train split (brand-grouped CV for
their settings, Platt calibration, thresholds from out-of-fold scores):

* ``postcheck``: the shipped configuration (lemma and character n-grams, signals, stats);
* ``signals only``: the signal counts, densities and document statistics;
* ``TF-IDF only``: lemma and character n-gram TF-IDF.

Each is reported on the corpus test split (brand-disjoint) and, out of domain, on
tg-news-ads (label ``is_ad_any``; advertising labels such as erid or «Реклама» stripped
before scoring; about 2% ads). The JSON report and reliability curves go to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = {
    "postcheck": {},
    "signals only": {"use_lemmas": False, "use_chars": False},
    "TF-IDF only": {"use_dense": False},
}
SIGNAL_C_GRID = (0.03, 0.1, 0.3, 1.0)  # dense features alone need stronger regularisation


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "reports")
    args = parser.parse_args()

    from classifier.actions import default_model_path
    from classifier.features.analysis import analyse
    from classifier.io.labelled import read_labelled
    from classifier.language.pipeline import build_pipeline
    from classifier.model.artifact import load_model
    from classifier.model.evaluate import evaluate, plot_reliability
    from classifier.model.train import TrainSettings, train
    from classifier.reports.tables import evaluation_text, table
    from classifier.signals.engine import SignalEngine
    from classifier.signals.marking import strip_ad_labels

    tg_path = args.shared / "tg-news-ads" / "tg_news_posts_dev.csv"
    if not tg_path.exists():
        print(f"postcheck: нет данных {tg_path} — укажите --shared.", file=sys.stderr)
        return 2
    nlp = build_pipeline()
    engine = SignalEngine(nlp)
    corpus = read_labelled(ROOT / "corpora" / "posts.jsonl")
    train_rows, test_rows = corpus.with_split("train"), corpus.with_split("test")
    tg = read_labelled(tg_path, label_column="is_ad_any")
    print(f"corpus: train {len(train_rows)}, test {len(test_rows)}; tg-news-ads: {len(tg)} posts, "
          f"{sum(tg.labels)} ads (labels stripped)", flush=True)
    train_posts = list(analyse(nlp, engine, train_rows.texts))
    sets = {
        "corpus test": (list(analyse(nlp, engine, test_rows.texts)), test_rows, test_rows.column("industry")),
        "tg-news-ads": (list(analyse(nlp, engine, [strip_ad_labels(t) for t in tg.texts])), tg, tg.column("channel")),
    }
    results, report = {}, {"variants": {}}
    for name, features in VARIANTS.items():
        settings = TrainSettings(features=features)
        if name == "signals only":
            settings = TrainSettings(features=features, c_grid=SIGNAL_C_GRID, dense_weights=(1.0,))
        trained = train(train_posts, train_rows.labels, train_rows.column("brand_id"), settings)
        model = trained.model
        report["variants"][name] = {"C": model.meta["C"], "dense_weight": model.meta.get("dense_weight"),
                                    "thresholds": [model.thresholds.ok, model.thresholds.rewrite]}
        for set_name, (posts, rows, groups) in sets.items():
            ev = evaluate(f"{name} / {set_name}", model.scores(posts), rows.labels, model.thresholds.rewrite, groups)
            results[(name, set_name)] = ev
            report["variants"][name][set_name] = ev.to_dict()
        print(f"trained {name}: C={model.meta['C']}, dense weight={model.meta.get('dense_weight')}", flush=True)

    shipped = load_model(default_model_path())
    for set_name, (posts, rows, groups) in sets.items():
        results[("shipped model file", set_name)] = evaluate(
            f"shipped / {set_name}", shipped.scores(posts), rows.labels, shipped.thresholds.rewrite, groups)

    print("\nComparison (precision/recall/F1 of junk at each model's own `rewrite` threshold):")
    rows = []
    for (name, set_name), ev in results.items():
        rows.append((set_name, name, ev.roc_auc, ev.pr_auc, ev.junk.precision, ev.junk.recall, ev.junk.f1, ev.brier))
    rows.sort(key=lambda r: (r[0], r[1] != "postcheck", r[1]))
    print(table(["set", "model", "ROC-AUC", "PR-AUC", "P junk", "R junk", "F1 junk", "Brier"], rows,
                right=(2, 3, 4, 5, 6, 7)))
    for set_name in sets:
        ours = results[("postcheck", set_name)]
        beaten = all(
            ours.roc_auc > results[(b, set_name)].roc_auc and ours.pr_auc > results[(b, set_name)].pr_auc
            for b in ("signals only", "TF-IDF only")
        )
        print(f"{set_name}: postcheck beats both baselines on ROC-AUC and PR-AUC: {'yes' if beaten else 'NO'}")

    print()
    print(evaluation_text(results[("postcheck", "corpus test")]))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "evaluation.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    png = args.out / "reliability.png"
    plot_reliability([results[("postcheck", s)] for s in sets], png)
    print(f"\nJSON: {args.out / 'evaluation.json'}\nReliability curve: {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

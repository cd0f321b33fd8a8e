"""A training pipeline that keeps its model card current: train, evaluate per subgroup, record, render.

The model predicts whether a diabetes patient's disease progresses more than the
median within a year (scikit-learn's diabetes data, shipped with the library: no
download). It is evaluated overall and disaggregated by the sex code in the data
and by age group, each figure with a 95 % bootstrap confidence interval.

The hand-written card next to this script is copied into the output directory
and updated there in place, so running the example never modifies the repository:

    python examples/pipelines/sklearn_pipeline.py --output out/ [--power-watts 65]

writes out/diabetes-progression.card.yaml, out/diabetes-progression.html and
out/diabetes-progression.md.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from cardgen.cards import read
from cardgen.record import TrainingRun, record_training
from cardgen.renderer import render

HERE = Path(__file__).resolve().parent
CARD = HERE / "diabetes-progression.card.yaml"
DATASET = "scikit-learn diabetes data set"
SEED = 20240531
BOOTSTRAP_SAMPLES = 500

Metric = Callable[[np.ndarray, np.ndarray], float]


def bootstrap_interval(
    metric: Metric, truth: np.ndarray, score: np.ndarray, rng: np.random.Generator
) -> dict[str, float]:
    """95 % percentile-bootstrap interval of a metric; resamples with one class only are skipped."""
    values = []
    for _ in range(BOOTSTRAP_SAMPLES):
        index = rng.integers(0, len(truth), len(truth))
        if len(np.unique(truth[index])) == 2:
            values.append(metric(truth[index], score[index]))
    lower, upper = np.percentile(values, [2.5, 97.5])
    return {"lower": round(float(lower), 4), "upper": round(float(upper), 4), "level": 0.95, "runs": len(values)}


def subgroups(features: np.ndarray, names: Sequence[str]) -> dict[str | None, np.ndarray]:
    """Masks over the test rows: everyone (None), each sex code, and age under / from 50."""
    age = features[:, list(names).index("age")]
    sex = features[:, list(names).index("sex")]
    groups: dict[str | None, np.ndarray] = {None: np.ones(len(features), dtype=bool)}
    for code in sorted(np.unique(sex)):
        groups[f"sex={int(code)}"] = sex == code
    groups["age<50"] = age < 50
    groups["age>=50"] = age >= 50
    return groups


def evaluate(run: TrainingRun, model: Pipeline, features: np.ndarray, labels: np.ndarray, names: Sequence[str]) -> None:
    """Log accuracy and ROC AUC for everyone and for each subgroup, with bootstrap intervals."""
    rng = np.random.default_rng(SEED)
    probability = model.predict_proba(features)[:, 1]
    prediction = (probability >= 0.5).astype(int)
    for name, mask in subgroups(features, names).items():
        for metric, function, score in (
            ("accuracy", accuracy_score, prediction),
            ("roc_auc", roc_auc_score, probability),
        ):
            run.log_result(
                task="tabular-classification",
                dataset=DATASET,
                split="test",
                metric=metric,
                value=round(float(function(labels[mask], score[mask])), 4),
                slice=name,
                uncertainty=bootstrap_interval(function, labels[mask], score[mask], rng),
                category="capability" if name is None else "fairness",
                source={"name": "cardgen example pipeline (the developers)", "verified": False},
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, required=True, help="directory for the card and its renderings")
    parser.add_argument("--power-watts", type=float, help="average power draw of the machine, for an energy estimate")
    arguments = parser.parse_args(argv)

    arguments.output.mkdir(parents=True, exist_ok=True)
    card_path = arguments.output / CARD.name
    if not card_path.exists():
        shutil.copyfile(CARD, card_path)

    data = load_diabetes(scaled=False)
    labels = (data.target > np.median(data.target)).astype(int)
    train_x, test_x, train_y, test_y = train_test_split(
        data.data, labels, test_size=0.3, random_state=SEED, stratify=labels
    )
    params = {"C": 1.0, "solver": "lbfgs", "max_iter": 1000}

    with record_training(card_path, power_watts=arguments.power_watts, code_dir=HERE) as run:
        data_files = Path(sklearn.__file__).parent / "datasets" / "data"
        run.log_dataset(data_files / "diabetes_data_raw.csv.gz")
        run.log_dataset(data_files / "diabetes_target.csv.gz")
        run.log_params(
            {**params, "test_size": 0.3, "split_seed": SEED, "label": "progression > median of the data set"}
        )
        model = make_pipeline(StandardScaler(), LogisticRegression(**params))
        model.fit(train_x, train_y)
        evaluate(run, model, test_x, test_y, data.feature_names)

    card = read(card_path)  # with its source file, so the gaps section gives lines and follows .cardgen.yaml
    outputs = [render(card, arguments.output / f"diabetes-progression{suffix}") for suffix in (".html", ".md")]
    print(f"card: {card_path}")
    for output in outputs:
        print(f"rendered: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

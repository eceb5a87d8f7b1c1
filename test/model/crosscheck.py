#!/usr/bin/python3
"""Cross-check deal's local models against statsmodels and scikit-learn, through SQL.

Run against a server with deal installed (PGHOST etc. set, as tools/pgcluster does; make test
runs it).  Random datasets (50 to 3,000 rows, 1 to 6 features: continuous, binary, sparse,
and some rows repeated) are loaded as (dataset, outcome, features profile) rows and fitted in
one query, GROUP BY dataset:

- deal.logistic_fit(outcome, features) against statsmodels' Logit (Newton, tolerance 1e-12);
- deal.logistic_fit(outcome, features, l2) against scikit-learn's LogisticRegression with
  C = 1/l2 (its objective is C times the sum of log-losses plus half the squared
  coefficients, intercept unpenalised: the same minimiser as ours), solver newton-cholesky,
  tolerance 1e-12;
- deal.logistic_score against the model's probabilities computed here;
- deal.auc(score, outcome) against sklearn.metrics.roc_auc_score, on scores with many ties.

Coefficients must agree to 1e-6 (relative to max(1, |coefficient|)), probabilities and AUCs
to 1e-12.  Exits non-zero, naming the dataset, on any disagreement.
"""

import csv
import io
import random
import subprocess
import sys
import warnings

import numpy as np
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

DATASETS = 60
TOLERANCE = 1e-6


def psql(script):
    """Run a script in psql; return its CSV output rows."""
    out = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--csv", "-t", "-f", "-"],
                         input=script, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("model crosscheck: psql failed:\n" + out.stderr)
    return list(csv.reader(io.StringIO(out.stdout)))


def dataset(rng):
    """(x, y, labels, l2) of a random dataset that a logistic model can fit."""
    n = rng.randint(50, 3000)
    p = rng.randint(1, 6)
    x = np.zeros((n, p))
    for j in range(p):
        kind = rng.choice(["normal", "binary", "sparse", "integer"])
        if kind == "normal":
            x[:, j] = [round(rng.gauss(0, 1.5), 3) for _ in range(n)]
        elif kind == "binary":
            x[:, j] = [float(rng.random() < 0.4) for _ in range(n)]
        elif kind == "sparse":
            x[:, j] = [rng.uniform(0.1, 3) if rng.random() < 0.3 else 0.0 for _ in range(n)]
        else:
            x[:, j] = [float(rng.randint(0, 5)) for _ in range(n)]
    if rng.random() < 0.3:		# repeated rows: deal merges them into weighted patterns
        x[n // 2:] = x[: n - n // 2]
    beta = np.array([rng.uniform(-1, 1) for _ in range(p)])
    eta = rng.uniform(-1.5, 0.5) + x @ beta
    y = np.array([rng.random() < 1 / (1 + np.exp(-e)) for e in eta])
    labels = [f"f{j + 1}" for j in range(p)]
    l2 = rng.choice([0.0, 0.0, 0.1, 1.0, 25.0])
    return x, y, labels, l2


def profile(labels, row):
    """A deal.profile literal of a row (zeros written out, as a partner's export would)."""
    return ", ".join(f"{label}:{float(v)!r}" for label, v in zip(labels, row))


def main():
    rng = random.Random(20261129)
    warnings.simplefilter("ignore")
    cases = [dataset(rng) for _ in range(DATASETS)]
    script = ["CREATE EXTENSION IF NOT EXISTS deal;",
              "CREATE TEMP TABLE rows (dataset int, outcome boolean, features deal.profile, score float8);",
              "COPY rows FROM stdin;"]
    scores = {}
    for d, (x, y, labels, l2) in enumerate(cases):
        scores[d] = np.array([round(rng.random() * 20) / 20 + (0.3 if y[i] else 0) * round(rng.random() * 10) / 10
                              for i in range(len(y))])
        for i in range(len(y)):
            score = scores[d][i]
            script.append(f"{d}\t{'t' if y[i] else 'f'}\t{profile(labels, x[i])}\t{score!r}")
    script.append("\\.")
    script.append("CREATE TEMP TABLE l2s (dataset int, l2 float8);")
    script.append("INSERT INTO l2s VALUES " + ", ".join(f"({d}, {c[3]!r})" for d, c in enumerate(cases)) + ";")
    script.append("""CREATE TEMP TABLE models AS
        SELECT r.dataset, CASE WHEN l.l2 = 0 THEN deal.logistic_fit(r.outcome, r.features)
                               ELSE deal.logistic_fit(r.outcome, r.features, l.l2) END AS model,
               deal.auc(r.score, r.outcome) AS auc
        FROM rows r JOIN l2s l USING (dataset) GROUP BY r.dataset, l.l2;""")
    script.append("SELECT 'm', m.dataset, e.label, e.weight FROM models m, deal.each(m.model) e ORDER BY 2, 3;")
    script.append("SELECT 'a', dataset, auc FROM models ORDER BY 2;")
    script.append("SELECT 's', r.dataset, r.features::text, deal.logistic_score(m.model, r.features) "
                  "FROM (SELECT DISTINCT ON (dataset) * FROM rows ORDER BY dataset, score DESC) r JOIN models m USING (dataset) ORDER BY 2;")
    out = psql("\n".join(script))

    models = {}
    aucs = {}
    scored = []
    for row in out:
        if row[0] == "m":
            models.setdefault(int(row[1]), {})[row[2]] = float(row[3])
        elif row[0] == "a":
            aucs[int(row[1])] = float(row[2])
        elif row[0] == "s":
            scored.append((int(row[1]), row[2], float(row[3])))

    problems = []
    compared = {"statsmodels": 0, "scikit-learn": 0}
    for d, (x, y, labels, l2) in enumerate(cases):
        ours = np.array([models[d]["_intercept"]] + [models[d][label] for label in labels])
        if l2 == 0:
            r = sm.Logit(y.astype(float), sm.add_constant(x, has_constant="add")).fit(
                method="newton", tol=1e-12, maxiter=200, disp=0)
            theirs, who = r.params, "statsmodels"
        else:
            m = LogisticRegression(C=1 / l2, solver="newton-cholesky", tol=1e-12, max_iter=200).fit(x, y)
            theirs, who = np.r_[m.intercept_, m.coef_[0]], "scikit-learn"
        compared[who] += 1
        diff = np.max(np.abs(ours - theirs) / np.maximum(1, np.abs(theirs)))
        if not diff <= TOLERANCE:
            problems.append(f"dataset {d} ({len(y)} rows, {len(labels)} features, l2 {l2}): "
                            f"deal {ours} but {who} {theirs} (difference {diff:.2e})")
        theirs_auc = roc_auc_score(y, scores[d])
        if abs(aucs[d] - theirs_auc) > 1e-12:
            problems.append(f"dataset {d}: deal.auc {aucs[d]!r} but roc_auc_score {theirs_auc!r}")
    for d, text, p in scored:
        weights = models[d]
        items = [item.split(":") for item in text.split(", ") if item]
        eta = weights["_intercept"] + sum(weights[i[0]] * (float(i[1]) if len(i) > 1 else 1.0) for i in items)
        if abs(p - 1 / (1 + np.exp(-eta))) > 1e-12:
            problems.append(f"dataset {d}: deal.logistic_score {p!r} for {text}, expected {1 / (1 + np.exp(-eta))!r}")

    for problem in problems:
        print(f"model crosscheck: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"model crosscheck: {DATASETS} datasets: coefficients equal to {TOLERANCE:g} "
          f"({compared['statsmodels']} unpenalised against statsmodels, {compared['scikit-learn']} "
          f"penalised against scikit-learn), scores to 1e-12, deal.auc equal to roc_auc_score")


if __name__ == "__main__":
    main()

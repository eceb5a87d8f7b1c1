#!/usr/bin/python3
"""The local model benchmark's other side: statsmodels and scikit-learn on the same rows.

Reads the rows (outcome, then the 10 features, CSV) and deal's two models (label, weight:
unpenalised, and with l2 = 1), fits statsmodels' Logit (Newton) and scikit-learn's
LogisticRegression (penalty none, and C = 1/l2 = 1) with tight tolerances, and prints each
fit's time (the fit alone, data already in memory; best of 3) and the largest difference of any
coefficient from deal's, and records each in bench.result (measures in BENCH_MEASURE and
BENCH_MEASURE_L2).
"""

import csv
import os
import sys
import time
import warnings

from record import record

try:
    import numpy as np
    import sklearn
    import statsmodels.api as sm
    from sklearn.linear_model import LogisticRegression
except ImportError:
    sys.exit("statsmodels or scikit-learn is not installed: tools/bootstrap installs python3-statsmodels and python3-sklearn")

FEATURES = ["age_decades", "efi", "lace", "ed_visits", "deprivation", "lives_alone", "carer",
            "diabetes", "copd", "dementia"]


def deal_model(path):
    """deal's coefficients in the order intercept, FEATURES."""
    weights = {label: float(w) for label, w in csv.reader(open(path))}
    return np.array([weights["_intercept"]] + [weights.get(f, 0.0) for f in FEATURES])


def best(fit, runs=3):
    """(best time in ms, result) of a few runs of fit."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fit()
        times.append((time.perf_counter() - started) * 1000)
    return min(times), result


def report(measure, name, ms, coef, deal, note=""):
    """Prints and records one fit: its time and how far its coefficients are from deal's."""
    diff = np.max(np.abs(coef - deal) / np.maximum(1, np.abs(coef)))
    same = bool(diff <= 1e-6)
    print(f"  {name.replace('`', ''):70} {ms:9.1f} ms  coefficients {'the same' if same else 'DIFFERENT'} (largest difference {diff:.1e})")
    record("logistic", measure, "alternative", name, ms, 3, same, "" if same else note,
           f"coefficients within {diff:.1e} of deal's")


def main():
    data = np.loadtxt(sys.argv[1], delimiter=",")
    y, x = data[:, 0], data[:, 1:]
    deal, deal_l2 = deal_model(sys.argv[2]), deal_model(sys.argv[3])
    measure, measure_l2 = os.environ["BENCH_MEASURE"], os.environ["BENCH_MEASURE_L2"]
    xc = sm.add_constant(x)
    warnings.simplefilter("ignore")
    print("the same rows in Python, the fit alone (data already in memory), best of 3:")

    ms, r = best(lambda: sm.Logit(y, xc).fit(method="newton", tol=1e-10, maxiter=100, disp=0))
    report(measure, f"statsmodels {sm.__version__.split('+')[0]} `Logit.fit(method='newton')`", ms, r.params, deal)
    for solver, note in (("newton-cholesky", ""), ("lbfgs", "stops short on unscaled features")):
        ms, m = best(lambda: LogisticRegression(penalty="none", solver=solver, tol=1e-10, max_iter=10000).fit(x, y))
        report(measure, f"scikit-learn {sklearn.__version__} `LogisticRegression(solver='{solver}')`", ms,
               np.r_[m.intercept_, m.coef_[0]], deal, note)
    # the ridge penalty: l2 = 1/C, the intercept not penalised
    ms, m = best(lambda: LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-10, max_iter=100).fit(x, y))
    report(measure_l2, f"scikit-learn {sklearn.__version__} `LogisticRegression(solver='newton-cholesky', C=1)`", ms,
           np.r_[m.intercept_, m.coef_[0]], deal_l2)


if __name__ == "__main__":
    main()

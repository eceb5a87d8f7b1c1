#!/usr/bin/python3
"""The local model benchmark's other side: statsmodels and scikit-learn on the same rows.

Reads the rows (outcome, then the 10 features, CSV) and deal's two models (label, weight:
unpenalised, and with l2 = 1), fits statsmodels' Logit (Newton) and scikit-learn's
LogisticRegression (penalty none, and C = 1/l2 = 1) with tight tolerances, and prints each
fit's time (the fit alone, data already in memory; best of 3) against deal's, which the caller
passes in DEAL_MS and DEAL_L2_MS, and the largest difference of any coefficient.
"""

import csv
import os
import sys
import time
import warnings

try:
    import numpy as np
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


def report(name, ms, coef, deal, deal_ms):
    diff = np.max(np.abs(coef - deal) / np.maximum(1, np.abs(coef)))
    verdict = "same" if diff <= 1e-6 else "DIFFERENT"
    ratio = f"deal is {ms / deal_ms:.1f}x faster" if ms >= deal_ms else f"deal is {deal_ms / ms:.1f}x slower"
    print(f"  {name:58} {ms:9.1f} ms  {ratio:22}  coefficients {verdict} (largest difference {diff:.1e})")


def main():
    data = np.loadtxt(sys.argv[1], delimiter=",")
    y, x = data[:, 0], data[:, 1:]
    deal, deal_l2 = deal_model(sys.argv[2]), deal_model(sys.argv[3])
    deal_ms, deal_l2_ms = float(os.environ["DEAL_MS"]), float(os.environ["DEAL_L2_MS"])
    xc = sm.add_constant(x)
    warnings.simplefilter("ignore")
    print(f"deal.logistic_fit: {deal_ms:.1f} ms unpenalised, {deal_l2_ms:.1f} ms with l2 = 1 (aggregate and fit, from the table)")

    ms, r = best(lambda: sm.Logit(y, xc).fit(method="newton", tol=1e-10, maxiter=100, disp=0))
    report(f"statsmodels {sm.__version__.split('+')[0]} Logit.fit(method='newton')", ms, r.params, deal, deal_ms)
    for solver in ("newton-cholesky", "lbfgs"):
        ms, m = best(lambda: LogisticRegression(penalty="none", solver=solver, tol=1e-10, max_iter=10000).fit(x, y))
        report(f"scikit-learn LogisticRegression(solver='{solver}')", ms, np.r_[m.intercept_, m.coef_[0]], deal, deal_ms)
    # the ridge penalty: l2 = 1/C, the intercept not penalised
    ms, m = best(lambda: LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-10, max_iter=100).fit(x, y))
    report("scikit-learn newton-cholesky, C = 1/l2 = 1", ms, np.r_[m.intercept_, m.coef_[0]], deal_l2, deal_l2_ms)


if __name__ == "__main__":
    main()

"""Logistic regression whose chosen coefficients keep a declared sign (training only).

A junk signal may only raise a post's score and a value signal may only lower it: otherwise
a report would list «Советы» among what spoils a post. scikit-learn's solvers take no bounds,
so this estimator minimises the same objective as its ``liblinear`` L2 logistic regression
(``C`` times the weighted log-loss plus half the squared norm of the coefficients; the
intercept is not penalised) with SciPy's L-BFGS-B, which does.

>>> import numpy as np
>>> x = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]])
>>> clf = SignedLogisticRegression(C=10.0, signs=np.array([0, -1])).fit(x, np.array([1, 1, 1, 0]))
>>> bool(clf.coef_[0, 1] <= 0.0)
True
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize
from sklearn.base import BaseEstimator, ClassifierMixin


def _log1pexp(z: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, z)


class SignedLogisticRegression(ClassifierMixin, BaseEstimator):
    """L2 logistic regression with sign constraints.

    ``signs``: one entry per feature, +1 (coefficient >= 0), -1 (<= 0) or 0 (free); ``None``
    leaves every coefficient free.
    """

    def __init__(self, C: float = 1.0, signs: np.ndarray | None = None, max_iter: int = 3000,
                 tol: float = 1e-7) -> None:
        self.C = C
        self.signs = signs
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, x: sp.spmatrix | np.ndarray, y: np.ndarray, sample_weight: np.ndarray | None = None
            ) -> SignedLogisticRegression:
        x = sp.csr_matrix(x, dtype=np.float64)
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        if len(self.classes_) != 2:
            raise ValueError("SignedLogisticRegression needs exactly two classes")
        target = np.where(y == self.classes_[1], 1.0, -1.0)
        weight = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        n = x.shape[1]
        xt = x.T.tocsr()

        def objective(params: np.ndarray) -> tuple[float, np.ndarray]:
            coef, intercept = params[:n], params[n]
            margin = target * (x @ coef + intercept)
            loss = self.C * float(weight @ _log1pexp(-margin)) + 0.5 * float(coef @ coef)
            slope = -self.C * weight * target / (1.0 + np.exp(np.clip(margin, -35, 35)))
            grad = np.empty(n + 1)
            grad[:n] = xt @ slope + coef
            grad[n] = slope.sum()
            return loss, grad

        result = minimize(objective, np.zeros(n + 1), jac=True, method="L-BFGS-B", bounds=self._bounds(n),
                          options={"maxiter": self.max_iter, "ftol": self.tol * 1e-3, "gtol": self.tol})
        self.coef_ = result.x[:n].reshape(1, -1)
        self.intercept_ = np.array([result.x[n]])
        self.n_iter_ = np.array([result.nit])
        self.n_features_in_ = n
        return self

    def _bounds(self, n: int) -> list[tuple[float | None, float | None]]:
        signs = np.zeros(n) if self.signs is None else np.asarray(self.signs)
        if len(signs) != n:
            raise ValueError(f"signs has {len(signs)} entries for {n} features")
        limits = {1: (0.0, None), -1: (None, 0.0), 0: (None, None)}
        return [limits[int(np.sign(s))] for s in signs] + [(None, None)]

    def decision_function(self, x: sp.spmatrix | np.ndarray) -> np.ndarray:
        return np.asarray(x @ self.coef_[0]).ravel() + self.intercept_[0]

    def predict_proba(self, x: sp.spmatrix | np.ndarray) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-np.clip(self.decision_function(x), -35, 35)))
        return np.column_stack([1.0 - p, p])

    def predict(self, x: sp.spmatrix | np.ndarray) -> np.ndarray:
        return self.classes_[(self.decision_function(x) > 0).astype(int)]

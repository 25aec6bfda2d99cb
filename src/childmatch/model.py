"""The Fellegi–Sunter model: m and u probabilities per comparison level, a prior, name frequencies, and a
calibration fitted on officers' decisions.

The match weight of a level is ``log2(m / u)`` bits. A pair's log-odds is the prior's plus the sum of its
levels' weights, with Splink-style term-frequency adjustment on name matches: agreeing on "Pooja" is worth
less than agreeing on "Tanushree". Parameters come from unlabelled data — u from random pairs, m and the
prior by expectation–maximisation over candidate pairs — and are refined by labelled pairs when given:
confirmed matches update m, and a two-parameter logistic (Platt) calibration maps log-odds to a probability
that agrees with officers' decisions.

>>> model = Model.default("link")
>>> round(model.weight("gender", "different"), 1) < -3
True
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources

import numpy as np

from .compare import AGE, COMPARISONS, FACE, FIELDS, GENDER, NAME
from .faces import comparison as faces

_NLEV = max(len(c.levels) for c in COMPARISONS)
_TF_LEVELS = (1, 2, 4, 5)  # name levels where a specific token agreed
_TF_CLAMP = 4.0  # bits; a single frequency table should not swamp the other evidence
_FLOOR = 1e-4


@dataclass(frozen=True)
class Model:
    """Parameters of one matching mode (``"link"`` or ``"dedupe"``); immutable, serialisable to JSON."""

    mode: str
    m: tuple[tuple[float, ...], ...]
    u: tuple[tuple[float, ...], ...]
    prior: float
    name_freq: dict[str, float] = field(default_factory=dict)
    default_freq: float = 1e-3
    calibration: tuple[float, float] = (1.0, 0.0)
    #: Share of the rivals' bits (scoring.rival_bits) that counts: 1 until labelled pairs fit it.
    rival_weight: float = 1.0
    #: m and u of the face levels. Kept apart from ``m`` and ``u``: records carry no embeddings, so
    #: fitting on records must not touch them; they come from the photo benchmark (docs/matching.md).
    face: tuple[tuple[float, ...], tuple[float, ...]] = (faces.DEFAULT_M, faces.DEFAULT_U)

    # ---- weights ---------------------------------------------------------------------------------
    def weight(self, field_name: str, level: str) -> float:
        """Match weight in bits of one level, e.g. ``weight("name", "exact")``."""
        c = FIELDS.index(field_name)
        lv = COMPARISONS[c].levels.index(level)
        return float(self.weights()[c, lv])

    def weights(self) -> np.ndarray:
        """Table of weights in bits, ``[comparison, level]``; level 0 (null) weighs 0."""
        cached = self.__dict__.get("_w")
        if cached is not None:
            return cached
        w = np.zeros((len(COMPARISONS), _NLEV))
        for c, comp in enumerate(COMPARISONS):
            for lv in range(1, len(comp.levels)):
                w[c, lv] = math.log2(max(self.m[c][lv], _FLOOR) / max(self.u[c][lv], _FLOOR))
        # A face may never outweigh a gender mismatch or an impossible age (docs/matching.md "Faces").
        top = faces.ceiling(
            w[GENDER, COMPARISONS[GENDER].levels.index("different")],
            w[AGE, COMPARISONS[AGE].levels.index("far")],
        )
        w[FACE, : len(faces.LEVELS)] = faces.bounded_weights(*self.face, top, _FLOOR)
        object.__setattr__(self, "_w", w)
        return w

    def tf_adjustment(self, name_level: int, token: str) -> float:
        """Extra bits for agreeing on a rare name, fewer for a common one.

        ``token`` is the agreeing name (``"a|b"`` for two spellings: the commoner counts), prefixed with
        the state (``"UP:pooja"``) when both records are in one state: names are regional, so two
        children of one state share a name more often than two children of India, and the place's own
        weight has already counted the state. The frequency within the state is used where the model has
        one (names common there), else the national one.
        """
        if name_level not in _TF_LEVELS or not token:
            return 0.0
        # Once per level and token: a batch asks for the same few thousand names a million times.
        memo = self.__dict__.get("_tf")
        if memo is None or len(memo) >= 200_000:
            memo = {}
            object.__setattr__(self, "_tf", memo)
        key = (name_level, token)
        adj = memo.get(key)
        if adj is None:
            adj = memo[key] = self._tf_adjustment(name_level, token)
        return adj

    def _tf_adjustment(self, name_level: int, token: str) -> float:
        state, _, names = token.rpartition(":")
        freq = max(
            self.name_freq.get(f"{state}:{t}") or self.name_freq.get(t, self.default_freq)
            for t in names.split("|")
        )
        adj = math.log2(max(self.u[NAME][name_level], _FLOOR) / max(freq, 1e-6))
        return max(-_TF_CLAMP, min(_TF_CLAMP, adj))

    @property
    def prior_bits(self) -> float:
        return math.log2(self.prior / (1 - self.prior))

    def probability(self, bits: float | np.ndarray) -> float | np.ndarray:
        """Calibrated match probability for a total log-odds in bits."""
        a, b = self.calibration
        return 1.0 / (1.0 + np.exp2(-(a * np.asarray(bits) + b)))

    def total_bits(self, levels: np.ndarray, tf: np.ndarray | None = None) -> np.ndarray:
        """Log-odds in bits for a matrix of levels (pairs x comparisons) plus optional tf adjustments."""
        w = self.weights()
        total = w[np.arange(len(COMPARISONS)), levels].sum(axis=1) + self.prior_bits
        return total if tf is None else total + tf

    # ---- serialisation -----------------------------------------------------------------------------
    def to_json(self) -> dict[str, object]:
        def table(p: Sequence[Sequence[float]]) -> dict[str, dict[str, float]]:
            return {
                c.field: {c.levels[i]: round(p[k][i], 6) for i in range(1, len(c.levels))}
                for k, c in enumerate(COMPARISONS)
            }

        return {
            "mode": self.mode,
            "prior": self.prior,
            "m": table(self.m),
            "u": table(self.u),
            "calibration": list(self.calibration),
            "rival_weight": self.rival_weight,
            "default_freq": self.default_freq,
            "name_freq": {k: round(v, 7) for k, v in self.name_freq.items()},
            "face": {
                k: {lv: round(p[i], 6) for i, lv in enumerate(faces.LEVELS) if i}
                for k, p in zip(("m", "u"), self.face)
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Model:
        def table(t: dict[str, dict[str, float]]) -> tuple[tuple[float, ...], ...]:
            return tuple(
                faces.DEFAULT_U
                if c.field == "face" and "face" not in t
                else tuple([0.0] + [float(t[c.field][lv]) for lv in c.levels[1:]])
                for c in COMPARISONS
            )

        face = data.get("face") or {}
        face_mu = (
            tuple(
                tuple([0.0] + [float(face[k][lv]) for lv in faces.LEVELS[1:]])  # type: ignore[index]
                for k in ("m", "u")
            )
            if face
            else (faces.DEFAULT_M, faces.DEFAULT_U)
        )

        return cls(
            mode=str(data["mode"]),
            m=table(data["m"]),
            u=table(data["u"]),  # type: ignore[arg-type]
            prior=float(data["prior"]),
            name_freq=dict(data.get("name_freq", {})),  # type: ignore
            default_freq=float(data.get("default_freq", 1e-3)),  # type: ignore[arg-type]
            calibration=tuple(data.get("calibration", (1.0, 0.0))),  # type: ignore[arg-type]
            rival_weight=float(data.get("rival_weight", 1.0)),  # type: ignore[arg-type]
            face=face_mu,
        )  # type: ignore[arg-type]

    def save(self, path: str) -> None:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_json(), f, ensure_ascii=False, indent=1)

    @classmethod
    def load(cls, path: str) -> Model:
        with open(path, encoding="utf-8") as f:
            return cls.from_json(json.load(f))

    @classmethod
    def load_mode(cls, path: str, mode: str) -> Model:
        """Load a model file holding one mode, or both (``{"link": ..., "dedupe": ...}``)."""
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        return cls.from_json(data[mode] if mode in data else data)

    @classmethod
    def default(cls, mode: str = "link") -> Model:
        """The shipped parameters (fitted on synthetic data; refit on real data when it is available)."""
        text = resources.files("childmatch").joinpath("data/default_model.json").read_text("utf-8")
        return cls.from_json(json.loads(text)[mode])


# ---- estimation ------------------------------------------------------------------------------------------
def level_frequencies(levels: np.ndarray, weights: np.ndarray | None = None) -> tuple[tuple[float, ...], ...]:
    """Share of each non-null level per comparison (optionally weighted), smoothed."""
    out = []
    for c, comp in enumerate(COMPARISONS):
        n = len(comp.levels)
        col = levels[:, c]
        wts = np.ones(len(col)) if weights is None else weights
        counts = np.bincount(col, weights=wts, minlength=n)[:n].astype(float)
        counts[0] = 0.0
        counts[1:] += 0.5 * max(wts.sum(), 1.0) / len(col) if len(col) else 0.5
        total = counts[1:].sum()
        out.append(tuple([0.0] + list(counts[1:] / total)))
    return tuple(out)


def name_frequencies(token_lists: Iterable[Sequence[str]]) -> tuple[dict[str, float], float]:
    """Share of records whose name has each token, and the share to assume for an unseen token."""
    counts: dict[str, int] = {}
    n = 0
    for tokens in token_lists:
        n += 1
        for t in set(tokens):
            counts[t] = counts.get(t, 0) + 1
    if not n:
        return {}, 1e-3
    freq = {t: c / n for t, c in counts.items() if c >= 2}
    return freq, 1.0 / n


def expectation_maximisation(
    levels: np.ndarray,
    u: tuple[tuple[float, ...], ...],
    prior: float,
    m: tuple[tuple[float, ...], ...],
    iterations: int = 25,
    ignore: Sequence[int] = (),
    max_prior: float = 0.5,
) -> tuple[tuple[tuple[float, ...], ...], float]:
    """Estimate m and the prior on candidate pairs with u held fixed (as Splink does).

    ``ignore`` lists comparisons that chose the pairs (the blocking key): their agreement says nothing
    about matching within these pairs, so they are left out, and their m returned unchanged.
    """
    levels = levels.copy()
    if ignore:
        levels[:, list(ignore)] = 0
    idx = np.arange(len(COMPARISONS))
    for _ in range(iterations):
        mm = np.array([list(r) + [0.0] * (_NLEV - len(r)) for r in m])
        uu = np.array([list(r) + [0.0] * (_NLEV - len(r)) for r in u])
        mm[:, 0] = 1.0
        uu[:, 0] = 1.0
        lm = np.log(np.maximum(mm[idx, levels], _FLOOR)).sum(axis=1) + math.log(prior)
        lu = np.log(np.maximum(uu[idx, levels], _FLOOR)).sum(axis=1) + math.log(1 - prior)
        p = 1.0 / (1.0 + np.exp(np.clip(lu - lm, -50, 50)))
        new_m = tuple(
            old if c in ignore else new for c, (old, new) in enumerate(zip(m, level_frequencies(levels, p)))
        )
        prior = float(min(max(p.mean(), 1e-6), max_prior))
        delta = max(abs(a - b) for ra, rb in zip(new_m, m) for a, b in zip(ra, rb))
        m = new_m
        if delta < 1e-4:
            break
    return m, prior


def platt(bits: np.ndarray, labels: np.ndarray, iterations: int = 100) -> tuple[float, float]:
    """Fit ``p = 1 / (1 + 2^-(a*bits + b))`` to labelled pairs: damped Newton steps on the log-likelihood."""
    x = np.asarray(bits, dtype=float) * math.log(2)
    y = np.asarray(labels, dtype=float)

    def loss(a: float, b: float) -> float:
        z = a * x + b
        return float(np.sum(np.logaddexp(0, z) - y * z) + 1e-3 * ((a - 1) ** 2 + b**2))

    a, b = 1.0, 0.0
    current = loss(a, b)
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-np.clip(a * x + b, -30, 30)))
        g = np.array([np.sum((p - y) * x) + 2e-3 * (a - 1), np.sum(p - y) + 2e-3 * b])
        w = p * (1 - p) + 1e-9
        h = np.array([[np.sum(w * x * x) + 2e-3, np.sum(w * x)], [np.sum(w * x), np.sum(w) + 2e-3]])
        step = np.linalg.solve(h, g)
        t = 1.0
        while t > 1e-6:
            na, nb = a - t * step[0], b - t * step[1]
            new = loss(na, nb)
            if new <= current:
                break
            t /= 2
        else:
            break
        converged = current - new < 1e-10
        a, b, current = na, nb, new
        if converged:
            break
    return float(a), float(b / math.log(2))


def platt_with_rivals(
    bits: np.ndarray, rivals: np.ndarray, labels: np.ndarray, iterations: int = 100
) -> tuple[tuple[float, float], float]:
    """Fit ``p = 1 / (1 + 2^-(a*(bits + c*rivals) + b))``: the calibration ``(a, b)`` and how much of the
    rivals' share counts (``c``, :attr:`Model.rival_weight`), by damped Newton steps with a light pull
    towards ``(1, 1, 0)``."""
    x = np.stack([np.asarray(bits, float), np.asarray(rivals, float), np.ones(len(bits))], axis=1)
    x[:, :2] *= math.log(2)
    y = np.asarray(labels, dtype=float)
    centre = np.array([1.0, 1.0, 0.0])

    def loss(theta: np.ndarray) -> float:
        z = x @ theta
        return float(np.sum(np.logaddexp(0, z) - y * z) + 1e-3 * np.sum((theta - centre) ** 2))

    theta = centre.copy()
    current = loss(theta)
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-np.clip(x @ theta, -30, 30)))
        g = x.T @ (p - y) + 2e-3 * (theta - centre)
        h = (x * (p * (1 - p) + 1e-9)[:, None]).T @ x + 2e-3 * np.eye(3)
        step = np.linalg.solve(h, g)
        t = 1.0
        while t > 1e-6:
            new = loss(theta - t * step)
            if new <= current:
                break
            t /= 2
        else:
            break
        converged = current - new < 1e-10
        theta, current = theta - t * step, new
        if converged:
            break
    a, c, b = (float(v) for v in theta)
    if a <= 0.05:  # degenerate labels: keep the plain calibration
        return platt(np.asarray(bits) + np.asarray(rivals), labels), 1.0
    return (a, b / math.log(2)), max(0.0, c / a)


def with_labels(
    model: Model, levels: np.ndarray, tf: np.ndarray, labels: np.ndarray, strength: float = 50.0
) -> Model:
    """Refine ``model`` with labelled pairs: m from confirmed matches (shrunk towards the EM estimate by
    ``strength`` pseudo-pairs), then a calibration fitted on every labelled pair."""
    labels = np.asarray(labels, dtype=bool)
    m = model.m
    if labels.sum() > 0:
        seen = level_frequencies(levels[labels])
        k = float(labels.sum())
        m = tuple(
            tuple([0.0] + [(k * s[i] + strength * e[i]) / (k + strength) for i in range(1, len(e))])
            for s, e in zip(seen, model.m)
        )
    refined = replace(model, m=m, calibration=(1.0, 0.0))
    if 0 < labels.sum() < len(labels):
        refined = replace(refined, calibration=platt(refined.total_bits(levels, tf), labels))
    return refined

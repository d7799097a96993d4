"""Anomalies: each metric of a run judged against its own history (pure; no clock).

The baseline of a series (a metric of a source, or of the whole run) is robust: the quartiles
of its earlier values, never mean and standard deviation, so one bad run in the history does
not widen the band, and a skewed series (medians of a few long articles) gets a skewed band.
The band is Tukey's fences, the quartiles -+ `k` interquartile ranges (k = 3: "far out"; for
normal noise that is about 4.7 standard deviations), on a scale where noise is even:
- counts (files, articles) on a square-root scale (Poisson noise is about 0.5 there);
- rates (shares of n files or articles) by the binomial distribution itself: the rate pooled
  over the baseline's runs, its spread widened by the overdispersion the history shows (runs
  vary more than coin flips do), and the band the binomial quantiles at `rate_p` (a share of
  1% jumping to 30% of 45 files is a one-in-10^15 event, which no normal approximation says);
- the median furniture share on an arcsine-square-root scale, its spread at least
  1 / (2 sqrt(n)) for a median of n articles;
- levels (median words, means per article) on a log scale (log1p), their spread at least
  `level_floor` (relative: a median of ten articles moves by that much), and widened by
  sqrt(usual n / n) when this run rests on fewer articles than its history did.
Gaps (hours since a source's last new article) are judged on one side: a source is silent for
too long when the silence is longer than both `gap_factor` times the longest silence of its
recent history (any silence at all, for a source that never missed a run) and the silence its
usual rate of articles makes improbable (Poisson: exp(-rate * hours) < `silence_p`).

Seasonality (counts, rates and gaps): when the history holds `season_min` runs of the same
weekday and hour (over `season_weeks`), or else of the same hour of day (over `season_days`),
the baseline is those runs; otherwise the last `window` runs (always, for levels). A series is
judged once it has `min_history` values (values over fewer than `min_n` files or articles are
neither judged nor used).

Why our own: seasonal decompositions (statsmodels' STL, Prophet) want evenly spaced series
and whole seasons of history, which hand-started and skipped runs do not give, and Prophet
needs a compiled Stan backend; outlier detectors (PyOD, scikit-learn) score points but give no
expected range to show. A robust band per series is what Soda's and Elementary's anomaly checks
do for the same job, and it explains itself: expected low, expected high, observed.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import polars as pl

from transforms.monitoring import COUNT, GAP, LEVEL, RATE, SHARE, kind

# Volumes, silences and rates follow the clock (fewer articles by night, more refusals when a
# site's night edition breaks); medians and means per article do not, and a season's handful of
# runs would only make their bands noisier.
SEASONAL = (COUNT, GAP, RATE)
RECENT = "last runs"
SAME_HOUR = "same hour of day"
SAME_WEEKDAY_HOUR = "same weekday and hour"
HISTORY_SCHEMA = pl.Schema(
    {
        "source": pl.String(),
        "metric": pl.String(),
        "value": pl.Float64(),
        "n": pl.Int64(),
        "measured_at": pl.Datetime("us"),
    }
)


@dataclass(frozen=True)
class Rules:
    """How series are judged (flows/settings.py carries them)."""

    window: int = 30  # the last runs a baseline rests on when no season applies
    min_history: int = 20  # earlier values a series needs before it is judged
    k: float = 3.0  # the band: quartiles -+ k interquartile ranges (Tukey's far-out fences)
    min_n: int = 5  # fewest files or articles a rate or level must rest on
    level_floor: float = 0.15  # a level's spread is at least this share of it
    gap_factor: float = 1.5  # silence flagged beyond this times the longest recent silence
    silence_p: float = 0.001  # ... and beyond what the source's usual rate makes this unlikely
    rate_p: float = 1e-5  # a rate is flagged beyond its binomial quantiles at p/2 and 1 - p/2
    season_min: int = 8  # runs of one season slot needed to judge by season
    season_days: int = 14  # how far back the same hour of day is looked for
    season_weeks: int = 10  # ... and the same weekday and hour
    blocking: frozenset[str] = field(default_factory=frozenset)  # metrics that block a batch

    def history_from(self, at: datetime) -> datetime:
        """The oldest time any baseline of a run at `at` may reach back to."""
        return at - max(timedelta(days=self.season_days), timedelta(weeks=self.season_weeks))


@dataclass(frozen=True)
class Anomaly:
    """A value judged against the band its history expected (an anomaly when `outside`)."""

    source: str  # '' for a whole-run metric
    metric: str
    expected_low: float
    expected_high: float
    observed: float
    expected: float  # the baseline's centre
    baseline: str  # RECENT, SAME_HOUR or SAME_WEEKDAY_HOUR
    history: int  # earlier values the band rests on
    batch: int | None = None  # set when a batch was judged before its commit
    blocked: bool = False

    @property
    def outside(self) -> bool:
        """Whether the observed value lies outside the expected band."""
        return not self.expected_low <= self.observed <= self.expected_high

    def describe(self) -> str:
        """One line for logs and messages."""
        where = f"source {self.source!r}" if self.source else "whole run"
        return (
            f"{self.metric} ({where}): {self.observed:.4g} outside "
            f"[{self.expected_low:.4g}, {self.expected_high:.4g}] "
            f"(expected {self.expected:.4g}, {self.baseline}, {self.history} runs)"
        )


@dataclass(frozen=True)
class Series:
    """The earlier values of one series, oldest first."""

    values: list[float]
    ns: list[int | None]
    times: list[datetime]


def baseline_points(
    series: Series, at: datetime, rules: Rules, seasonal: bool = True
) -> tuple[str, list[int]]:
    """Which earlier values the baseline rests on (their positions) and its name."""
    if not seasonal:
        start = max(len(series.values) - rules.window, 0)
        return RECENT, list(range(start, len(series.values)))
    weekly = [
        i
        for i, t in enumerate(series.times)
        if t.weekday() == at.weekday()
        and t.hour == at.hour
        and t >= at - timedelta(weeks=rules.season_weeks)
    ]
    if len(weekly) >= rules.season_min:
        return SAME_WEEKDAY_HOUR, weekly[-rules.window :]
    daily = [
        i
        for i, t in enumerate(series.times)
        if t.hour == at.hour and t >= at - timedelta(days=rules.season_days)
    ]
    if len(daily) >= rules.season_min and len(daily) < len(series.times):
        return SAME_HOUR, daily[-rules.window :]
    start = max(len(series.values) - rules.window, 0)
    return RECENT, list(range(start, len(series.values)))


IQR_PER_SD = 1.349  # the interquartile range of a normal distribution, in standard deviations


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """First quartile, median and third quartile (linear interpolation)."""
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def _to_scale(how: str, value: float) -> float:
    """A value on the scale its kind is judged on."""
    if how == COUNT:
        return math.sqrt(max(value, 0.0))
    if how in (RATE, SHARE):
        return math.asin(math.sqrt(min(max(value, 0.0), 1.0)))
    if how == LEVEL:
        return math.log1p(max(value, 0.0))
    return value


def _from_scale(how: str, value: float) -> float:
    """A value on the judging scale back on the metric's own, clipped to what it can be."""
    if how == COUNT:
        return max(value, 0.0) ** 2
    if how in (RATE, SHARE):
        return math.sin(min(max(value, 0.0), math.pi / 2)) ** 2
    if how == LEVEL:
        return math.expm1(max(value, 0.0))
    return value


def noise_floor(how: str, n: int | None, ns: Sequence[int | None], rules: Rules) -> float:
    """The least spread (a standard deviation, on the judging scale) a value over `n` things
    has however steady its history: Poisson for counts, binomial for rates, relative for
    levels."""
    if how == COUNT:
        return 0.5
    if how in (RATE, SHARE):
        return 1.0 / (2.0 * math.sqrt(max(n or 1, 1)))
    return rules.level_floor


def band(
    how: str, values: Sequence[float], ns: Sequence[int | None], n: int | None, rules: Rules
) -> tuple[float, float, float]:
    """(low, centre, high) that the history `values` (over `ns` things each) expects of a
    value over `n` things."""
    q1, centre, q3 = quartiles([_to_scale(how, v) for v in values])
    spread = max(q3 - q1, IQR_PER_SD * noise_floor(how, n, ns, rules))
    usual = statistics.median([m for m in ns if m] or [n or 1])
    if how in (SHARE, LEVEL) and n and n < usual:
        spread *= math.sqrt(usual / n)  # fewer articles than usual: a noisier value
    low = _from_scale(how, q1 - rules.k * spread)
    high = _from_scale(how, q3 + rules.k * spread)
    return low, _from_scale(how, centre), high


def binomial_quantile(n: int, p: float, q: float) -> int:
    """The smallest k with P(X <= k) >= q for X ~ Binomial(n, p) (summed in log space over
    the ten standard deviations around the mean, where all but 1e-20 of it lies)."""
    if p <= 0.0 or n <= 0:
        return 0
    if p >= 1.0:
        return n
    mean, sd = n * p, math.sqrt(n * p * (1.0 - p))
    start = max(0, math.floor(mean - 10 * sd - 1))
    stop = min(n, math.ceil(mean + 10 * sd + 1))
    log_p, log_q = math.log(p), math.log1p(-p)
    cdf = 0.0
    for k in range(start, stop + 1):
        log_pmf = (
            math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
            + k * log_p + (n - k) * log_q
        )  # fmt: skip
        cdf += math.exp(log_pmf)
        if cdf >= q:
            return k
    return stop


def rate_band(
    values: Sequence[float], ns: Sequence[int | None], n: int | None, rules: Rules
) -> tuple[float, float, float]:
    """(low, pooled rate, high) of a rate over `n` things: binomial quantiles around the rate
    pooled over the history (half a success added: a rate never seen above 0 is still not
    taken to be 0), over fewer things than `n` when the history varies more than binomially."""
    sizes = [m or 0 for m in ns]
    p0 = (sum(v * m for v, m in zip(values, sizes, strict=True)) + 0.5) / (sum(sizes) + 1.0)
    z2 = sorted(
        (v * m - m * p0) ** 2 / (m * p0 * (1.0 - p0)) for v, m in zip(values, sizes, strict=True)
    )  # Pearson's: each about chi-square(1) for binomial noise, however small n * p0
    kept = z2[: max(1, math.ceil(0.9 * len(z2)))]  # a bad run or two is not the norm
    dispersion = max(1.0, statistics.fmean(kept) / 0.625)  # lowest 90% of chi2(1): 0.625
    size = max(1, int((n or 1) / dispersion))
    low = binomial_quantile(size, p0, rules.rate_p / 2) / size
    high = binomial_quantile(size, p0, 1.0 - rules.rate_p / 2) / size
    return low, p0, high


def silence_band(
    past: Series, points: Sequence[int], articles: Series | None, at: datetime, rules: Rules
) -> tuple[float, float, float]:
    """(0, median, longest silence allowed) of a source's hours since its last new article:
    beyond `gap_factor` times its longest recent silence and beyond what its usual rate of
    articles (from its `articles` series) makes improbable."""
    values = [past.values[i] for i in points]
    allowed = rules.gap_factor * max(values)
    if articles is not None and len(articles.values) >= 2:
        recent = articles.times[-rules.window :]
        gaps = [(b - a).total_seconds() / 3600.0 for a, b in zip(recent, recent[1:], strict=False)]
        hours = statistics.median(gaps) if gaps else 0.0
        _, usual = baseline_points(articles, at, rules)  # at this hour, when seasonal
        per_run = statistics.fmean(articles.values[i] for i in usual)
        if hours > 0 and per_run > 0:
            allowed = max(allowed, math.log(1.0 / rules.silence_p) * hours / per_run)
    return 0.0, statistics.median(values), allowed


def judgeable(metric: str, n: int | None, rules: Rules) -> bool:
    """Whether a value rests on enough files or articles to be judged or used as history."""
    return kind(metric) in (COUNT, GAP) or (n is not None and n >= rules.min_n)


def histories(history: pl.DataFrame, rules: Rules) -> dict[tuple[str, str], Series]:
    """Each series' usable earlier values, oldest first."""
    out: dict[tuple[str, str], Series] = {}
    ordered = history.sort("measured_at")
    for source, metric, value, n, at in ordered.iter_rows():
        if not judgeable(metric, n, rules):
            continue
        s = out.setdefault((source, metric), Series([], [], []))
        s.values.append(value)
        s.ns.append(n)
        s.times.append(at)
    return out


def judge(
    current: pl.DataFrame,
    history: pl.DataFrame | dict[tuple[str, str], Series],
    at: datetime,
    rules: Rules,
    *,
    metrics: Iterable[str] | None = None,
    batch: int | None = None,
) -> list[Anomaly]:
    """Every value of `current` (source, metric, value, n) that can be judged, with the band
    its history (source, metric, value, n, measured_at; or `histories` of it) expects at time
    `at`, whether or not it lies inside (`Anomaly.outside` says). With `metrics`, only those
    are judged; with `batch`, the results name it and a blocking metric's are marked."""
    series = history if isinstance(history, dict) else histories(history, rules)
    wanted = None if metrics is None else set(metrics)
    out = []
    for source, metric, value, n in current.iter_rows():
        if wanted is not None and metric not in wanted:
            continue
        past = series.get((source, metric))
        if past is None or len(past.values) < rules.min_history:
            continue
        if not judgeable(metric, n, rules):
            continue
        name, points = baseline_points(past, at, rules, seasonal=kind(metric) in SEASONAL)
        values = [past.values[i] for i in points]
        ns = [past.ns[i] for i in points]
        if kind(metric) == RATE:
            low, centre, high = rate_band(values, ns, n, rules)
        elif kind(metric) == GAP:
            low, centre, high = silence_band(
                past, points, series.get((source, "articles")), at, rules
            )
        else:
            low, centre, high = band(kind(metric), values, ns, n, rules)
        outside = not low <= value <= high
        out.append(
            Anomaly(
                source=source,
                metric=metric,
                expected_low=low,
                expected_high=high,
                observed=value,
                expected=centre,
                baseline=name,
                history=len(values),
                batch=batch,
                blocked=outside and batch is not None and metric in rules.blocking,
            )
        )
    return out


def detect(
    current: pl.DataFrame,
    history: pl.DataFrame | dict[tuple[str, str], Series],
    at: datetime,
    rules: Rules,
    *,
    metrics: Iterable[str] | None = None,
    batch: int | None = None,
) -> list[Anomaly]:
    """The values of `current` outside the bands their histories expect (see `judge`)."""
    found = judge(current, history, at, rules, metrics=metrics, batch=batch)
    return [a for a in found if a.outside]


def blocking_metrics(names: Iterable[str]) -> tuple[frozenset[str], list[str]]:
    """The metric names that may block a batch (rates and levels, which a batch measures as
    its run does), and those refused (volumes and silences are the run's, not a batch's)."""
    names = [n for n in names if n]
    ok = frozenset(n for n in names if kind(n) in (RATE, SHARE, LEVEL))
    return ok, [n for n in names if n not in ok]

package com.shopifygenie.analytics;

import java.util.ArrayList;
import java.util.List;

/**
 * Forecasts of a daily series (units or revenue): additive Holt-Winters with a season of
 * {@code season} days when the history holds two full seasons, its smoothing parameters fitted by
 * minimising the sum of squared one-step errors; simple exponential smoothing (α fitted the same
 * way) on a shorter history of at least three days; the mean below that. Prediction intervals
 * follow the models' state-space variances (Hyndman et al., "Forecasting with Exponential
 * Smoothing", 2008, table 6.1). Sales are never negative, so neither is a forecast or a bound.
 * Below two days of history the spread, and so every bound, is unknown: NaN.
 */
final class Forecasting {

  static final double Z80 = 1.2815515655446004;
  static final double Z95 = 1.959963984540054;

  enum Model {
    HOLT_WINTERS_ADDITIVE("holt_winters_additive"),
    SIMPLE_EXPONENTIAL_SMOOTHING("simple_exponential_smoothing"),
    MEAN("mean");

    final String wireName;

    Model(String wireName) {
      this.wireName = wireName;
    }
  }

  /** A day ahead: the forecast and its 80 % and 95 % prediction intervals. */
  record Point(double mean, double lower80, double upper80, double lower95, double upper95) {}

  /** The model used, its fitted parameters (null where the model has none), the residual σ, and the points. */
  record Fit(Model model, Double alpha, Double beta, Double gamma, double sigma, List<Point> points) {}

  private Forecasting() {}

  static Fit forecast(double[] history, int season, int horizon) {
    if (history.length >= 2 * season) {
      return holtWinters(history, season, horizon);
    }
    if (history.length >= 3) {
      return simpleSmoothing(history, horizon);
    }
    return mean(history, horizon);
  }

  // --- additive Holt-Winters

  private static Fit holtWinters(double[] y, int m, int horizon) {
    var best = new double[] {0.5, 0.1, 0.1};
    var bestSse = Double.MAX_VALUE;
    // a coarse grid, then two finer ones around the best point so far
    double[][] grids = {{0.05, 0.95, 0.1}, {-0.05, 0.05, 0.01}, {-0.01, 0.01, 0.002}};
    for (var round = 0; round < grids.length; round++) {
      var centre = best.clone();
      var g = grids[round];
      for (var da = g[0]; da <= g[1] + 1e-12; da += g[2]) {
        for (var db = g[0]; db <= g[1] + 1e-12; db += g[2]) {
          for (var dg = g[0]; dg <= g[1] + 1e-12; dg += g[2]) {
            var a = round == 0 ? da : centre[0] + da;
            var b = round == 0 ? db : centre[1] + db;
            var c = round == 0 ? dg : centre[2] + dg;
            if (a <= 0 || a >= 1 || b < 0 || b >= 1 || c < 0 || c >= 1) {
              continue;
            }
            var sse = new HoltWintersState(y, m).run(a, b, c);
            if (sse < bestSse) {
              bestSse = sse;
              best = new double[] {a, b, c};
            }
          }
        }
      }
    }
    var alpha = best[0];
    var beta = best[1];
    var gamma = best[2];
    var state = new HoltWintersState(y, m);
    state.run(alpha, beta, gamma);
    var errors = y.length - m;
    var sigma = Math.sqrt(bestSse / Math.max(1, errors - 3));
    var points = new ArrayList<Point>(horizon);
    var sumC = 0.0;
    for (var h = 1; h <= horizon; h++) {
      var mean = state.level + h * state.trend + state.seasonal[(y.length - 1 + h) % m];
      var variance = sigma * sigma * (1 + sumC);
      points.add(point(mean, Math.sqrt(variance)));
      // c_h of the variance of the next step: alpha(1 + h beta) + gamma(1 - alpha) every full season
      var c = alpha * (1 + h * beta) + (h % m == 0 ? gamma * (1 - alpha) : 0);
      sumC += c * c;
    }
    return new Fit(Model.HOLT_WINTERS_ADDITIVE, round(alpha), round(beta), round(gamma), sigma, points);
  }

  /**
   * Level, trend and seasonal components started from the first two seasons (level: the first's
   * mean, trend: the change of mean per day between them, season: the first's deviations), then
   * updated day by day from the second season on.
   */
  private static final class HoltWintersState {
    final double[] y;
    final int m;
    double level;
    double trend;
    final double[] seasonal;

    HoltWintersState(double[] y, int m) {
      this.y = y;
      this.m = m;
      var first = 0.0;
      var second = 0.0;
      for (var i = 0; i < m; i++) {
        first += y[i];
        second += y[m + i];
      }
      first /= m;
      second /= m;
      trend = (second - first) / m;
      // the first season's mean stands for its middle day; carried to its last day
      level = first + trend * (m - 1) / 2.0;
      seasonal = new double[m];
      for (var i = 0; i < m; i++) {
        seasonal[i] = y[i] - (first + trend * (i - (m - 1) / 2.0));
      }
    }

    /** Runs the recursion over the days after the first season; answers the sum of squared one-step errors. */
    double run(double alpha, double beta, double gamma) {
      var sse = 0.0;
      for (var t = m; t < y.length; t++) {
        var s = seasonal[t % m];
        var error = y[t] - (level + trend + s);
        sse += error * error;
        var newLevel = alpha * (y[t] - s) + (1 - alpha) * (level + trend);
        trend = beta * (newLevel - level) + (1 - beta) * trend;
        seasonal[t % m] = gamma * (y[t] - newLevel) + (1 - gamma) * s;
        level = newLevel;
      }
      return sse;
    }
  }

  // --- simple exponential smoothing and the mean

  private static Fit simpleSmoothing(double[] y, int horizon) {
    var bestAlpha = 0.5;
    var bestSse = Double.MAX_VALUE;
    var bestLevel = y[0];
    for (var step = 1; step <= 99; step++) {
      var alpha = step / 100.0;
      var level = y[0];
      var sse = 0.0;
      for (var t = 1; t < y.length; t++) {
        var error = y[t] - level;
        sse += error * error;
        level += alpha * error;
      }
      if (sse < bestSse) {
        bestSse = sse;
        bestAlpha = alpha;
        bestLevel = level;
      }
    }
    var sigma = Math.sqrt(bestSse / Math.max(1, y.length - 2));
    var points = new ArrayList<Point>(horizon);
    for (var h = 1; h <= horizon; h++) {
      points.add(point(bestLevel, sigma * Math.sqrt(1 + (h - 1) * bestAlpha * bestAlpha)));
    }
    return new Fit(Model.SIMPLE_EXPONENTIAL_SMOOTHING, bestAlpha, null, null, sigma, points);
  }

  private static Fit mean(double[] y, int horizon) {
    var mean = 0.0;
    for (var v : y) {
      mean += v;
    }
    mean = y.length == 0 ? 0 : mean / y.length;
    var squares = 0.0;
    for (var v : y) {
      squares += (v - mean) * (v - mean);
    }
    // a day or none says nothing of the spread: not zero, unknown (NaN), and the bounds with it
    var sigma = y.length < 2 ? Double.NaN : Math.sqrt(squares / (y.length - 1));
    var spread = sigma * Math.sqrt(1 + 1.0 / Math.max(1, y.length));
    var points = new ArrayList<Point>(horizon);
    for (var h = 1; h <= horizon; h++) {
      points.add(point(mean, spread));
    }
    return new Fit(Model.MEAN, null, null, null, sigma, points);
  }

  private static Point point(double mean, double deviation) {
    return new Point(Math.max(0, mean), Math.max(0, mean - Z80 * deviation), Math.max(0, mean + Z80 * deviation),
      Math.max(0, mean - Z95 * deviation), Math.max(0, mean + Z95 * deviation));
  }

  private static double round(double parameter) {
    return Math.round(parameter * 1000) / 1000.0;
  }
}

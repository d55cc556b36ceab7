package com.shopifygenie.analytics;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForecastingTest {

  /** Level 100, trend 0.5 a day, a weekly pattern and Gaussian noise of σ = 3. */
  private static final double[] WEEK = {10, -5, 0, 20, -15, -5, -5};
  private static final double NOISE = 3;

  private static double[] weeklySeries(int days, long seed) {
    var random = new Random(seed);
    var y = new double[days];
    for (var t = 0; t < days; t++) {
      y[t] = 100 + 0.5 * t + WEEK[t % 7] + NOISE * random.nextGaussian();
    }
    return y;
  }

  @Test
  void aWeeklySeasonalSeriesIsFittedByHoltWintersAndItsIntervalsCoverHeldOutDays() {
    var seed = 20261126L;
    System.out.println("seed " + seed);
    var covered80 = 0;
    var covered95 = 0;
    var heldOut = 0;
    var absoluteError = 0.0;
    // ten series of 20 weeks: 18 fitted, the last 14 days held out
    for (var run = 0; run < 10; run++) {
      var series = weeklySeries(140, seed + run);
      var history = Arrays.copyOf(series, 126);
      var fit = Forecasting.forecast(history, 7, 14);
      assertEquals(Forecasting.Model.HOLT_WINTERS_ADDITIVE, fit.model());
      assertTrue(fit.alpha() > 0 && fit.alpha() < 1 && fit.beta() >= 0 && fit.gamma() >= 0, fit::toString);
      // the residual deviation is about the noise's
      assertTrue(fit.sigma() > 2.0 && fit.sigma() < 4.5, "sigma " + fit.sigma());
      for (var h = 0; h < 14; h++) {
        var p = fit.points().get(h);
        var actual = series[126 + h];
        heldOut++;
        absoluteError += Math.abs(actual - p.mean());
        covered80 += actual >= p.lower80() && actual <= p.upper80() ? 1 : 0;
        covered95 += actual >= p.lower95() && actual <= p.upper95() ? 1 : 0;
        assertTrue(p.lower95() <= p.lower80() && p.lower80() <= p.mean() && p.mean() <= p.upper80()
          && p.upper80() <= p.upper95(), p::toString);
      }
    }
    var meanAbsoluteError = absoluteError / heldOut;
    // the noise alone gives 3 × √(2/π) ≈ 2.4; parameter error adds a little
    assertTrue(meanAbsoluteError < 4.5, "mean absolute error " + meanAbsoluteError);
    assertTrue(covered95 >= 0.9 * heldOut, covered95 + " of " + heldOut + " within the 95 % interval");
    assertTrue(covered80 >= 0.65 * heldOut, covered80 + " of " + heldOut + " within the 80 % interval");
  }

  @Test
  void aNoiselessSeasonalSeriesIsForecastExactly() {
    var y = new double[56];
    for (var t = 0; t < y.length; t++) {
      y[t] = 50 + 2 * t + WEEK[t % 7];
    }
    var fit = Forecasting.forecast(y, 7, 7);
    assertEquals(Forecasting.Model.HOLT_WINTERS_ADDITIVE, fit.model());
    for (var h = 1; h <= 7; h++) {
      var t = 55 + h;
      assertEquals(50 + 2 * t + WEEK[t % 7], fit.points().get(h - 1).mean(), 0.05);
    }
    assertTrue(fit.sigma() < 0.05, "sigma " + fit.sigma());
  }

  @Test
  void lessThanTwoWeeksFallsBackToSimpleExponentialSmoothing() {
    var fit = Forecasting.forecast(new double[] {10, 12, 11, 9, 10, 11, 10, 12, 11, 10}, 7, 3);
    assertEquals(Forecasting.Model.SIMPLE_EXPONENTIAL_SMOOTHING, fit.model());
    assertNull(fit.beta());
    assertNull(fit.gamma());
    var first = fit.points().get(0);
    assertTrue(first.mean() > 9 && first.mean() < 12, first::toString);
    // the same level every day ahead, the interval widening
    assertEquals(first.mean(), fit.points().get(2).mean(), 1e-9);
    assertTrue(fit.points().get(2).upper95() - fit.points().get(2).lower95() >= first.upper95() - first.lower95());
  }

  @Test
  void twoDaysOrLessFallBackToTheMean() {
    var fit = Forecasting.forecast(new double[] {4, 8}, 7, 2);
    assertEquals(Forecasting.Model.MEAN, fit.model());
    assertEquals(6, fit.points().get(0).mean(), 1e-9);
    // σ = √8, spread σ √(1 + 1/2) = √12
    assertEquals(6 + Forecasting.Z95 * Math.sqrt(12), fit.points().get(1).upper95(), 1e-9);
    assertEquals(0, Forecasting.forecast(new double[0], 7, 1).points().get(0).mean());
  }

  /** One day says what sold that day, not how sure a forecast from it is: the bounds are unknown. */
  @Test
  void aDayOrNoneOfHistoryLeavesTheBoundsUnknown() {
    for (var history : new double[][] {{2053}, {}}) {
      var fit = Forecasting.forecast(history, 7, 3);
      assertTrue(Double.isNaN(fit.sigma()), () -> String.valueOf(fit.sigma()));
      var point = fit.points().get(2);
      assertEquals(history.length == 0 ? 0 : 2053, point.mean(), 1e-9);
      for (var bound : new double[] {point.lower80(), point.upper80(), point.lower95(), point.upper95()}) {
        assertTrue(Double.isNaN(bound), point::toString);
      }
    }
  }

  @Test
  void forecastsAndBoundsAreNeverNegative() {
    var fit = Forecasting.forecast(new double[] {0, 0, 5, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0}, 7, 14);
    fit.points().forEach(p -> assertTrue(p.mean() >= 0 && p.lower95() >= 0, p::toString));
  }
}

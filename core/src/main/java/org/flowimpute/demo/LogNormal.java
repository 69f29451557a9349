package org.flowimpute.demo;

/**
 * The law of a magnitude |x|: log|x| ~ N(mu, sigma²).
 *
 * @param mu mean of log|x|
 * @param sigma standard deviation of log|x|
 */
public record LogNormal(double mu, double sigma) {

  /** E|x| = exp(mu + sigma²/2). */
  public double mean() {
    return Math.exp(mu + 0.5 * sigma * sigma);
  }

  /** E[(|x| − t)⁺] = e^(mu+sigma²/2) Φ(d₁) − t Φ(d₁ − sigma), d₁ = (mu − ln t + sigma²)/sigma. */
  public double expectedExcess(double threshold) {
    double d1 = (mu - Math.log(threshold) + sigma * sigma) / sigma;
    return mean() * Normal.cdf(d1) - threshold * Normal.cdf(d1 - sigma);
  }
}

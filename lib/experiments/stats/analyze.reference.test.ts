import { describe, expect, it } from "vitest";
import { analyze, type AnalyzeResult } from "./analyze";
import type { AnalyzeInput } from "./schema";
import { expectRelClose } from "../../../tests/support/expect-close";

/*
 * Reference values computed independently with numpy/scipy 1.17 from raw
 * per-user samples (the sums below are those samples' sufficient statistics).
 * Common helpers of the snippets:
 *
 *   import numpy as np; from scipy import stats
 *   def welch(est, var, dof, alpha=0.05):
 *       se = np.sqrt(var); q = stats.t.ppf(1 - alpha/2, dof)
 *       return 2*stats.t.sf(abs(est/se), dof), est - q*se, est + q*se
 *   def dof_ws(vc, nc, vt, nt):
 *       return (vt/nt + vc/nc)**2 / ((vt/nt)**2/(nt-1) + (vc/nc)**2/(nc-1))
 */

function only(result: AnalyzeResult) {
  expect(result.treatments).toHaveLength(1);
  return result.treatments[0];
}

/*
 * rng = np.random.default_rng(7)
 * c = rng.gamma(2.0, 5.0, 800); t = rng.gamma(2.0, 5.3, 750)
 * # absolute: scipy's own Welch test
 * r = stats.ttest_ind(t, c, equal_var=False, alternative=alt); r.pvalue, r.confidence_interval(0.95)
 * # relative: delta method
 * mc, mt = c.mean(), t.mean(); vc, vt = c.var(ddof=1), t.var(ddof=1)
 * lift = (mt - mc)/abs(mc); var = vt/(nt*mc**2) + vc*mt**2/(nc*mc**4); welch(lift, var, dof_ws(...))
 * one-sided (alpha=0.1): stats.t.sf(lift/se, dof), lift - stats.t.ppf(0.9, dof)*se   (greater)
 */
const MEAN_VARIANTS = [
  { key: "control", n: 800, sum: 7506.8351588243595, sumSquares: 109809.91011784588 },
  { key: "treatment", n: 750, sum: 7881.224015723017, sumSquares: 126521.73362381241 },
];

describe("frequentist engine vs scipy", () => {
  it("mean metric, two-sided: relative and absolute Welch tests", () => {
    const r = only(analyze({ metricType: "mean", variants: MEAN_VARIANTS }));
    expectRelClose(r.lift, 0.11986459969384881);
    expectRelClose(r.pValue, 0.004341755893201303);
    expectRelClose(r.liftCI?.[0], 0.03755495456626154);
    expectRelClose(r.liftCI?.[1], 0.2021742448214361);
    expectRelClose(r.absolutePValue, 0.0026331318652074586);
    expectRelClose(r.absoluteCI?.[0], 0.39241710921307105);
    expectRelClose(r.absoluteCI?.[1], 1.8570923689874088);
    expect(r.chanceToBeatControl).toBeNull();
    expect(r.risk).toBeNull();
    expect(r.warning).toBeNull();
  });

  it("mean metric, one-sided greater and less", () => {
    const greater = only(analyze({ metricType: "mean", variants: MEAN_VARIANTS, sides: "greater" }));
    expectRelClose(greater.absolutePValue, 0.0013165659326037293);
    expectRelClose(greater.absoluteCI?.[0], 0.5102729269576005);
    expect(greater.absoluteCI?.[1]).toBeNull();
    const less = only(analyze({ metricType: "mean", variants: MEAN_VARIANTS, sides: "less" }));
    expectRelClose(less.absolutePValue, 0.9986834340673962);
    expect(less.absoluteCI?.[0]).toBeNull();
    expectRelClose(less.absoluteCI?.[1], 1.7392365512428793);

    const g10 = only(analyze({ metricType: "mean", variants: MEAN_VARIANTS, sides: "greater", alpha: 0.1 }));
    expectRelClose(g10.pValue, 0.0021708779466006515);
    expectRelClose(g10.liftCI?.[0], 0.06606475956244032);
    const l10 = only(analyze({ metricType: "mean", variants: MEAN_VARIANTS, sides: "less", alpha: 0.1 }));
    expectRelClose(l10.pValue, 0.9978291220533994);
    expectRelClose(l10.liftCI?.[1], 0.1736644398252573);
  });

  it("binomial metric uses p(1-p) per unit", () => {
    // pc, pt = 420/5000, 480/5100; vc, vt = pc*(1-pc), pt*(1-pt); dof = dof_ws(vc, 5000, vt, 5100)
    // welch((pt-pc)/pc, vt/(nt*pc**2) + vc*pt**2/(nc*pc**4), dof); welch(pt-pc, vt/nt + vc/nc, dof)
    const r = only(
      analyze({
        metricType: "binomial",
        variants: [
          { key: "a", n: 5000, sum: 420 },
          { key: "b", n: 5100, sum: 480 },
        ],
      }),
    );
    expectRelClose(r.lift, 0.1204481792717086);
    expectRelClose(r.pValue, 0.09193940470012703);
    expectRelClose(r.liftCI?.[0], -0.019637426557652063);
    expectRelClose(r.liftCI?.[1], 0.2605337851010693);
    expectRelClose(r.absoluteDiff, 0.010117647058823523);
    expectRelClose(r.absolutePValue, 0.07419416638293405);
    expectRelClose(r.absoluteCI?.[0], -0.0009893250900819342);
    expectRelClose(r.absoluteCI?.[1], 0.02122461920772898);
  });

  it("ratio metric uses the delta-method per-unit variance", () => {
    // rng = np.random.default_rng(11); d = rng.poisson(3.0, n) + 1.0; m = rng.binomial(d.astype(int), rate)
    // control n=1200 rate .20, treatment n=1150 rate .23; cov = np.cov(m, d, ddof=1)
    // v = cov[0,0]/md**2 - 2*cov[0,1]*mm/md**3 + mm**2*cov[1,1]/md**4; then as for means
    const r = only(
      analyze({
        metricType: "ratio",
        variants: [
          { key: "control", n: 1200, sum: 930, sumSquares: 1686, denominatorSum: 4753, denominatorSumSquares: 22465, crossSum: 4426 },
          { key: "treatment", n: 1150, sum: 1052, sumSquares: 1940, denominatorSum: 4507, denominatorSumSquares: 20935, crossSum: 4877 },
        ],
      }),
    );
    expectRelClose(r.mean, 0.23341468826270245);
    expectRelClose(r.lift, 0.1929247454974459);
    expectRelClose(r.pValue, 7.761551073970032e-5);
    expectRelClose(r.liftCI?.[0], 0.09735717368150518);
    expectRelClose(r.liftCI?.[1], 0.28849231731338665);
    expectRelClose(r.absoluteDiff, 0.03774879303863343);
    expectRelClose(r.absolutePValue, 1.4891294292293963e-5);
    expectRelClose(r.absoluteCI?.[0], 0.020690293699008985);
    expectRelClose(r.absoluteCI?.[1], 0.05480729237825788);
  });

  it("CUPED: pooled theta, adjusted means and variances", () => {
    // rng = np.random.default_rng(3); x ~ N(10, 3); y = 2 + 0.8x + N(0, 2) (treatment: 2.4 + ...)
    // theta = np.cov(Y, X)[0,1] / np.var(X, ddof=1) on both arms pooled  -> 0.8115905734352543
    // adjusted: mean y - theta*mean x; var cyy + theta²cxx - 2theta cxy
    // rel var: vat/(nt*muc**2) + (cyy_c*mut**2/muc**2 - 2*theta*cxy_c*mut/muc + theta**2*cxx_c)/(nc*muc**2)
    const r = only(
      analyze({
        metricType: "mean",
        variants: [
          {
            key: "control", n: 900, sum: 9157.364021594462, sumSquares: 101650.95750404023,
            covariate: { sum: 9080.720367256014, sumSquares: 99689.36131242104, crossSum: 98780.39223538863 },
          },
          {
            key: "treatment", n: 950, sum: 9811.110252895982, sumSquares: 111480.8174321678,
            covariate: { sum: 9431.852084182272, sumSquares: 102460.07232052935, crossSum: 104747.43440884748 },
          },
        ],
      }),
    );
    expectRelClose(r.lift, 0.027877142797257226);
    expectRelClose(r.pValue, 0.0026055502050883646);
    expectRelClose(r.liftCI?.[0], 0.009742608960338527);
    expectRelClose(r.liftCI?.[1], 0.04601167663417592);
    expectRelClose(r.absoluteDiff, 0.2836457160849495);
    expectRelClose(r.absolutePValue, 0.0024281572873952576);
    expectRelClose(r.absoluteCI?.[0], 0.10043181782105562);
    expectRelClose(r.absoluteCI?.[1], 0.4668596143488434);
  });
});

describe("sequential engine vs an independent python implementation", () => {
  /*
   * lift, var, N = 0.11986459969384881, 0.0017608033708094342, 1550   (the mean example above)
   * rho = sqrt((-2 log a + log(-2 log a + 1)) / nstar)   (one-sided: a = 2*alpha)
   * hw(alpha) = sqrt(var*N * 2(N rho²+1)/(N² rho²) * log(sqrt(N rho²+1)/alpha))
   *            (one-sided: log(1 + sqrt(N rho²+1)/(2 alpha)))
   * p = scipy.optimize.brentq(lambda a: hw(a) - abs(lift), 1e-12, 0.999999)   # rho held fixed
   */
  const input: AnalyzeInput = { metricType: "mean", variants: MEAN_VARIANTS, engine: "sequential" };

  it("two-sided, default N* = 5000", () => {
    const r = only(analyze(input));
    expectRelClose(r.liftCI?.[0], -0.013971615615627667);
    expectRelClose(r.liftCI?.[1], 0.2537008150033253);
    expectRelClose(r.pValue, 0.10227521468649746);
  });

  it("two-sided, N* = 1000", () => {
    const r = only(analyze({ ...input, sequentialTuningParameter: 1000 }));
    expectRelClose(r.liftCI?.[0], -0.007942039079995591);
    expectRelClose(r.liftCI?.[1], 0.24767123846769323);
    expectRelClose(r.pValue, 0.08381278966757279);
  });

  it("one-sided greater", () => {
    const r = only(analyze({ ...input, sides: "greater" }));
    expectRelClose(r.liftCI?.[0], -0.0043473100641846785);
    expect(r.liftCI?.[1]).toBeNull();
    expectRelClose(r.pValue, 0.06183813055212896);
  });
});

describe("bayesian engine vs scipy (gbstats get_risk via truncnorm)", () => {
  /*
   * post = (lift, var) for a flat prior; proper prior (0, 0.09): prec = 1/var + 1/0.09 ...
   * ctw = stats.norm.sf(0, m, sd); ci = stats.norm.ppf([0.025, 0.975], m, sd)
   * pneg = stats.norm.cdf(0, m, sd)
   * risk_ctrl = (1-pneg) * stats.truncnorm.mean((0-m)/sd, inf, loc=m, scale=sd)
   * risk_trt = -pneg * stats.truncnorm.mean(-inf, (0-m)/sd, loc=m, scale=sd)
   */
  const input: AnalyzeInput = { metricType: "mean", variants: MEAN_VARIANTS, engine: "bayesian" };

  it("flat prior", () => {
    const r = only(analyze(input));
    expectRelClose(r.lift, 0.11986459969384881);
    expectRelClose(r.chanceToBeatControl, 0.9978583567966878);
    expectRelClose(r.risk?.chooseControl, 0.11989098090814945);
    expectRelClose(r.risk?.chooseTreatment, 2.6381214300626127e-5);
    expectRelClose(r.liftCI?.[0], 0.037620732808202856);
    expectRelClose(r.liftCI?.[1], 0.20210846657949477);
    expect(r.pValue).toBeNull();
  });

  it("proper prior N(0, 0.3²) shrinks the posterior", () => {
    const r = only(analyze({ ...input, prior: { mean: 0, variance: 0.09 } }));
    expectRelClose(r.chanceToBeatControl, 0.9976650875425632);
    expectRelClose(r.risk?.chooseControl, 0.11759319802781106);
    expectRelClose(r.risk?.chooseTreatment, 2.8687080229624436e-5);
    expectRelClose(r.liftCI?.[0], 0.03611355746503671);
    expectRelClose(r.liftCI?.[1], 0.19901546443012613);
  });
});

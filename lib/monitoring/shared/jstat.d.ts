// Minimal typings for the parts of jstat (CommonJS, ships no types) that the
// monitoring library uses. Extend when you need more of it.
declare module "jstat" {
  interface ContinuousDistribution {
    cdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
  }
  interface JStatStatic {
    chisquare: ContinuousDistribution; // cdf(x, dof)
    normal: ContinuousDistribution; // cdf(x, mean, std), inv(p, mean, std)
  }
  const jStat: JStatStatic;
  export default jStat;
}

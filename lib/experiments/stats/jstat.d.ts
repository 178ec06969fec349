// Minimal typings for the parts of jStat (no published types) that the
// experiments stats engine uses. Keep in sync with distributions.ts.
declare module "jstat" {
  interface JStatStatic {
    /** Regularized incomplete beta function I_x(a, b). */
    ibeta(x: number, a: number, b: number): number;
    normal: {
      pdf(x: number, mean: number, std: number): number;
      cdf(x: number, mean: number, std: number): number;
      inv(p: number, mean: number, std: number): number;
    };
    studentt: {
      cdf(x: number, dof: number): number;
      inv(p: number, dof: number): number;
    };
    chisquare: {
      cdf(x: number, dof: number): number;
    };
  }
  const jStat: JStatStatic;
  export default jStat;
}

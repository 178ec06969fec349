// The one typing of jstat (CommonJS, ships no types): the parts the experiments stats engine and the monitoring
// library use. Extend here when you need more of it.
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

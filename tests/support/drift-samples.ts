/**
 * Small fixed samples for the drift tests, with reference values computed by
 * scipy 1.17 (see the Python next to each constant in the tests). Generated
 * once with numpy.random.default_rng(7), rounded to 3 decimals:
 *   a = np.round(rng.normal(10, 2, 25), 3); b = np.round(rng.normal(11, 2.5, 30), 3)
 */
export const A = [10.002, 10.597, 9.452, 8.219, 9.091, 8.017, 10.12, 12.68, 9.016, 8.759, 10.98, 10.714, 10.211, 8.139, 9.941, 11.391, 7.312, 9.085, 6.198, 7.421, 6.317, 9.53, 7.465, 10.543, 10.314];
export const B = [10.533, 4.708, 9.653, 10.879, 11.283, 7.175, 9.806, 8.554, 8.978, 13.652, 8.981, 10.919, 13.211, 9.541, 10.721, 11.276, 11.159, 7.937, 11.19, 14.397, 7.132, 13.148, 11.298, 9.396, 16.001, 12.906, 8.002, 11.186, 12.442, 10.528];

/** Categories: reference a:50 b:30 c:20, current a:30 b:30 c:25. */
export const REF_CATS = [...Array(50).fill("a"), ...Array(30).fill("b"), ...Array(20).fill("c")] as string[];
export const CUR_CATS = [...Array(30).fill("a"), ...Array(30).fill("b"), ...Array(25).fill("c")] as string[];

/**
 * Version of the estimator's formulas, stored with every result. Bump it whenever a number the
 * module returns for the same input could change.
 */
export const ESTIMATOR_VERSION = 'cs2021-did/1.0.0';

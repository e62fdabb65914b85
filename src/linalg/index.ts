/** Dense linear algebra for the small matrices of a tune (parameters × parameters, runs × runs), and the quantiles of samples. */
export { cholesky, spectralMap, symmetricEigen, solvePositiveDefinite, symmetricPseudoInverse, type Eigen } from './symmetric.js';
export { quantileOfSorted } from './quantile.js';

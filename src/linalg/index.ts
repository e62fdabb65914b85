/** Dense linear algebra for the small matrices of a tune: parameters × parameters, runs × runs. */
export { cholesky, spectralMap, symmetricEigen, solvePositiveDefinite, symmetricPseudoInverse, type Eigen } from './symmetric.js';

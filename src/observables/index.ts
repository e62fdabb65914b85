/** Event shapes for e+e− → hadrons: exact thrust, sphericity, C-parameter, hemispheres, Durham jet rates. */
export { EventShapes } from './event-shapes.js';
export { Thrust, computeThrust, absProjection } from './thrust.js';
export { Sphericity, computeSphericity } from './sphericity.js';
export { symmetricEigen3 } from './eigen3.js';
export { LinearisedTensor, computeLinearised } from './linearised.js';
export { Hemispheres, computeHemispheres } from './hemispheres.js';
export { Durham, clusterDurham } from './durham.js';

import { responseSuite } from '../test/helpers/response-suite.js';

// The acceptance figure: 200k events per parameter point.
responseSuite(200_000);

import { responseSuite } from '../helpers/response-suite.js';

// A tenth of the acceptance statistics (test-slow/ runs 200k): every
// parameter already moves some observable by more than 5σ here.
responseSuite(20_000);

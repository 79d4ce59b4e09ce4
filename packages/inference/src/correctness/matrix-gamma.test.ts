// The correctness matrix for one model case (see ../testing/matrix-suite.ts).
import { matrixSuite } from '../testing/matrix-suite.js';

matrixSuite('gamma');

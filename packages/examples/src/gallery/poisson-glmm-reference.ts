// Written by packages/examples/scripts/glmm-quadrature.py (SciPy); do not edit by hand.
import type { GlmmReference } from './poisson-glmm.js';

/** The exact reference of the Poisson GLMM gallery entry (nested quadrature). @category Gallery */
export const GLMM_REFERENCE: GlmmReference = {
  "posterior": {
    "b0": {
      "mean": 0.504413364214265,
      "sd": 0.24909202077279935
    },
    "sigma": {
      "mean": 0.4807516776873047,
      "sd": 0.2607884308293613
    },
    "u[0]": {
      "mean": 0.24898253188745223,
      "sd": 0.3034771335814426
    },
    "u[1]": {
      "mean": -0.4559010209885147,
      "sd": 0.3677846078229752
    },
    "u[2]": {
      "mean": 0.07358751325054085,
      "sd": 0.30006789143899654
    },
    "u[3]": {
      "mean": -0.1905780011833596,
      "sd": 0.31593795259980756
    },
    "u[4]": {
      "mean": 0.4367234288368486,
      "sd": 0.3146495706589377
    },
    "u[5]": {
      "mean": -0.07765928279696506,
      "sd": 0.30541639267549514
    }
  },
  "logEvidence": -86.84825840650292,
  "gridAgreement": 5.891059287888023e-06,
  "method": "nested trapezoid quadrature over (b0, sigma) and each group's effect; 400 x 400 x 801 points, agreeing with 200 x 200 x 401 to the stated gridAgreement"
};

import { it } from 'vitest';
import { linearRegression } from './linear-regression.js';
import { gammaPoisson } from './gamma-poisson.js';
it('calibration', async () => {
  const z: string[] = [];
  for (const [e, steps, seed] of [[linearRegression, 1500, 0], [linearRegression, 500, 2], [linearRegression, 500, 3], [gammaPoisson, 1500, 0], [gammaPoisson, 400, 3], [gammaPoisson, 400, 4]] as const) {
    const { rows } = await e.run({ steps, seed });
    z.push(`${e.name} ${steps} ${seed}: ` + rows.map((r) => `${r.quantity}=${((r.fitted - r.known) / r.se!).toFixed(2)}`).join(' '));
  }
  console.log(z.join('\n'));
}, 900000);

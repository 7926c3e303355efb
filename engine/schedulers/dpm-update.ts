// One DPM-Solver++ multistep update (orders 1-3, ODE or SDE), written as
//   x_prev = cS * x + c0 * D0 + c1 * D1 + c2 * D2 (+ cN * noise)
// with D0 the newest x0 estimate and D1, D2 its scaled first and second differences. The
// coefficients and the summation order follow diffusers' float32 torch code term by term
// (a - b * D equals a + (-b) * D exactly in IEEE arithmetic).
import { f32 } from './numeric';
import { mapF32 } from './sample-ops';

/** (alpha_t, sigma_t) of the variance-preserving process at noise level sigma. */
export function alphaSigma(sigma: number): [number, number] {
  const alpha = f32(1 / f32(Math.sqrt(f32(f32(sigma * sigma) + 1))));
  return [alpha, f32(sigma * alpha)];
}

/** Half log-SNR, log(alpha) - log(sigma); +Infinity at sigma = 0. */
function lambdaAt(sigma: number): number {
  const [alpha, s] = alphaSigma(sigma);
  return f32(f32(Math.log(alpha)) - f32(Math.log(s)));
}

/** c * (a - b), elementwise in float32. */
const scaledDiff = (c: number, a: Float32Array, b: Float32Array) =>
  mapF32(a, (x, i) => f32(c * f32(x - b[i])));

function combine(coefs: number[], terms: Float32Array[]): Float32Array {
  const out = new Float32Array(terms[0].length);
  for (let i = 0; i < out.length; i++) {
    let acc = f32(coefs[0] * terms[0][i]);
    for (let k = 1; k < terms.length; k++) acc = f32(acc + f32(coefs[k] * terms[k][i]));
    out[i] = acc;
  }
  return out;
}

export interface MultistepInput {
  order: 1 | 2 | 3;
  /** float32 sigmas of the schedule; the step goes from sigmas[index] to sigmas[index + 1]. */
  sigmas: Float32Array;
  index: number;
  /** x0 estimates, oldest first; the last is the current one. */
  outputs: Float32Array[];
  sample: Float32Array;
  /** Present for sde-dpmsolver++. */
  noise?: Float32Array;
  midpoint: boolean;
}

export function multistepUpdate(p: MultistepInput): Float32Array {
  const { sigmas, index: i, outputs: m, sample, noise } = p;
  const sde = noise !== undefined;
  const [alphaT, sigmaT] = alphaSigma(sigmas[i + 1]);
  const sigmaS0 = alphaSigma(sigmas[i])[1];
  const lambda = (k: number) => lambdaAt(sigmas[i - k]);
  const h = f32(lambdaAt(sigmas[i + 1]) - lambda(0));
  const m0 = m[m.length - 1];

  // ODE: e = exp(-h); SDE: e = exp(-2h), with an extra exp(-h) on the sample.
  const e = f32(Math.exp(sde ? f32(-2 * h) : -h));
  const cS = sde ? f32(f32(sigmaT / sigmaS0) * f32(Math.exp(-h))) : f32(sigmaT / sigmaS0);
  const c0 = sde ? f32(alphaT * f32(1 - e)) : -f32(alphaT * f32(e - 1));
  // alpha_t * ((e - 1) / h + 1), or alpha_t * ((1 - e) / (-2h) + 1) for the SDE.
  const hScaled = sde ? f32(-2 * h) : h;
  const cFirst = f32(alphaT * f32(f32(f32(sde ? 1 - e : e - 1) / hScaled) + 1));

  const coefs = [cS, c0];
  const terms = [sample, m0];
  if (p.order === 2) {
    const r0 = f32(f32(lambda(0) - lambda(1)) / h);
    coefs.push(p.midpoint ? f32(0.5 * c0) : cFirst);
    terms.push(scaledDiff(f32(1 / r0), m0, m[m.length - 2]));
  } else if (p.order === 3) {
    const [m1, m2] = [m[m.length - 2], m[m.length - 3]];
    const r0 = f32(f32(lambda(0) - lambda(1)) / h);
    const r1 = f32(f32(lambda(1) - lambda(2)) / h);
    const d10 = scaledDiff(f32(1 / r0), m0, m1);
    const d11 = scaledDiff(f32(1 / r1), m1, m2);
    const w = f32(r0 / f32(r0 + r1));
    const d1 = mapF32(d10, (x, k) => x + f32(w * f32(x - d11[k])));
    const d2 = scaledDiff(f32(1 / f32(r0 + r1)), d10, d11);
    // ODE: -alpha_t * ((e - 1 + h) / h^2 - 0.5); SDE: alpha_t * ((1 - e - 2h) / (2h)^2 - 0.5).
    const inner = sde ? f32(f32(1 - e) - f32(2 * h)) : f32(f32(e - 1) + h);
    const c2 = f32(alphaT * f32(f32(inner / f32(hScaled * hScaled)) - 0.5));
    coefs.push(cFirst, sde ? c2 : -c2);
    terms.push(d1, d2);
  }
  if (noise) {
    coefs.push(f32(sigmaT * f32(Math.sqrt(f32(1 - e)))));
    terms.push(noise);
  }
  return combine(coefs, terms);
}

// Readable shorthands over GraphBuilder for the built-in model's graphs.
import { type Attr, GraphBuilder, int } from './graph-builder';

export class Ops {
  constructor(readonly g: GraphBuilder) {}

  c(x: number): string {
    return this.g.scalar(x);
  }
  add(a: string, b: string): string {
    return this.g.op('Add', [a, b]);
  }
  sub(a: string, b: string): string {
    return this.g.op('Sub', [a, b]);
  }
  mul(a: string, b: string): string {
    return this.g.op('Mul', [a, b]);
  }
  div(a: string, b: string): string {
    return this.g.op('Div', [a, b]);
  }
  max(a: string, b: string): string {
    return this.g.op('Max', [a, b]);
  }
  min(a: string, b: string): string {
    return this.g.op('Min', [a, b]);
  }
  abs(a: string): string {
    return this.g.op('Abs', [a]);
  }
  sqrt(a: string): string {
    return this.g.op('Sqrt', [a]);
  }
  floor(a: string): string {
    return this.g.op('Floor', [a]);
  }
  relu(a: string): string {
    return this.g.op('Relu', [a]);
  }
  clip(a: string, lo: number, hi: number): string {
    return this.g.op('Clip', [a, this.c(lo), this.c(hi)]);
  }
  cast(a: string, to: number): string {
    return this.g.op('Cast', [a], { to: int(to) });
  }
  matmul(a: string, b: string): string {
    return this.g.op('MatMul', [a, b]);
  }
  equalF(a: string, b: string, floatType: number): string {
    return this.cast(this.g.op('Equal', [a, b]), floatType);
  }
  unsqueeze(a: string, axes: number[]): string {
    return this.g.op('Unsqueeze', [a, this.g.i64(axes)]);
  }
  reshape(a: string, shape: string): string {
    return this.g.op('Reshape', [a, shape]);
  }
  /** x[..., start:end] along `axis`. */
  slice(a: string, start: number, end: number, axis: number): string {
    return this.g.op('Slice', [a, this.g.i64([start]), this.g.i64([end]), this.g.i64([axis])]);
  }
  /** One column along `axis`, that axis removed. */
  col(a: string, index: number, axis: number): string {
    return this.g.op('Gather', [a, this.g.i64([index], [])], { axis: int(axis) });
  }
  sum(a: string, axes: number[], keep = true): string {
    return this.g.op('ReduceSum', [a, this.g.i64(axes)], { keepdims: int(keep ? 1 : 0) });
  }
  concat(parts: string[], axis: number): string {
    return this.g.op('Concat', parts, { axis: int(axis) });
  }
  cumsum(a: string, axis: number, exclusive = false): string {
    return this.g.op('CumSum', [a, this.g.i64([axis], [])], { exclusive: int(exclusive ? 1 : 0) });
  }
  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}): string {
    return this.g.op(opType, inputs, attrs);
  }
  /** Weighted sum of terms: Σ w_i · x_i. */
  weighted(terms: Array<[string, string]>): string {
    return terms.map(([w, x]) => this.mul(w, x)).reduce((acc, t) => this.add(acc, t));
  }
}

// Reads where an .onnx file keeps external weights without loading the file: a protobuf
// wire-format walk of ModelProto.graph.initializer[] that skips every payload by its length,
// so a 2 GB UNet costs a few thousand small reads. Malformed wire data is reported as corrupt.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface ExternalRef {
  tensor: string;
  location: string;
}

export class OnnxWireError extends Error {}

const WINDOW = 1 << 16;

class FileReader {
  private readonly fd: number;
  readonly size: number;
  private buf = Buffer.alloc(WINDOW);
  private bufStart = 0;
  private bufLen = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'r');
    this.size = fstatSync(this.fd).size;
  }
  close(): void {
    closeSync(this.fd);
  }
  byte(pos: number): number {
    if (pos >= this.size) throw new OnnxWireError('unexpected end of file');
    if (pos < this.bufStart || pos >= this.bufStart + this.bufLen) {
      this.bufStart = pos;
      this.bufLen = readSync(this.fd, this.buf, 0, WINDOW, pos);
    }
    return this.buf[pos - this.bufStart];
  }
  bytes(start: number, end: number): Buffer {
    const out = Buffer.alloc(end - start);
    readSync(this.fd, out, 0, out.length, start);
    return out;
  }
  /** A varint at `pos`: its value (exact below 2^53) and the position after it. */
  varint(pos: number): [number, number] {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte(pos++);
      value += (b & 0x7f) * scale;
      if (b < 0x80) return [value, pos];
      scale *= 128;
    }
    throw new OnnxWireError('malformed varint');
  }
}

type Visit = (field: number, start: number, end: number) => void;

/** Call `visit` for each length-delimited field of the message in [start, end). */
function walk(r: FileReader, start: number, end: number, visit: Visit): void {
  let pos = start;
  while (pos < end) {
    const [tag, afterTag] = r.varint(pos);
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field === 0) throw new OnnxWireError('field number 0');
    pos = afterTag;
    if (wire === 0) pos = r.varint(pos)[1];
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const [len, body] = r.varint(pos);
      if (body + len > end) throw new OnnxWireError('length past the end of its message');
      visit(field, body, body + len);
      pos = body + len;
    } else throw new OnnxWireError(`unsupported wire type ${wire}`);
  }
  if (pos !== end) throw new OnnxWireError('message overruns its length');
}

/** External-data references of the main graph's initializers. Throws OnnxWireError on malformed files. */
export function scanExternalData(file: string): ExternalRef[] {
  const r = new FileReader(file);
  const refs: ExternalRef[] = [];
  try {
    if (r.size === 0) throw new OnnxWireError('empty file');
    let graphs = 0;
    walk(r, 0, r.size, (field, s, e) => {
      if (field !== 7) return; // ModelProto.graph
      graphs++;
      walk(r, s, e, (gField, gs, ge) => {
        if (gField !== 5) return; // GraphProto.initializer
        let name = '';
        let location: string | undefined;
        walk(r, gs, ge, (tField, ts, te) => {
          if (tField === 8) name = r.bytes(ts, te).toString('utf8');
          if (tField !== 13) return; // TensorProto.external_data
          let key = '';
          let value = '';
          walk(r, ts, te, (kField, ks, ke) => {
            if (kField === 1) key = r.bytes(ks, ke).toString('utf8');
            if (kField === 2) value = r.bytes(ks, ke).toString('utf8');
          });
          if (key === 'location') location = value;
        });
        if (location !== undefined) refs.push({ tensor: name, location });
      });
    });
    if (graphs === 0) throw new OnnxWireError('no graph in the model');
  } finally {
    r.close();
  }
  return refs;
}

import { describe, expect, it } from 'vitest';
import { multipartParts, type Part } from '@/lib/http/multipart';

/** A form as fetch serialises it, re-chunked into pieces of `size` bytes. */
async function encoded(form: FormData, size: number) {
  const res = new Response(form);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(ctl) {
      if (at >= bytes.length) return ctl.close();
      ctl.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
  return { body, type, bytes };
}

async function text(part: Part): Promise<string> {
  if (part.filename === undefined) return part.value;
  const pieces: Uint8Array[] = [];
  for await (const p of part.body) pieces.push(p);
  return Buffer.concat(pieces).toString('latin1');
}

describe('multipart bodies read part by part', () => {
  // Bytes that look like the start of a delimiter, and line breaks at the ends of the file.
  const file = `\r\n--almost a boundary\r\n${'x'.repeat(5000)}\r\n-`;

  it.each([1, 7, 64, 65536])(
    'gives fields and the file whatever the chunk size (%i)',
    async (size) => {
      const form = new FormData();
      form.append('conversationId', 'c-1');
      form.append('file', new Blob([file]), 'say "hi".csv');
      form.append('after', 'x');
      const { body, type } = await encoded(form, size);
      const seen: Array<[string, string | undefined, string]> = [];
      for await (const part of multipartParts(body, type))
        seen.push([part.name, part.filename, await text(part)]);
      expect(seen).toEqual([
        ['conversationId', undefined, 'c-1'],
        ['file', 'say "hi".csv', file],
        ['after', undefined, 'x'],
      ]);
    },
  );

  it('skips a part its reader abandons and stops reading when the caller stops', async () => {
    const form = new FormData();
    form.append('file', new Blob([file]), 'a.csv');
    form.append('next', 'y');
    const { body, type } = await encoded(form, 100);
    const names: string[] = [];
    for await (const part of multipartParts(body, type)) {
      names.push(part.name);
      if (part.name === 'next') expect(await text(part)).toBe('y');
    }
    expect(names).toEqual(['file', 'next']);
  });

  it('refuses a body cut off inside a part', async () => {
    const form = new FormData();
    form.append('file', new Blob([file]), 'a.csv');
    const { bytes, type } = await encoded(form, 100);
    const cut = new ReadableStream<Uint8Array>({
      start(ctl) {
        ctl.enqueue(bytes.slice(0, bytes.length - 60));
        ctl.close();
      },
    });
    await expect(async () => {
      for await (const part of multipartParts(cut, type)) await text(part);
    }).rejects.toThrow(/ends before its closing boundary/);
  });
});

describe('multipart bodies refused', () => {
  const B = 'b0undary';
  const once = (text: string) => new Blob([text]).stream();
  const part = (disposition: string, value = 'v') =>
    `--${B}\r\ncontent-disposition: form-data${disposition}\r\n\r\n${value}\r\n`;
  const drain = async (type: string, body: string) => {
    for await (const p of multipartParts(once(body), type)) await text(p);
  };

  const typed = `multipart/form-data; boundary=${B}`;
  it.each([
    {
      why: 'no boundary',
      type: 'multipart/form-data',
      body: `${part('; name="a"')}--${B}--`,
      message: /names no boundary/,
    },
    {
      why: 'a part without a name',
      type: typed,
      body: `${part('')}--${B}--`,
      message: /has no name/,
    },
    {
      why: 'two files',
      type: typed,
      body: `${part('; name="file"; filename="a"')}${part('; name="file"; filename="b"')}--${B}--`,
      message: /one file per request/,
    },
    {
      why: 'a field over 64 KB',
      type: typed,
      body: `${part('; name="a"', 'x'.repeat(64 * 1024 + 1))}--${B}--`,
      code: 'payload_too_large',
      message: /larger than 64 KB/,
    },
  ])('$why', async ({ type, body, code = 'bad_request', message }) => {
    await expect(drain(type, body)).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
  });
});

describe('a file part held back', () => {
  it('is not read until asked for, and the body is cancelled when the caller stops', async () => {
    const head = Buffer.from(
      '--b\r\ncontent-disposition: form-data; name="t"\r\n\r\nx\r\n' +
        '--b\r\ncontent-disposition: form-data; name="file"; filename="f"\r\n\r\n',
    );
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let pulls = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(ctl) {
          ctl.enqueue(pulls++ === 0 ? Buffer.concat([head, chunk]) : chunk);
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
    for await (const p of multipartParts(body, 'multipart/form-data; boundary=b')) {
      if (p.filename === undefined) continue;
      await new Promise((resolve) => setTimeout(resolve, 50));
      break;
    }
    expect(pulls).toBe(1);
    expect(cancelled).toBe(true);
  });
});

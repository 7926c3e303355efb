import { describe, expect, it } from 'vitest';
import { boundaryOf, multipartParts } from '@/lib/http/multipart';

/** A form as fetch serialises it, re-chunked into pieces of `size` bytes. */
async function encoded(form: FormData, size: number) {
  const res = new Response(form);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const boundary = boundaryOf(res.headers.get('content-type') ?? '');
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(ctl) {
      if (at >= bytes.length) return ctl.close();
      ctl.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
  return { body, boundary: boundary!, bytes };
}

async function text(body: AsyncIterable<Uint8Array>): Promise<string> {
  const pieces: Uint8Array[] = [];
  for await (const p of body) pieces.push(p);
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
      const { body, boundary } = await encoded(form, size);
      const seen: Array<[string, string | undefined, string]> = [];
      for await (const part of multipartParts(body, boundary))
        seen.push([part.name, part.filename, await text(part.body)]);
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
    const { body, boundary } = await encoded(form, 100);
    const names: string[] = [];
    for await (const part of multipartParts(body, boundary)) {
      names.push(part.name);
      if (part.name === 'next') expect(await text(part.body)).toBe('y');
    }
    expect(names).toEqual(['file', 'next']);
  });

  it('refuses a body cut off inside a part', async () => {
    const form = new FormData();
    form.append('file', new Blob([file]), 'a.csv');
    const { bytes, boundary } = await encoded(form, 100);
    const cut = new ReadableStream<Uint8Array>({
      start(ctl) {
        ctl.enqueue(bytes.slice(0, bytes.length - 60));
        ctl.close();
      },
    });
    await expect(async () => {
      for await (const part of multipartParts(cut, boundary)) await text(part.body);
    }).rejects.toThrow(/ends inside a part/);
  });
});

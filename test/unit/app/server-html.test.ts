import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { serverHtmlReader } from '@/app/_lib/server-html';

const message = (name: string, inner: string, plain = false) =>
  `<div data-md="${name}"><div class="md${plain ? ' whitespace-pre-wrap' : ''}">${inner}</div></div>`;

describe("reading the server's markdown HTML from the page", () => {
  it('finds a message that arrived after the first ask (the page was still streaming)', () => {
    const { document } = parseHTML(
      `<html><body><main>${message('a.1', '<p>one</p>')}</main></body></html>`,
    );
    const read = serverHtmlReader(document);
    expect(read('a.1')).toBe('<p>one</p>');
    expect(read('b.2')).toBeUndefined();
    document
      .querySelector('main')!
      .insertAdjacentHTML('beforeend', message('b.2', '<p><strong>two</strong></p>'));
    expect(read('b.2')).toBe('<p><strong>two</strong></p>');
  });

  it('keeps what it found once React has replaced the element', () => {
    const { document } = parseHTML(`<html><body>${message('a.1', '<p>one</p>')}</body></html>`);
    const read = serverHtmlReader(document);
    expect(read('a.1')).toBe('<p>one</p>');
    document.querySelector('[data-md]')!.innerHTML =
      '<div class="md whitespace-pre-wrap">one</div>';
    expect(read('a.1')).toBe('<p>one</p>');
  });

  it('does not take text shown as written for rendered HTML', () => {
    const { document } = parseHTML(`<html><body>${message('a.1', '**one**', true)}</body></html>`);
    expect(serverHtmlReader(document)('a.1')).toBeUndefined();
  });

  it('reads only the message itself, not a message nested in it', () => {
    const { document } = parseHTML(
      `<html><body><div data-md="a.1"><section>${message('b.2', '<p>inner</p>')}</section></div></body></html>`,
    );
    const read = serverHtmlReader(document);
    expect(read('a.1')).toBeUndefined();
    expect(read('b.2')).toBe('<p>inner</p>');
  });
});

import { Readable } from 'node:stream';
import Papa from 'papaparse';

export const CSV_DELIMITERS = [',', '\t', ';', '|'];

export type RowEvent = {
  data: string[];
  cursor: number;
  delimiter: string;
  linebreak: string;
  errors: Papa.ParseError[];
};

/**
 * Streams rows through papaparse: values stay text (no dynamic typing), empty lines are skipped, and
 * the delimiter is guessed unless given. `onRow` returns false to stop, and nothing more of `text`
 * is read; a failure of `text` (a thrown refusal) rejects.
 */
export function streamRows(
  text: AsyncIterable<string>,
  delimiter: string | undefined,
  onRow: (row: RowEvent) => boolean | void,
): Promise<void> {
  const source = Readable.from(text);
  return new Promise<void>((resolve, reject) => {
    const config = {
      delimiter: delimiter ?? '',
      delimitersToGuess: CSV_DELIMITERS,
      quoteChar: '"',
      header: false,
      dynamicTyping: false,
      skipEmptyLines: true,
      step(result: Papa.ParseStepResult<string[]>, parser: Papa.Parser) {
        const { meta } = result;
        const go = onRow({
          data: result.data,
          cursor: meta.cursor,
          delimiter: meta.delimiter,
          linebreak: meta.linebreak,
          errors: result.errors,
        });
        if (go === false) {
          parser.abort();
          // papaparse's abort leaves its listener on the stream, which would read (and queue) the rest of the file.
          source.destroy();
        }
      },
      complete: () => resolve(),
      error: (err: Error) => reject(err),
    };
    // papaparse reads Node streams, but its types only name browser files.
    (Papa.parse as (source: unknown, config: unknown) => void)(source, config);
  });
}

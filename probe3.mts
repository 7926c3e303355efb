import fs from 'node:fs';
import Papa from 'papaparse';
import { parseCsv } from './lib/ingest/csv';
import { ingestLimits } from './lib/ingest/limits';
const file = '/tmp/p100k.csv';
const fd = fs.openSync(file, 'w');
fs.writeSync(fd, 'id,sku,headline,copy,price,launch\n');
for (let start = 1; start <= 100000; start += 10000) { const lines: string[] = []; for (let i = start; i < start + 10000; i++) lines.push(`${i},SKU-${String(i).padStart(7, '0')},Headline ${i},"Fresh copy for row ${i}, with a comma",${(i % 1000) / 10 + 1},2025-0${(i % 9) + 1}-1${i % 10}\n`); fs.writeSync(fd, lines.join('')); }
fs.closeSync(fd);
const raw = () => new Promise<number>((resolve, reject) => { const t0 = performance.now(); (Papa.parse as any)(fs.createReadStream(file, { encoding: 'utf8' }), { step: () => {}, complete: () => resolve(performance.now() - t0), error: reject }); });
const ours = async () => { const t0 = performance.now(); await parseCsv(file, 'utf-8', { ...ingestLimits(), csvIndexedRows: 1000 }); return performance.now() - t0; };
const noop = async () => { const { streamRows } = await import('./lib/ingest/csv-stream'); const { decodeFile } = await import('./lib/ingest/csv-text'); const t0 = performance.now(); await streamRows(decodeFile(file, 'utf-8', 0), undefined, () => true); return performance.now() - t0; };
for (let i = 0; i < 5; i++) console.log('raw', (await raw()).toFixed(0), 'streamRows', (await noop()).toFixed(0), 'parseCsv', (await ours()).toFixed(0));

import { type ModelEntry, ModelRegistry } from '../../../engine/models/registry';
import { readEnv } from '../../config/env';
import { fromEngineError } from '../../engine-errors';
import { parseWith } from '../../http/respond';
import { AddModelInput, registerImageModel } from '../../jobs/models';
import { getDb } from '../../runtime/database';
import { OPERATOR } from '../../workspaces/operator';
import { parse } from '../args';
import { CliError, log, printJson } from '../output';

const summary = (m: ModelEntry) => ({
  id: m.id,
  label: m.label,
  family: m.familyLabel,
  roles: m.roles,
  path: m.dir,
  builtin: m.builtin,
  defaults: m.defaults,
  files: m.files,
});

function show(m: ModelEntry): string {
  return `${m.id}\t${m.familyLabel}\t${m.roles.join(',')}\t${m.label}\t${m.dir}`;
}

export async function modelsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    json: { type: 'boolean' },
    id: { type: 'string' },
  });
  const [action = 'list', ...rest] = positionals;
  const registry = new ModelRegistry(readEnv().modelsDir);
  try {
    if (action === 'list') {
      if (rest.length) throw new CliError('usage', 'models list takes no arguments');
      const { models, problems } = await registry.list();
      if (values.json) printJson({ models: models.map(summary), problems });
      else for (const m of models) process.stdout.write(`${show(m)}\n`);
      for (const p of problems) log(`models: skipped ${p.id}: ${p.message}`);
      return 0;
    }
    if (action === 'add') {
      if (rest.length !== 1) throw new CliError('usage', 'models add takes exactly one DIR');
      const input = parseWith(AddModelInput, { path: rest[0], id: values.id });
      const model = await registerImageModel(await getDb(), OPERATOR, input);
      if (values.json) printJson({ model: summary(model) });
      else process.stdout.write(`added ${show(model)}\n`);
      return 0;
    }
  } catch (err) {
    throw fromEngineError(err);
  }
  throw new CliError('usage', `unknown models action "${action}" (use list or add DIR)`);
}

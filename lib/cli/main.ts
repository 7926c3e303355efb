import { stopJobs } from '../jobs/system';
import { closeDatabase } from '../runtime/database';
import { auditCommand } from './commands/audit';
import { chatCommand } from './commands/chat';
import { experimentCommand } from './commands/experiment';
import { exportCommand } from './commands/export';
import { generateCommand } from './commands/generate';
import { importCommand } from './commands/import';
import { ingestCommand } from './commands/ingest';
import { migrateCommand } from './commands/migrate';
import { modelsCommand } from './commands/models';
import { readCommand } from './commands/read';
import { refsCommand } from './commands/refs';
import { reproduceCommand } from './commands/reproduce';
import { searchCommand } from './commands/search';
import { serveCommand } from './commands/serve';
import { verifyCommand } from './commands/verify';
import { workerCommand } from './commands/worker';
import { CliError, failLine } from './output';

const COMMANDS: Record<string, (args: string[]) => Promise<number | 'keep-running'>> = {
  serve: serveCommand,
  migrate: migrateCommand,
  chat: chatCommand,
  generate: generateCommand,
  models: modelsCommand,
  read: readCommand,
  search: searchCommand,
  ingest: ingestCommand,
  refs: refsCommand,
  experiment: experimentCommand,
  audit: auditCommand,
  export: exportCommand,
  verify: verifyCommand,
  import: importCommand,
  reproduce: reproduceCommand,
  worker: workerCommand,
};

const USAGE = `usage: npm run -s atelier -- <command>
commands: ${Object.keys(COMMANDS).join(', ')}`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') {
    process.stderr.write(`${USAGE}\n`);
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command)
    throw new CliError(
      'usage',
      `unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`,
    );
  const result = await command(rest);
  if (result === 'keep-running') return -1;
  return result;
}

main(process.argv.slice(2))
  .then(async (code) => {
    if (code < 0) return;
    await stopJobs();
    await closeDatabase();
    process.exit(code);
  })
  .catch(async (err) => {
    process.stderr.write(`${failLine(err)}\n`);
    await stopJobs().catch(() => undefined);
    await closeDatabase().catch(() => undefined);
    process.exit(1);
  });

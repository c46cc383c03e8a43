import { readFileSync } from 'node:fs';
import { describeError, isParallaxError, ParallaxError } from '../core/errors.js';
import { commandHelp, parseCommandArgs, type Command } from './command.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { escapeControls, processIO, style, useColor, type CliIO } from './io.js';
import { ingestCommand } from './commands/ingest.js';
import { listCommand } from './commands/list.js';
import { showCommand } from './commands/show.js';
import { searchCommand } from './commands/search.js';
import { analyzeCommand } from './commands/analyze.js';
import { actorsCommand } from './commands/actors.js';
import { labelsCommand } from './commands/labels.js';
import { compareCommand } from './commands/compare.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { exportCommand } from './commands/export.js';
import { quotesCommand } from './commands/quotes.js';
import { techniquesCommand } from './commands/techniques.js';
import { stanceCommand } from './commands/stance.js';
import { timelineCommand } from './commands/timeline.js';
import { graphCommand } from './commands/graph.js';
import { serveCommand } from './commands/serve.js';
import { workerCommand } from './commands/worker.js';
import { statusCommand } from './commands/status.js';
import { groupsCommand } from './commands/groups.js';

export const COMMANDS: Command[] = [runCommand, ingestCommand, listCommand, showCommand, searchCommand, groupsCommand, analyzeCommand, workerCommand, statusCommand, actorsCommand, labelsCommand, quotesCommand, stanceCommand, techniquesCommand, timelineCommand, graphCommand, compareCommand, reportCommand, exportCommand, serveCommand];

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return 'unknown';
  }
}

function mainHelp(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Parallax: how different outlets tell the same story.',
    '',
    'Usage: parallax <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '',
    'Run "parallax <command> --help" for a command\'s options.',
    'Exit codes: 0 ok, 1 some inputs failed, 2 usage or config error, 3 database error.',
    '',
  ].join('\n');
}

/** Runs the CLI and returns the exit code; never calls process.exit (only bin/parallax.js does). */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const debug = argv.includes('--debug') || Boolean(io.env.PARALLAX_DEBUG);
  const s = style(useColor(io) && Boolean(io.stderr.isTTY));
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout.write(target ? commandHelp(target) : mainHelp());
    return EXIT.OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${version()}\n`);
    return EXIT.OK;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.stderr.write(`${s.red('error')} unknown command "${escapeControls(name)}"\n\n${mainHelp()}`);
    return EXIT.USAGE;
  }
  try {
    const args = parseCommandArgs(cmd, rest);
    if (args.values.help) {
      io.stdout.write(commandHelp(cmd));
      return EXIT.OK;
    }
    return await cmd.run(args, io);
  } catch (e) {
    if (isParallaxError(e)) {
      io.stderr.write(`${s.red('error')} ${escapeControls(describeError(e))}\n`);
      if (debug && e.stack) io.stderr.write(`${e.stack}\n`);
      return exitCodeFor(e.code);
    }
    // A bug, not bad input: say so plainly; the stack only with --debug.
    const err = new ParallaxError('E_INTERNAL', `internal error in "${cmd.name}": ${describeError(e)} (run with --debug for details)`);
    io.stderr.write(`${s.red('error')} ${escapeControls(err.message)}\n`);
    if (debug && e instanceof Error && e.stack) io.stderr.write(`${e.stack}\n`);
    return EXIT.PARTIAL;
  }
}

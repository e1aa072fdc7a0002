// Command-line arguments of the grading command. Any mistake is a UsageError (exit status 2).
import { FORMATS, type Format } from './formats';
import { UsageError } from './learners';

export interface GradeArgs {
  paths: string[];
  exercises: string[];
  format: Format;
  passMark?: number;
  exercisesDir?: string;
  details?: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run grade -- PATH... [options]

Grades learners' work with the same checks the course site runs in the browser.

PATH is one of:
  a YAML file            one learner's answer to one exercise (named <exercise-id>.yaml, or use --exercise)
  a progress bundle      the .json file a learner exports from the site
  a class folder         one folder per learner (holding <exercise-id>.yaml files and/or bundles),
                         and/or one bundle .json per learner

Options:
  --exercise ID          grade only this exercise (repeatable); names the exercise of a single YAML file
  --format FORMAT        table (default), json, junit or csv
  --pass-mark N          exit with status 1 when a learner scores below N percent (0-100)
  --exercises DIR        the exercises folder (default: ./exercises, else the course's own)
  --details              list every check of every learner (default with a single learner)
  --help                 show this text

Exit status: 0 done; 1 a learner is below the pass mark, or the grader failed internally; 2 usage error.
`;

export function parseGradeArgs(argv: string[]): GradeArgs {
  const args: GradeArgs = { paths: [], exercises: [], format: 'table', help: false };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--help':
      case '-h':
        args.help = true;
        break;
      case '--exercise':
        args.exercises.push(...value().split(',').filter(Boolean));
        break;
      case '--format': {
        const f = value();
        if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format ${f}: expected one of ${FORMATS.join(', ')}`);
        args.format = f as Format;
        break;
      }
      case '--pass-mark': {
        const v = value().replace(/%$/, '');
        const n = Number(v);
        if (!/^\d+(\.\d+)?$/.test(v) || n < 0 || n > 100) throw new UsageError(`--pass-mark ${v}: expected a percentage from 0 to 100`);
        args.passMark = n;
        break;
      }
      case '--exercises':
        args.exercisesDir = value();
        break;
      case '--details':
        args.details = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        args.paths.push(argv[i]);
    }
  }
  if (!args.help && args.paths.length === 0) throw new UsageError('no PATH given: name a YAML file, a progress bundle or a class folder');
  return args;
}

// `npm run --silent sim:replay -- PATH/NAME.scenario.yaml`: replays a recorded scenario in the
// simulator and prints its normalized timeline (the NAME.expected.txt format).
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { replayScenario } from '../sim';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const arg = process.argv[2];
if (!arg) fail('Usage: npm run --silent sim:replay -- PATH/NAME.scenario.yaml');
const scenarioPath = resolve(arg);
if (!existsSync(scenarioPath)) fail(`Scenario file not found: ${scenarioPath}. Give the path of a NAME.scenario.yaml file.`);
const dir = dirname(scenarioPath);
try {
  const output = replayScenario(readFileSync(scenarioPath, 'utf8'), (name) => {
    const file = join(dir, name);
    if (!existsSync(file)) fail(`Manifest file not found: ${file} (named in ${scenarioPath}). It must sit beside the scenario.`);
    return readFileSync(file, 'utf8');
  });
  process.stdout.write(output);
} catch (err) {
  fail(`Replay of ${scenarioPath} failed: ${(err as Error).message}`);
}

// Input layer speed: parse + validate (+ lint) time, median over repeats, for the tutorial
// manifests, a 200-object document, and how fast the hostile inputs are refused.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifests } from '../src/sim/input';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '../test/fixtures/manifests');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function time(label: string, repeats: number, fn: () => void): void {
  for (let i = 0; i < 3; i++) fn(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  console.log(`${label.padEnd(58)} median ${median(samples).toFixed(3)} ms (${repeats} runs)`);
}

function statefulSet(i: number): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web-${i}
spec:
  selector:
    matchLabels:
      app: web-${i}
  serviceName: web-${i}
  replicas: 3
  template:
    metadata:
      labels:
        app: web-${i}
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.8
        ports:
        - containerPort: 80
          name: web
        resources:
          requests: {cpu: 100m, memory: 64Mi}
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
---
apiVersion: v1
kind: Service
metadata:
  name: web-${i}
spec:
  clusterIP: None
  selector:
    app: web-${i}
  ports:
  - port: 80
    name: web
`;
}

function billionLaughs(levels: number): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  }
  return lines.join('\n') + '\n';
}

export function run(): void {
  const files = readdirSync(fixtures).sort();
  const texts = files.map((f) => readFileSync(join(fixtures, f), 'utf8'));
  for (const [i, text] of texts.entries()) {
    time(`tutorial ${files[i]}`, 200, () => parseManifests(text));
  }
  time('all 8 tutorial manifests, one after another', 100, () => texts.forEach((t) => parseManifests(t)));

  const big = Array.from({ length: 100 }, (_, i) => statefulSet(i)).join('---\n');
  const result = parseManifests(big, { maxDocuments: 500 });
  if (result.objects.length !== 200 || result.diagnostics.length !== 0) throw new Error('the 200-object document should be clean');
  time(`200-object document (${Math.round(big.length / 1024)} KiB, maxDocuments 500)`, 30, () => parseManifests(big, { maxDocuments: 500 }));

  time('nine-level billion laughs (refused)', 200, () => parseManifests(billionLaughs(9)));
  const huge = 'a: "' + 'x'.repeat(1024 * 1024) + '"\n';
  time('1 MiB input (refused by size)', 50, () => parseManifests(huge));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) run();

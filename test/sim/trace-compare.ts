// The README's faithfulness rule for replayed traces.
export interface TimedEvent {
  t: number;
  text: string;
}

export interface Timeline {
  events: TimedEvent[];
  final: string[];
}

export function parseTimeline(text: string): Timeline {
  const events: TimedEvent[] = [];
  const final: string[] = [];
  let inFinal = false;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (line.startsWith('# final')) {
      inFinal = true;
      continue;
    }
    if (inFinal) final.push(line);
    else {
      const m = /^(\d+) (.*)$/.exec(line);
      if (m) events.push({ t: Number(m[1]), text: m[2] });
    }
  }
  return { events, final };
}

/** Pairs each event with its k-th occurrence on the other side. */
function occurrenceKeys(events: TimedEvent[]): string[] {
  const seen = new Map<string, number>();
  return events.map((e) => {
    const n = seen.get(e.text) ?? 0;
    seen.set(e.text, n + 1);
    return `${e.text}#${n}`;
  });
}

export interface Faithfulness {
  sameEvents: boolean;
  missing: string[];
  extra: string[];
  orderViolations: string[];
  sameFinal: boolean;
  within300: number;
  total: number;
}

export function compareTimelines(real: Timeline, sim: Timeline): Faithfulness {
  const realKeys = occurrenceKeys(real.events);
  const simKeys = occurrenceKeys(sim.events);
  const simIndex = new Map(simKeys.map((k, i) => [k, i]));
  const realSet = new Set(realKeys);
  const missing = realKeys.filter((k) => !simIndex.has(k));
  const extra = simKeys.filter((k) => !realSet.has(k));
  const orderViolations: string[] = [];
  for (let i = 0; i < real.events.length; i++) {
    for (let j = i + 1; j < real.events.length; j++) {
      if (real.events[j].t - real.events[i].t <= 50) continue;
      const si = simIndex.get(realKeys[i]);
      const sj = simIndex.get(realKeys[j]);
      if (si === undefined || sj === undefined) continue;
      if (!(sim.events[si].t < sim.events[sj].t || (sim.events[si].t === sim.events[sj].t && si < sj))) {
        orderViolations.push(`${realKeys[i]} before ${realKeys[j]}`);
      }
    }
  }
  let within300 = 0;
  realKeys.forEach((k, i) => {
    const si = simIndex.get(k);
    if (si !== undefined && Math.abs(sim.events[si].t - real.events[i].t) <= 300) within300++;
  });
  return {
    sameEvents: missing.length === 0 && extra.length === 0,
    missing,
    extra,
    orderViolations,
    sameFinal: real.final.join('\n') === sim.final.join('\n'),
    within300,
    total: real.events.length,
  };
}

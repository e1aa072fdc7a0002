// `kubectl apply` on an object that already exists: a three-way merge of the live object, the
// configuration applied last time and the new configuration (kubectl's client-side apply, which
// keeps the last one in the `last-applied-configuration` annotation; we keep it beside the store).
// A field the new configuration sets wins; a field it dropped but the last one set is removed; a
// field neither set (a default, a clusterIP, a controller's annotation) is kept as it is live.
// Lists are replaced whole: the defaults applied afterwards fill in what the server would add.

type Json = unknown;

function isMap(v: Json): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function threeWayMerge(live: Json, lastApplied: Json, config: Json): Json {
  if (!isMap(config) || !isMap(live)) return config;
  const last = isMap(lastApplied) ? lastApplied : {};
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(live)) {
    if (key in config) continue;
    if (key in last) continue; // applied before, dropped now: the learner removed it
    out[key] = value;
  }
  for (const [key, value] of Object.entries(config)) {
    out[key] = isMap(value) && isMap(live[key]) ? threeWayMerge(live[key], last[key], value) : value;
  }
  return out;
}

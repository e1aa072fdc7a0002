/// <reference types="astro/client" />
// Declares astro:content, `?raw` imports and import.meta.env for tsc even before `astro sync`
// has generated .astro/types.d.ts (a fresh clone runs `npm test` before any build).

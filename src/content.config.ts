// Content collections: lessons and reference pages live in the top-level content/ folder.
// Each loader validates frontmatter with our own schema first, so a bad lesson fails the build
// with a line such as "content/lessons/x.mdx: frontmatter field 'minutes': Expected number, received string".
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import type { Loader } from 'astro/loaders';
import { relative, sep } from 'node:path';
import type { ZodTypeAny } from 'zod';
import { lessonSchema, parseFrontmatter, referenceSchema } from './content/lesson-schema';

function checkedGlob(base: string, schema: ZodTypeAny): Loader {
  const inner = glob({ pattern: '**/*.{md,mdx}', base });
  return {
    name: `checked-glob(${base})`,
    load: (context) =>
      inner.load({
        ...context,
        parseData: async (props) => {
          const file = props.filePath ? relative(process.cwd(), props.filePath).split(sep).join('/') : `${base}/${props.id}`;
          parseFrontmatter(schema, props.data, file);
          return context.parseData(props);
        },
      }),
  };
}

const lessons = defineCollection({
  loader: checkedGlob('./content/lessons', lessonSchema),
  schema: lessonSchema,
});

const reference = defineCollection({
  loader: checkedGlob('./content/reference', referenceSchema),
  schema: referenceSchema,
});

export const collections = { lessons, reference };

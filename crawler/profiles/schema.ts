// Declarative site profiles: for a site the generic extractor reads badly, a JSON data file names
// the CSS selectors of its ads and fields. Data, not code: selectors are only ever matched.
import { z } from 'zod';
import { SITE_TYPES } from '../../storage/documents.ts';

const selector = z.string().min(1).max(500);

export const siteProfileSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    /** Host glob: `*` matches any run of characters except dots (`*.example.com`, `127.0.0.*:*`). */
    hosts: z.array(z.string().min(1).max(253)).min(1),
    /** Links to ad pages on listing pages (followed first). */
    adLinks: selector.optional(),
    /** One element per ad on an ad page (a page with several persons or posts); default the page. */
    adBlock: selector.optional(),
    /** Selector inside the ad block (or page) per field. */
    fields: z
      .object({
        title: selector,
        text: selector,
        name: selector,
        age: selector,
        city: selector,
        price: selector,
        contacts: selector,
        images: selector,
        postedAt: selector,
      })
      .partial()
      .default({}),
    /** The age gate's confirm control, for the renderer. */
    gate: z.object({ confirm: selector, marker: selector.optional() }).optional(),
    needsBrowser: z.boolean().default(false),
    type: z.enum(SITE_TYPES).optional(),
  })
  .strict();

export type SiteProfile = z.infer<typeof siteProfileSchema>;

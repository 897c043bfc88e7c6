// The analysis lexicons: term lists per concept and language, kept as JSON data so analysts can
// review and extend them without touching code. Validated once at load; a broken file fails fast.
import { z } from 'zod';
import categoriesJson from './lexicon/categories.json' with { type: 'json' };
import citiesJson from './lexicon/cities.json' with { type: 'json' };
import explicitnessJson from './lexicon/explicitness.json' with { type: 'json' };
import labelsJson from './lexicon/labels.json' with { type: 'json' };
import signalsJson from './lexicon/signals.json' with { type: 'json' };
import siteTypesJson from './lexicon/site-types.json' with { type: 'json' };
import stopwordsJson from './lexicon/stopwords.json' with { type: 'json' };

const terms = z.array(z.string().min(1)).min(1);

const signalsSchema = z.object({
  ageGateConfirm: terms,
  ageGateContext: terms,
  ageVerification: terms,
  report: terms,
  reportHref: terms,
  terms: terms,
  termsHref: terms,
  privacy: terms,
  privacyHref: terms,
  contact: terms,
  contactHref: terms,
  dsaContact: terms,
  advertiserVerification: terms,
  antiTrafficking: terms,
  support: terms,
});

const siteTypesSchema = z.object({
  escort_directory: terms,
  classifieds: terms,
  agency: terms,
  webcam: terms,
  review_forum: terms,
  dating: terms,
  massage: terms,
});

const labelsSchema = z.object({
  age: terms,
  city: terms,
  price: terms,
  name: terms,
  phone: terms,
  posted: terms,
  category: terms,
});

const categoriesSchema = z.object({ adult: terms, nonAdult: z.record(z.string(), terms) });
const explicitnessSchema = z.object({ explicit: terms, euphemistic: terms });
const stopwordsSchema = z.record(z.string().length(2), terms);
/** [canonical English name, ISO country, ...other spellings]. */
const citiesSchema = z.array(z.tuple([z.string(), z.string().length(2)], z.string()));

export const SIGNAL_TERMS = signalsSchema.parse(signalsJson);
export const SITE_TYPE_TERMS = siteTypesSchema.parse(siteTypesJson);
export const LABELS = labelsSchema.parse(labelsJson);
export const CATEGORY_TERMS = categoriesSchema.parse(categoriesJson);
export const EXPLICITNESS_TERMS = explicitnessSchema.parse(explicitnessJson);
export const STOPWORDS = stopwordsSchema.parse(stopwordsJson);
export const CITIES = citiesSchema.parse(citiesJson).map(([name, country, ...aliases]) => ({
  name,
  country,
  spellings: [name, ...aliases],
}));

export type LabelKind = keyof typeof LABELS;

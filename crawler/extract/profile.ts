// Ads read with a declarative site profile: its selectors name the blocks and fields; whatever a
// profile leaves out is read the generic way (labels, contact patterns) inside the same block.
import type { Cheerio } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { PageDocument } from '../analysis/document.ts';
import { clip, squash } from '../analysis/terms.ts';
import { visibleText } from '../analysis/visible-text.ts';
import type { SiteProfile } from '../profiles/index.ts';
import type { ExtractedAd } from '../types.ts';
import { contactLinks, contactsOf } from './contacts.ts';
import { imagesOf, parseAge, parseDate, parsePrice } from './fields.ts';
import { MAX_ADS_PER_PAGE } from './generic.ts';
import { labelledValues } from './labels.ts';

function pick(root: Cheerio<AnyNode>, selector: string | undefined): string | undefined {
  if (!selector) return undefined;
  const found = root.find(selector).first();
  if (found.length === 0) return undefined;
  const text = squash(found.attr('datetime') ?? found.attr('content') ?? found.text());
  return text || undefined;
}

/** Ads of a page by profile; an empty list when the profile's ad block is not on the page. */
export function extractWithProfile(doc: PageDocument, profile: SiteProfile): ExtractedAd[] {
  const { $, url } = doc;
  const f = profile.fields;
  const blocks = profile.adBlock ? $(profile.adBlock).toArray().slice(0, MAX_ADS_PER_PAGE) : [];
  const single = !profile.adBlock;
  if (single && !f.title && !f.text) return [];
  const roots = single ? [$('body')] : blocks.map((el) => $(el));
  const ads: ExtractedAd[] = [];
  roots.forEach((root, i) => {
    const labels = labelledValues(root[0]);
    const text = f.text
      ? root
          .find(f.text)
          .toArray()
          .map((el) => visibleText(el, 10_000))
          .join(' ')
      : '';
    if (single && !text && !pick(root, f.title)) return;
    const title = pick(root, f.title);
    const ageRaw = pick(root, f.age) ?? labels.age;
    const priceRaw = pick(root, f.price) ?? labels.price;
    const postedRaw = pick(root, f.postedAt);
    const contactRoot = f.contacts ? root.find(f.contacts) : root;
    const contacts = f.contacts
      ? [
          ...new Set([
            ...contactLinks(contactRoot.parent()),
            ...contactRoot.toArray().map((el) => squash($(el).attr('href') ?? $(el).text())),
          ]),
        ].filter(Boolean)
      : contactsOf(root, visibleText(root.toArray(), 10_000));
    const images = f.images ? imagesOf(root.find(f.images).parent(), url) : imagesOf(root, url);
    const id = root.attr('id');
    const age = ageRaw ? parseAge(ageRaw, true) : undefined;
    const price = priceRaw ? parsePrice(priceRaw) : undefined;
    const postedAt = postedRaw ? parseDate(postedRaw) : undefined;
    const name = pick(root, f.name) ?? labels.name;
    const city = pick(root, f.city) ?? labels.city;
    ads.push({
      url: single
        ? url.split('#')[0]!
        : `${url.split('#')[0]}#${id && /^[\w-]{1,64}$/.test(id) ? id : `ad-${i + 1}`}`,
      ...(title ? { title: clip(title, 300) } : {}),
      ...(text ? { text: clip(text, 10_000) } : {}),
      ...(name ? { name: clip(name, 100) } : {}),
      ...(age !== undefined ? { age } : {}),
      ...(city ? { city: clip(city, 100) } : {}),
      ...(price ? { price } : {}),
      contacts: contacts.slice(0, 20),
      images,
      ...(postedAt ? { postedAt } : {}),
      via: `profile:${profile.name}`,
    });
  });
  return ads;
}

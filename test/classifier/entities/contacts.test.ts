import { describe, expect, it } from 'vitest';
import { extractEntities } from '../../../classifier/entities/index.ts';
import type { Handle } from '../../../classifier/types.ts';

const EMAIL_CASES: Array<[text: string, emails: string[], spelled: boolean]> = [
  ['write to Anna.B@Example.com', ['anna.b@example.com'], false],
  ['anna dot b at gmail dot com', ['anna.b@gmail.com'], true],
  ['lena[at]mail[dot]de', ['lena@mail.de'], true],
  ['lena (at) web (dot) de', ['lena@web.de'], true],
  ['maria {at} yahoo . fr', ['maria@yahoo.fr'], true],
  ['kontakt: sofia_22 (at) gmx (punkt) at', ['sofia_22@gmx.at'], true],
  ['ola [at] wp [kropka] pl', ['ola@wp.pl'], true],
  ['katja42 bei example (punkt) net', ['katja42@example.net'], true],
  ['zlata80 собака example (точка) net', ['zlata80@example.net'], true],
  ['dominika_102 małpa mail.example.com', ['dominika_102@mail.example.com'], true],
  ['nerea_232 (arroba) example dot com', ['nerea_232@example.com'], true],
  ['alexandra.225 arond post punct example punct net', ['alexandra.225@post.example.net'], true],
  ['sina.479 [ät] example.com', ['sina.479@example.com'], true],
  ['giulia chiocciola example punto it', ['giulia@example.it'], true],
  ['look at me dot dot dot', [], false],
  ['ich bin bei dir dot', [], false],
  ['meet at the hotel at 9', [], false],
  ['I am at home dot', [], false],
];

const HANDLE_CASES: Array<[text: string, handles: Handle[]]> = [
  ['Telegram: @Anna_Paris22', [{ platform: 'telegram', value: 'anna_paris22' }]],
  ['write me on telegram, I am @lena_berlin', [{ platform: 'telegram', value: 'lena_berlin' }]],
  ['@sweet_mila (telegram)', [{ platform: 'telegram', value: 'sweet_mila' }]],
  ['https://t.me/SweetLina', [{ platform: 'telegram', value: 'sweetlina' }]],
  ['tg - masha_msk', [{ platform: 'telegram', value: 'masha_msk' }]],
  ['insta: lara.berlin', [{ platform: 'instagram', value: 'lara.berlin' }]],
  ['instagram.com/lara.b_official', [{ platform: 'instagram', value: 'lara.b_official' }]],
  ['snap: lina.snap9', [{ platform: 'snapchat', value: 'lina.snap9' }]],
  ['snapchat.com/add/Lina_Snap', [{ platform: 'snapchat', value: 'lina_snap' }]],
  ['onlyfans.com/Lina_X', [{ platform: 'onlyfans', value: 'lina_x' }]],
  ['kik: lina_kik', [{ platform: 'kik', value: 'lina_kik' }]],
  ['Threema ID: AB12CD34', [{ platform: 'threema', value: 'ab12cd34' }]],
  ['wechat id: lina_wx88', [{ platform: 'wechat', value: 'lina_wx88' }]],
  ['line id: lina.line', [{ platform: 'line', value: 'lina.line' }]],
  ['telegram only, no sms', []],
  ['insta available', []],
  ['only fans of good music', []],
  ['Signal: kayla.88', [{ platform: 'signal', value: 'kayla.88' }]],
  ['the line is long, signal is weak', []],
  ['email me at anna@example.com (telegram soon)', []],
];

describe('email extraction', () => {
  it.each(EMAIL_CASES)('%s', (text, emails, spelled) => {
    const entities = extractEntities(text);
    expect(entities.emails).toEqual(emails);
    expect(entities.contactObfuscations.includes('at_dot_spelling')).toBe(spelled);
  });
});

describe('handle extraction', () => {
  it.each(HANDLE_CASES)('%s', (text, handles) => {
    expect(extractEntities(text).handles).toEqual(handles);
  });

  it('links a wa.me number as a whatsapp handle and a phone', () => {
    const entities = extractEntities('chat: https://wa.me/4917612345678');
    expect(entities.phones).toEqual(['+4917612345678']);
    // A messenger account that is a phone number is named by its digits, as in the link.
    expect(entities.handles).toContainEqual({ platform: 'whatsapp', value: '4917612345678' });
  });

  it('links a number named as WhatsApp/Viber/Signal to those messengers', () => {
    const entities = extractEntities('WhatsApp/Viber: 06 12 34 56 78. Signal +44 7912 345678', {
      defaultRegion: 'FR',
    });
    expect(entities.handles).toEqual([
      { platform: 'viber', value: '33612345678' },
      { platform: 'whatsapp', value: '33612345678' },
      { platform: 'signal', value: '447912345678' },
    ]);
  });

  it('does not tie a number to a messenger named earlier in another sentence', () => {
    const entities = extractEntities('Telegram @anna_b. For bookings call 06 12 34 56 78', {
      defaultRegion: 'FR',
    });
    expect(entities.handles).toEqual([{ platform: 'telegram', value: 'anna_b' }]);
  });

  it('marks contacts that appear only in images', () => {
    const entities = extractEntities('see picture', { ocrTexts: ['snap: lina.snap9\nlina@example.com'] });
    expect(entities.handles).toEqual([{ platform: 'snapchat', value: 'lina.snap9' }]);
    expect(entities.emails).toEqual(['lina@example.com']);
    expect(entities.contactObfuscations).toContain('image');
  });
});

describe('email extraction over long ads', () => {
  it('reads an address whatever else the ad brackets or puts "at"', () => {
    const text =
      'Available at night (and day), meet me at the hotel! ' +
      'Write: anna.b at mail dot com, or lina [at] example (dot) de; also x@y.io';
    expect(extractEntities(text).emails).toEqual(['anna.b@mail.com', 'lina@example.de', 'x@y.io']);
  });
});

import { join } from 'node:path';
import { FACES_DIR, openSetSplit, people } from '../support/fixtures.js';
import { fakeUuid, type FakePerformerInput } from './stashbox.js';

/**
 * The performers the builder tests put on the fake stash-box: one per enrolled identity of the open-set split, with
 * its enrol photos as images (probe photos stay held out), plus the awkward cases a real stash-box has:
 * - a group photo that contains the performer (the right face must be picked) and one that does not;
 * - an image URL that answers 404, one that serves bytes that are not an image, one that fails once (5xx), and a
 *   re-upload of a photo the performer already has;
 * - a deleted performer (never listed) and a duplicate performer (merged into the original by the update test).
 */
export const GROUPS_DIR = join(FACES_DIR, 'groups');

export function performerId(identity: string): string {
  return fakeUuid(`performer:${identity}`);
}

export const DUPLICATE = 'John_Simm (duplicate)';

export function enrolledPerformers(): { performers: FakePerformerInput[]; identityOf: Map<string, string> } {
  const { enrolled } = openSetSplit();
  const identityOf = new Map<string, string>();
  const performers: FakePerformerInput[] = enrolled.map((p) => {
    identityOf.set(performerId(p.identity), p.identity);
    const images: FakePerformerInput['images'] = p.enrol.map((file) => ({ file }));
    // Penny is one of six people in bbt4.jpg (the fifth largest face); Amy is not in bbt1.jpg at all.
    if (p.identity === 'bbt-penny') images.push({ file: join(GROUPS_DIR, 'bbt4.jpg') });
    if (p.identity === 'bbt-amy') images.push({ file: join(GROUPS_DIR, 'bbt1.jpg') });
    if (p.identity === 'John_Salley') images.push({ status: 404 });
    if (p.identity === 'celeb-person01') images.push({ body: Buffer.from('<html>not an image</html>') });
    if (p.identity === 'John_Savage') images.push({ file: p.enrol[0], flaky: 1 });
    return { id: performerId(p.identity), name: p.identity.replace(/[-_]/g, ' '), gender: p.identity.startsWith('John') ? 'MALE' : null, images };
  });
  const simm = enrolled.find((p) => p.identity === 'John_Simm')!;
  performers.push({ id: performerId(DUPLICATE), name: 'John Simm', disambiguation: 'duplicate', images: simm.enrol.slice(0, 2).map((file) => ({ file })) });
  identityOf.set(performerId(DUPLICATE), 'John_Simm');
  const stranger = people().find((p) => p.identity === 'celeb-person13')!;
  performers.push({ id: performerId('deleted'), name: 'Deleted Performer', deleted: true, images: [{ file: stranger.files[0] }] });
  return { performers, identityOf };
}

/** Performers that appear on stash-box later (the update test): two strangers of the split. */
export function newcomers(): FakePerformerInput[] {
  return ['celeb-person10', 'celeb-person11'].map((identity) => {
    const person = people().find((p) => p.identity === identity)!;
    return { id: performerId(identity), name: identity.replace(/-/g, ' '), images: person.files.slice(0, 2).map((file) => ({ file })) };
  });
}

/** A second, small stash-box (a FansDB stand-in): ids from two endpoints must not collide. */
export function secondEndpointPerformers(): FakePerformerInput[] {
  const person = people().find((p) => p.identity === 'celeb-person12')!;
  return [{ id: performerId('second:celeb-person12'), name: 'celeb person12', images: person.files.slice(0, 2).map((file) => ({ file })) }];
}

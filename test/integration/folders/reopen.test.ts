import * as assert from 'node:assert/strict';
import type { GroundedApi } from '../../../src/extension/extension';
import { getApi } from '../suite/util';
import { assertSameAsCli, setup, uriIn } from './helpers';

/*
 * The second window of the folders suite (docs/performance.md): the same workspace opened again after
 * folders.ts edited, added and deleted files in both folders while it was closed. Each
 * folder's index comes from its snapshot, with only what changed read again, and the editor
 * still shows exactly what the CLI shows.
 */
describe('the same two folders, reopened after files changed while the window was closed', function () {
  this.timeout(180000);
  let api: GroundedApi;

  before(async () => {
    api = await getApi<GroundedApi>();
    await api.model.ready();
  });

  it('revives each folder from its snapshot, reading again only what changed', () => {
    const big = api.model.folderOf(uriIn(setup.big, 'x.md'))!;
    const small = api.model.folderOf(uriIn(setup.small, 'x.md'))!;
    // The big folder had three files edited, one deleted and one added; the small one one edited and one added.
    assert.ok(
      big.reused >= big.index.size - 5 && big.reused < big.index.size,
      `${big.reused} of ${big.index.size} documents from the snapshot`,
    );
    assert.equal(
      small.reused,
      1,
      'findings/cash.md came from the snapshot; specs/pay.md and the new finding were read',
    );
  });

  it('shows exactly the diagnostics of the CLI on both folders', async () => {
    await assertSameAsCli(setup.big);
    await assertSameAsCli(setup.small);
  });
});

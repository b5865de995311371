import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { artifactUriParts, parseArtifactUriParts, runNameSegment } from '../../../src/views/explorer/artifactUriPath';

const RUN = '0526a7a0708c471fbe27028fd2754221';

void describe('artifact editor URIs', () => {
  void it('show the run name in the path and find the run by its id', () => {
    const parts = artifactUriParts(RUN, 'reports/README.md', 'hyperparam-search');
    assert.deepEqual(parts, { authority: RUN, path: '/hyperparam-search/reports/README.md' });
    assert.deepEqual(parseArtifactUriParts(parts), { runId: RUN, path: 'reports/README.md' });
  });

  void it('keep a name with slashes, dots or control characters to one harmless segment', () => {
    assert.equal(runNameSegment(RUN, 'C=1.0 / fold-0'), 'C=1.0 ∕ fold-0');
    assert.equal(runNameSegment(RUN, '..'), RUN);
    assert.equal(runNameSegment(RUN, '  '), RUN);
    assert.equal(runNameSegment(RUN, undefined), RUN);
    assert.equal(runNameSegment(RUN, 'a\nb\\c'), 'a b∕c');
    const hostile = artifactUriParts(RUN, 'notes.txt', '../../etc');
    assert.deepEqual(parseArtifactUriParts(hostile), { runId: RUN, path: 'notes.txt' });
  });

  void it('still read the URIs written before names were shown', () => {
    assert.deepEqual(parseArtifactUriParts({ authority: '', path: `/${RUN}/plots/loss.png` }), { runId: RUN, path: 'plots/loss.png' });
  });

  void it('refuse a path that leaves the artifact root', () => {
    assert.throws(() => parseArtifactUriParts({ authority: RUN, path: '/name/../../secrets.txt' }), /'\.\.' is not allowed/);
    assert.throws(() => parseArtifactUriParts({ authority: RUN, path: '/name/a/../../../x' }), /'\.\.' is not allowed/);
    assert.throws(() => parseArtifactUriParts({ authority: '', path: `/${RUN}/../x` }), /'\.\.' is not allowed/);
  });
});

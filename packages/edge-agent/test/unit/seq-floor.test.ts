import { describe, expect, it } from 'vitest';
import { seqFloor } from '../../src/spool/seq-floor.js';

const base = { stored: 501, rowsNext: 480, fileExisted: true, walExisted: true };

describe('seqFloor: the next seq is the maximum of every source', () => {
  it('uses the file alone when there is no sidecar (first run)', () => {
    expect(seqFloor({ ...base, sidecar: undefined })).toEqual({ nextSeq: 501 });
    expect(seqFloor({ ...base, stored: undefined, sidecar: undefined })).toEqual({ nextSeq: 480 });
  });

  it('continues exactly after a clean stop, and reports an older file', () => {
    expect(seqFloor({ ...base, walExisted: false, sidecar: { reserved: 100_501, next: 501, v: 2 } })).toEqual({
      nextSeq: 501,
    });
    expect(seqFloor({ ...base, walExisted: false, sidecar: { reserved: 100_901, next: 901, v: 2 } })).toEqual({
      nextSeq: 901,
      lost: { cause: 'older_file', fromSeq: 501, toSeq: 900 },
    });
  });

  it('skips to the reservation after a crash, and reports a WAL that is gone', () => {
    expect(seqFloor({ ...base, sidecar: { reserved: 100_400, v: 2 } })).toEqual({ nextSeq: 100_400 });
    expect(seqFloor({ ...base, walExisted: false, sidecar: { reserved: 100_400, v: 2 } })).toEqual({
      nextSeq: 100_400,
      lost: { cause: 'wal_lost', fromSeq: 501, toSeq: 100_399 },
    });
  });

  it('reports a spool file that vanished, and trusts an old-format sidecar only for its reservation', () => {
    expect(seqFloor({ ...base, fileExisted: false, sidecar: { reserved: 100_400, v: 2 } }).lost).toEqual({
      cause: 'file_missing',
      toSeq: 100_399,
    });
    expect(seqFloor({ ...base, walExisted: false, sidecar: { reserved: 100_400 } })).toEqual({ nextSeq: 100_400 });
  });
});

import type { SeqFloor } from './seq-floor.js';
import type { GapDraft, SpoolStats } from './types.js';

type Lost = NonNullable<SeqFloor['lost']>;

const WHAT: Record<Lost['cause'], { code: string; en: string; ko: string }> = {
  wal_lost: {
    code: 'spool_wal_lost',
    en: 'the spool WAL file was lost after a crash: readings committed since the last checkpoint are gone',
    ko: '비정상 종료 뒤 스풀 WAL 파일이 없어져 마지막 체크포인트 이후 저장한 값이 사라졌습니다',
  },
  older_file: {
    code: 'spool_older_file',
    en: 'the spool file is older than the last clean stop (restored from a copy?): its later readings are gone',
    ko: '스풀 파일이 마지막 정상 종료 때보다 오래되었습니다(백업에서 복원?). 그 뒤의 값이 사라졌습니다',
  },
  file_missing: {
    code: 'spool_file_missing',
    en: 'the spool file was missing although the agent had used it: its readings are gone',
    ko: '사용하던 스풀 파일이 없어져 그 안의 값이 사라졌습니다',
  },
};

/** The status problem for commits a spool file lost (issue #10, item 18: never silent). */
export function lossProblem(lost: Lost, now: number): NonNullable<SpoolStats['problem']> {
  const w = WHAT[lost.cause];
  const range = `${lost.fromSeq ?? '?'}..${lost.toSeq}`;
  return { code: w.code, message: `${w.en}; seqs ${range} / ${w.ko}`, at: now };
}

/**
 * The gap reading for it. How many readings are gone cannot be known (they were only in the lost
 * part), so `dropped` is 1 and the detail says so; the seq range bounds where they were.
 */
export function lossGap(lost: Lost, now: number): GapDraft {
  return {
    ts: now,
    timeSource: 'agent',
    source: 'agent',
    kind: 'gap',
    dropped: 1,
    reason: 'spool_corrupt',
    ...(lost.fromSeq !== undefined ? { fromSeq: lost.fromSeq } : {}),
    toSeq: lost.toSeq,
    detail: `${lost.cause}: count unknown; only seqs in this range can be missing`,
  };
}

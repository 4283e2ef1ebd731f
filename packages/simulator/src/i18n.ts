/** User-facing languages of gongbang-sim: Korean by default, English with `--lang en`. */
export type Lang = 'ko' | 'en';

const MESSAGES = {
  registry: { ko: '등록 정보 준비', en: 'setting up the registry' },
  sending: { ko: '측정값 전송', en: 'sending readings' },
  draining: { ko: '남은 측정값 전송 대기', en: 'waiting for the last readings' },
  workshops: { ko: '작업장', en: 'workshops' },
  readings: { ko: '측정값', en: 'readings' },
  perS: { ko: '건/초', en: '/s' },
  eta: { ko: '남은 시간', en: 'ETA' },
  done: { ko: '완료', en: 'done' },
  truthWritten: { ko: '정답 파일', en: 'truth file' },
  deadLetters: { ko: '수집 서버가 거부한 측정값', en: 'readings refused by the collector' },
} as const;

export type MessageKey = keyof typeof MESSAGES;

export function msg(lang: Lang, key: MessageKey): string {
  return MESSAGES[key][lang];
}

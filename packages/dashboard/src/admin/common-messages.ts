import type { PageMessages } from '../i18n/define';

const ko = {
  loadError: '자료를 불러오지 못했습니다. 새로 고쳐 보세요.',
  forbidden: '이 화면을 볼 권한이 없습니다 (403).',
  notFound: '찾을 수 없습니다. 지워졌거나 주소가 틀렸습니다.',
  saveError: '저장하지 못했습니다.',
  save: '저장',
  saving: '저장 중…',
  saved: '저장했습니다.',
  cancel: '취소',
  required: '(필수)',
  copy: '복사',
  copied: '복사했습니다.',
  copyFailed: '복사하지 못했습니다. 직접 선택해 복사하세요.',
  actions: '작업',
  none: '없음',
  filter: '목록에서 찾기',
  shownOf: (shown: string, total: string) => `${total}개 중 ${shown}개`,
};

/** Strings every admin and account page shares (errors, buttons). */
export const commonMessages: PageMessages<typeof ko> = {
  ko,
  en: {
    loadError: 'Could not load the data. Try reloading.',
    forbidden: 'You are not allowed to see this page (403).',
    notFound: 'Not found: it was deleted or the address is wrong.',
    saveError: 'Could not save.',
    save: 'Save',
    saving: 'Saving…',
    saved: 'Saved.',
    cancel: 'Cancel',
    required: '(required)',
    copy: 'Copy',
    copied: 'Copied.',
    copyFailed: 'Could not copy. Select the text and copy it yourself.',
    actions: 'Actions',
    none: 'None',
    filter: 'Filter the list',
    shownOf: (shown: string, total: string) => `${shown} of ${total}`,
  },
};

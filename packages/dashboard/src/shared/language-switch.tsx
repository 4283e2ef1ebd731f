import { type Lang, useI18n } from '../i18n/index';

/** ko/en radio group; the choice is remembered (localStorage) by the caller. */
export function LanguageSwitch(props: { lang: Lang; onChange: (lang: Lang) => void }) {
  const { t } = useI18n();
  const options: Array<[Lang, string]> = [
    ['ko', t.languageKo],
    ['en', t.languageEn],
  ];
  return (
    <fieldset class="lang">
      <legend class="visually-hidden">{t.languageLabel}</legend>
      {options.map(([l, label]) => (
        <label key={l}>
          <input
            type="radio"
            name="lang"
            value={l}
            checked={props.lang === l}
            onChange={() => props.onChange(l)}
            data-testid={`lang-${l}`}
          />
          <span lang={l}>{label}</span>
        </label>
      ))}
    </fieldset>
  );
}

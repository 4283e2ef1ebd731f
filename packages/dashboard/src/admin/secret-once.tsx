import { useState } from 'preact/hooks';
import { useMessages } from '../i18n/define';
import { commonMessages } from './common-messages';

/**
 * A secret shown once (a generated password, a new API token): selectable text and a copy
 * button. The page forgets it when the reader moves on; the collector keeps only its hash.
 */
export function SecretOnce(props: { label: string; secret: string; testId?: string }) {
  const c = useMessages(commonMessages);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.secret);
      setCopied('yes');
    } catch {
      // No clipboard permission (plain HTTP, an old browser): the text stays there to select.
      setCopied('failed');
    }
  };
  return (
    <div class="secret" role="status">
      <p>{props.label}</p>
      <code data-testid={props.testId}>{props.secret}</code>{' '}
      <button type="button" onClick={copy}>
        {c.copy}
      </button>
      {copied && <span class="note"> {copied === 'yes' ? c.copied : c.copyFailed}</span>}
    </div>
  );
}

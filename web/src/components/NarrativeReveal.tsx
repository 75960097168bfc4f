import { useState } from 'preact/hooks';
import type { Narrative } from '../api/types';
import { t } from '../i18n';
import { ErrorMessage } from './ErrorMessage';
import { PurposeGate } from './PurposeGate';
import { useFocusOnMount } from './useFocusOnMount';

function Shown(props: { id: string; text: string; onHide: () => void }) {
  const ref = useFocusOnMount<HTMLDivElement>();
  return (
    <div class="narrative" id={`${props.id}-text`} tabIndex={-1} ref={ref}>
      <p class="hint">{t('narrative.shown_note')}</p>
      <blockquote dir="auto">{props.text || t('narrative.empty')}</blockquote>
      <button type="button" class="secondary" onClick={props.onHide}>{t('narrative.hide')}</button>
    </div>
  );
}

// A narrative stays hidden until the reader gives a purpose; it is held in memory only.
export function NarrativeReveal(props: { id: string; load: (purpose: string) => Promise<Narrative> }) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (text !== null) {
    return (
      <Shown id={props.id} text={text} onHide={() => setText(null)} />
    );
  }
  return (
    <div>
      <PurposeGate id={props.id} buttonLabel={t('narrative.show')} onConfirm={async (purpose) => {
        setError(null);
        try { setText((await props.load(purpose)).narrative ?? ''); } catch (e) { setError(e); }
      }} />
      <ErrorMessage error={error} />
    </div>
  );
}

import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Contribution, Share, SharedItem } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { PurposeGate } from '../components/PurposeGate';
import { formatDate } from '../grants/money';
import { itemSummary } from './share';

// Comments and assessments under a share of scope "contribute": written by the recipient (its own
// sealed records; the owner's records never change), read by both sides with a purpose.
export function Contributions(props: { share: Share; items?: SharedItem[]; canWrite: boolean }) {
  const s = props.share;
  const [list, setList] = useState<Contribution[] | null>(null);
  const [purpose, setPurpose] = useState('');
  const [error, setError] = useState<unknown>(null);
  const lang = currentLang();
  const read = async (p: string) => {
    setError(null);
    try { setList((await api.shares.contributions(s.id, p)).items); setPurpose(p); } catch (err) { setError(err); }
  };
  return (
    <section class="card" aria-labelledby="contrib-h">
      <h2 id="contrib-h">{t('sharing.contributions')}</h2>
      <p class="hint">{t('sharing.contributions_hint')}</p>
      {props.canWrite && props.items?.length ? <ContributionForm share={s} items={props.items} onDone={() => (purpose ? read(purpose) : undefined)} /> : null}
      {!list ? <PurposeGate id="contrib-read" buttonLabel={t('sharing.read_contributions')} onConfirm={read} /> : (
        list.length === 0 ? <p id="contrib-none">{t('sharing.no_contributions')}</p> : (
          <ul class="links" id="contrib-list">
            {list.map((c) => (
              <li class="card" data-contribution={c.id}>
                <p><strong>{t(`sharing.contribution_types.${c.type}`)}</strong> · <code class="small">{c.item_id}</code> · {formatDate(c.created_at, lang, true)}</p>
                <p class="pre" dir="auto">{c.text}</p>
              </li>
            ))}
          </ul>
        )
      )}
      <ErrorMessage error={error} />
    </section>
  );
}

function ContributionForm(props: { share: Share; items: SharedItem[]; onDone: () => void }) {
  const [item, setItem] = useState(props.items[0]?.id ?? '');
  const [type, setType] = useState<'comment' | 'assessment'>('comment');
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setSent(false);
    try {
      await api.shares.contribute(props.share.id, { item_id: item, type, text: text.trim() });
      setText('');
      setSent(true);
      props.onDone();
    } catch (err) { setError(err); }
  };
  return (
    <form id="contrib-form" onSubmit={submit} aria-labelledby="contrib-form-h">
      <h3 id="contrib-form-h">{t('sharing.contribute')}</h3>
      <Field id="ct-item" label={t('sharing.item')}>
        <select id="ct-item" value={item} onChange={(e) => setItem((e.target as HTMLSelectElement).value)}>
          {props.items.map((i) => <option value={i.id}>{t(`sharing.kinds.${i.kind}`, { defaultValue: i.kind })}: {itemSummary(i)}</option>)}
        </select>
      </Field>
      <Field id="ct-type" label={t('sharing.kind')}>
        <select id="ct-type" value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value as 'comment' | 'assessment')}>
          {(['comment', 'assessment'] as const).map((k) => <option value={k}>{t(`sharing.contribution_types.${k}`)}</option>)}
        </select>
      </Field>
      <Field id="ct-text" label={t('sharing.contribution_text')} required>
        <textarea id="ct-text" rows={3} dir="auto" value={text} required maxLength={16000} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      </Field>
      {sent ? <p class="notice success" role="status" id="contrib-sent">{t('sharing.contribution_sent')}</p> : null}
      <ErrorMessage error={error} id="contrib-error" />
      <button type="submit" id="contrib-save" disabled={!text.trim() || !item}>{t('sharing.contribute')}</button>
    </form>
  );
}

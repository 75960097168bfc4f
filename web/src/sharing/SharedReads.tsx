import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Identity, Share, SharedItem } from '../api/types';
import { t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { NarrativeReveal } from '../components/NarrativeReveal';
import { PurposeGate } from '../components/PurposeGate';
import { itemSummary } from './share';

// The recipient's protected reads under a share, each behind its own purpose and logged for the
// owner: narratives of shared incidents, acts and testimonies (with a content warning), and —
// only under "read, with identities" — a person's identity where their consent allows it in full.
export function SharedReads(props: { share: Share; items: SharedItem[]; mayReadProtected: boolean }) {
  const s = props.share;
  if (!props.mayReadProtected) return null;
  const narratives = props.items.filter((i) => i.has_narrative === true);
  const persons = s.scope === 'read_identity' ? props.items.filter((i) => i.kind === 'person') : [];
  if (!narratives.length && !persons.length) return null;
  return (
    <section aria-labelledby="shared-reads-h">
      <h3 id="shared-reads-h">{t('sharing.protected_reads')}</h3>
      <p class="hint">{t('sharing.protected_reads_hint')}</p>
      <ul class="links" id="shared-reads">
        {narratives.map((i) => (
          <li class="card" data-narrative={i.id}>
            <p>{t(`sharing.kinds.${i.kind}`, { defaultValue: i.kind })}: <bdi>{itemSummary(i)}</bdi></p>
            <NarrativeReveal id={`sn-${i.id}`} load={(purpose) => api.shares.narrative(s.id, i.id, purpose)} />
          </li>
        ))}
        {persons.map((i) => (
          <li class="card" data-identity={i.id}>
            <p>{t('sharing.kinds.person')}: <bdi>{itemSummary(i)}</bdi></p>
            <IdentityReveal share={s} personId={i.id} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function IdentityReveal(props: { share: Share; personId: string }) {
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (identity) {
    return (
      <div class="identity" id={`si-${props.personId}-shown`}>
        <p class="hint">{t('identity.shown_note')}</p>
        <dl>
          {identity.full_name ? <><dt>{t('identity.full_name')}</dt><dd><bdi>{identity.full_name}</bdi></dd></> : null}
          {identity.other_names?.length ? <><dt>{t('identity.other_names')}</dt><dd><bdi>{identity.other_names.join(', ')}</bdi></dd></> : null}
          {identity.contact ? <><dt>{t('identity.contact')}</dt><dd><bdi>{identity.contact}</bdi></dd></> : null}
        </dl>
        <button type="button" class="secondary" onClick={() => setIdentity(null)}>{t('identity.hide')}</button>
      </div>
    );
  }
  return (
    <div>
      <PurposeGate id={`si-${props.personId}`} buttonLabel={t('identity.show')} onConfirm={async (purpose) => {
        setError(null);
        try { setIdentity((await api.shares.identity(props.share.id, props.personId, purpose)).identity ?? {}); } catch (e) { setError(e); }
      }} />
      <ErrorMessage error={error} id={`si-${props.personId}-error`} />
    </div>
  );
}

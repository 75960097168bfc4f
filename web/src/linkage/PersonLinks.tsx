import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Person, PersonLink, Session } from '../api/types';
import { currentLang, t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { can } from '../state/session';
import { formatDate } from '../grants/money';

// A person's same-person links (ids and pseudonyms only), each removable by a documenter or a
// lawyer: the link stays as inactive history and later jobs do not propose the pair again.
export function PersonLinks(props: { id: string; session: Session }) {
  const data = useAsync(async () => {
    const [person, links, cluster] = await Promise.all([api.persons.get(props.id), api.linkage.links(props.id), api.linkage.cluster(props.id)]);
    const others = [...new Set(links.items.flatMap((l) => l.person_ids).filter((x) => x !== props.id))];
    const found = await Promise.all(others.map((id) => api.persons.get(id).then((v) => v.record, () => null)));
    return { person: person.record, links: links.items, cluster, byId: new Map(found.filter((x): x is Person => !!x).map((x) => [x.id, x])) };
  }, [props.id]);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [removed, setRemoved] = useState<string[]>([]);
  const lang = currentLang();
  if (!data.data) return data.error ? <ErrorMessage error={data.error} /> : <p role="status">{t('common.loading')}</p>;
  const { person, links, cluster, byId } = data.data;
  const others = cluster.persons.filter((x) => x.id !== props.id);
  const live = links.filter((l: PersonLink) => l.active && !removed.includes(l.id));
  const unlink = async (linkId: string) => {
    setError(null);
    try { await api.linkage.unlink(props.id, linkId); setRemoved([...removed, linkId]); setConfirm(null); } catch (err) { setError(err); }
  };
  return (
    <section aria-labelledby="links-title">
      <p><Link href={`/persons/${encodeURIComponent(props.id)}`}>{t('linkage.back_person')}</Link></p>
      <h1 id="links-title">{t('linkage.links_of', { name: person.pseudonym })}</h1>
      <p class="hint">{t('linkage.links_hint')}</p>
      {removed.length ? <p class="notice success" role="status" id="unlinked">{t('linkage.unlinked')}</p> : null}
      <ErrorMessage error={error} />
      {live.length === 0 ? <p id="links-none">{t('linkage.no_links')}</p> : (
        <ul class="links card" id="link-list">
          {live.map((l) => {
            const other = l.person_ids.find((x) => x !== props.id) ?? '';
            return (
              <li data-link={l.id}>
                <Link href={`/persons/${encodeURIComponent(other)}`}><bdi>{byId.get(other)?.pseudonym ?? other}</bdi></Link>
                {' — '}{t('linkage.linked_on', { date: formatDate(l.created_at, lang) })}
                {can.linkage(props.session) ? (confirm === l.id ? (
                  <div role="group" aria-labelledby={`unlink-q-${l.id}`}>
                    <p id={`unlink-q-${l.id}`}>{t('linkage.unlink_confirm')}</p>
                    <div class="actions">
                      <button type="button" class="danger" id={`unlink-yes-${l.id}`} onClick={() => unlink(l.id)}>{t('linkage.unlink')}</button>
                      <button type="button" class="secondary" onClick={() => setConfirm(null)}>{t('common.cancel')}</button>
                    </div>
                  </div>
                ) : <> <button type="button" class="secondary" id={`unlink-${l.id}`} onClick={() => setConfirm(l.id)}>{t('linkage.unlink')}</button></>) : null}
              </li>
            );
          })}
        </ul>
      )}
      <section class="card" aria-labelledby="cluster-h" id="cluster">
        <h2 id="cluster-h">{t('cluster.title')}</h2>
        <p class="hint">{t('cluster.hint')}</p>
        {removed.length ? <p class="hint">{t('cluster.reload')}</p> : null}
        {others.length === 0 ? <p id="cluster-none">{t('cluster.none')}</p> : (
          <ul class="inline" id="cluster-list">{others.map((x) => (
            <li data-person={x.id}><Link href={`/persons/${encodeURIComponent(x.id)}`}><bdi class="pseudonym">{x.pseudonym}</bdi></Link>
              {links.some((l) => l.active && l.person_ids.includes(x.id)) ? null : <span class="hint"> ({t('cluster.through_others')})</span>}</li>
          ))}</ul>
        )}
        {cluster.truncated ? <p class="notice">{t('cluster.truncated')}</p> : null}
      </section>
    </section>
  );
}

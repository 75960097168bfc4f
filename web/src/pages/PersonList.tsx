import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Session } from '../api/types';
import { countryName, currentLang, t } from '../i18n';
import { describeEdtf } from '../edtf/edtf';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { useAsync } from '../components/useAsync';
import { can } from '../state/session';

export function PersonList(props: { session: Session }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1];
  const page = useAsync(() => api.persons.list({ limit: 25, cursor }), [cursor]);
  return (
    <section aria-labelledby="persons-title">
      <div class="page-head">
        <h1 id="persons-title">{t('persons.title')}</h1>
        {can.write(props.session, 'person') ? <Link href="/persons/new" class="button">{t('persons.new')}</Link> : null}
      </div>
      <p class="hint">{t('persons.pseudonym_note')}</p>
      <ErrorMessage error={page.error} />
      {page.data ? (
        <div class="table-wrap"><table class="list">
          <thead><tr><th scope="col">{t('person.pseudonym')}</th><th scope="col">{t('person.sex')}</th><th scope="col">{t('person.birth')}</th><th scope="col">{t('person.nationality')}</th></tr></thead>
          <tbody>{page.data.items.map((p) => (
            <tr>
              <td><Link href={`/persons/${encodeURIComponent(p.id)}`} class="pseudonym">{p.pseudonym}</Link></td>
              <td>{p.sex ? t(`person.sexes.${p.sex}`) : ''}</td>
              <td>{p.birth ? describeEdtf(p.birth, t, currentLang()) : ''}</td>
              <td>{countryName(p.nationality)}</td>
            </tr>
          ))}</tbody>
        </table></div>
      ) : <p role="status">{t('common.loading')}</p>}
      <nav class="pager" aria-label={t('common.pages')}>
        <button type="button" class="secondary" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>{t('common.previous')}</button>
        <span>{t('common.page_n', { n: cursors.length })}</span>
        <button type="button" class="secondary" disabled={!page.data?.next_cursor} onClick={() => page.data?.next_cursor && setCursors([...cursors, page.data.next_cursor])}>{t('common.next')}</button>
      </nav>
    </section>
  );
}

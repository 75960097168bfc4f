import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { CaseFile, CaseFileBundle, WithheldItem } from '../api/types';
import { t } from '../i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { PurposeGate } from '../components/PurposeGate';

// The case file for the case's mechanism. Building it is audited with the purpose given; the
// screen lists what the consent gate withheld and why, and offers the JSON for download.
export function CaseFileExport(props: { caseId: string; mechanism: string }) {
  const [file, setFile] = useState<CaseFile | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [url, setUrl] = useState('');
  const build = async (purpose: string) => {
    setError(null);
    try {
      const f = await api.cases.caseFile(props.caseId, purpose);
      setFile(f);
      if (url) URL.revokeObjectURL(url);
      setUrl(URL.createObjectURL(new Blob([JSON.stringify(f, null, 2)], { type: 'application/json' })));
    } catch (e) { setError(e); }
  };
  const withheld: WithheldItem[] = file?.withheld ?? [];
  const shared = file?.items ?? [];
  return (
    <section class="card" aria-labelledby="case-file-h">
      <h2 id="case-file-h">{t('case_file.title')}</h2>
      <p class="hint">{t('case_file.hint', { mechanism: props.mechanism })}</p>
      <PurposeGate id="case-file" buttonLabel={t('case_file.build')} onConfirm={build} />
      <ErrorMessage error={error} id="case-file-error" />
      {file ? (
        <div id="case-file-result">
          <p id="case-file-counts">{t('case_file.counts', { shared: shared.length, withheld: withheld.length })}</p>
          <h3 id="withheld-h">{t('case_file.withheld')}</h3>
          {withheld.length ? (
            <div class="table-wrap"><table class="list" id="withheld-table">
              <thead><tr><th scope="col">{t('case_file.item')}</th><th scope="col">{t('case_file.kind')}</th><th scope="col">{t('case_file.reason')}</th></tr></thead>
              <tbody>{withheld.map((w) => (
                <tr><td><code class="item-id">{w.item_id}</code></td><td>{w.item_kind ? t(`matrix.kinds.${w.item_kind}`, { defaultValue: w.item_kind }) : ''}</td><td><span lang="en" dir="auto">{w.reason ?? ''}</span></td></tr>
              ))}</tbody>
            </table></div>
          ) : <p id="withheld-none">{t('case_file.none_withheld')}</p>}
          <p><a class="button secondary-link" href={url} download={`case-file-${props.caseId}.json`} id="case-file-download">{t('case_file.download')}</a></p>
        </div>
      ) : null}
      <BundleDownload caseId={props.caseId} />
    </section>
  );
}

// The exported case file as a verifiable bundle (tar: manifest, the file as JSON and HTML, the
// evidence files with their proofs). Exporting is audited with its purpose and recorded as
// "exported" in each evidence item's custody, so it asks for a purpose like the other reads.
function BundleDownload(props: { caseId: string }) {
  const [bundle, setBundle] = useState<CaseFileBundle | null>(null);
  const [url, setUrl] = useState('');
  const [error, setError] = useState<unknown>(null);
  const build = async (purpose: string) => {
    setError(null);
    try {
      const b = await api.cases.caseFileBundle(props.caseId, purpose);
      if (url) URL.revokeObjectURL(url);
      setUrl(URL.createObjectURL(b.blob));
      setBundle(b);
    } catch (e) { setError(e); }
  };
  return (
    <div class="bundle" aria-labelledby="case-bundle-h">
      <h3 id="case-bundle-h">{t('case_bundle.title')}</h3>
      <p class="hint">{t('case_bundle.hint')}</p>
      <PurposeGate id="case-bundle" buttonLabel={t('case_bundle.build')} onConfirm={build} />
      <ErrorMessage error={error} id="case-bundle-error" />
      {bundle ? (
        <div id="case-bundle-result" role="status">
          <p id="case-bundle-counts">{t('case_bundle.counts', { exported: bundle.exported, withheld: bundle.withheld })}</p>
          <p><a class="button" href={url} download={bundle.fileName} id="case-bundle-download">{t('case_bundle.download', { name: bundle.fileName })}</a></p>
        </div>
      ) : null}
    </div>
  );
}

// The case-building screens, as one lazily loaded chunk (see App.tsx).
import '../i18n/later';
export { CaseList } from './CaseList';
export { CasePage } from './CasePage';
export { ChargePage } from './ChargePage';

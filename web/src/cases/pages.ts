// The case-building screens, as one lazily loaded chunk (see App.tsx).
export { CaseList } from './CaseList';
export { CasePage } from './CasePage';
export { ChargePage } from './ChargePage';

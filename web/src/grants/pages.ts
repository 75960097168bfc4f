// The sub-granting screens, as one lazily loaded chunk (see App.tsx).
import '../i18n/later';
export { GrantsHome } from './GrantsHome';
export { CallPage } from './CallPage';
export { ApplicationForm } from './ApplicationForm';
export { ApplicationPage } from './ApplicationPage';
export { AssignmentPage, ReviewList } from './Reviews';
export { AgreementPage } from './AgreementPage';

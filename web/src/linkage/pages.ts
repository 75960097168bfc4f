// The linkage screens, as one lazily loaded chunk (see App.tsx).
import '../i18n/later';
export { LinkagePage } from './LinkagePage';
export { PersonLinks } from './PersonLinks';
export { InterviewCheck } from './InterviewCheck';

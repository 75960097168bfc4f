// The sharing screens, as one lazily loaded chunk (see App.tsx).
import '../i18n/later';
export { SharesHome } from './SharesHome';
export { ShareForm } from './ShareForm';
export { SharePage } from './SharePage';
export { AgreementsRegister } from './AgreementsRegister';

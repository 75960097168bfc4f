// The estimates screen, as one lazily loaded chunk (see App.tsx).
import '../i18n/later';
export { EstimatesPage } from './EstimatesPage';
